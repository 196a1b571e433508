package org.example.wordcount;

import dev.consort.spi.tool.Tool;
import dev.consort.spi.tool.ToolContext;
import dev.consort.spi.tool.ToolEffect;
import dev.consort.spi.tool.ToolException;
import dev.consort.spi.tool.ToolResult;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code word_count}: the lines, words and characters of a UTF-8 text file inside the sandbox.
 *
 * <p>It is {@link ToolEffect#READ}, so it never asks for permission; it still goes through
 * {@link ToolContext#resolve}, which refuses paths that leave the sandbox (dot-dot, absolute, links).
 * Thread-safe: it keeps no state between calls.
 */
final class WordCountTool implements Tool {

    static final String NAME = "word_count";

    /**
     * The one argument, read without a JSON library: a plugin that needs only the SPI has none. A real
     * plugin with richer arguments would bundle one (each plugin folder gets its own module layer).
     */
    private static final Pattern PATH = Pattern.compile("\"path\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final long maxFileBytes;

    WordCountTool(long maxFileBytes) {
        this.maxFileBytes = maxFileBytes;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Counts the lines, words and characters of a UTF-8 text file in the project.";
    }

    @Override
    public String parametersSchema() {
        return """
                {"type": "object",
                 "properties": {"path": {"type": "string", "description": "the file, relative to the project"}},
                 "required": ["path"], "additionalProperties": false}""";
    }

    @Override
    public ToolEffect effect() {
        return ToolEffect.READ;
    }

    @Override
    public ToolResult invoke(String argumentsJson, ToolContext context) {
        Matcher m = PATH.matcher(argumentsJson);
        if (!m.find()) {
            return ToolResult.failure("word_count needs {\"path\": \"FILE\"}");
        }
        String given = m.group(1).replace("\\\"", "\"").replace("\\\\", "\\");
        Path file = context.resolve(given);
        if (!Files.isRegularFile(file)) {
            return ToolResult.failure("word_count: " + given + " is not a file");
        }
        String text;
        try {
            if (Files.size(file) > maxFileBytes) {
                return ToolResult.failure("word_count: " + given + " is larger than " + maxFileBytes + " bytes");
            }
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            return ToolResult.failure("word_count: " + given + " is not UTF-8 text");
        } catch (IOException e) {
            throw new ToolException("word_count: cannot read " + given + ": " + e.getMessage(), e);
        }
        long lines = text.isEmpty() ? 0 : text.lines().count();
        String trimmed = text.strip();
        long words = trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
        long characters = text.codePointCount(0, text.length());
        return new ToolResult(false, lines + " lines, " + words + " words, " + characters + " characters in " + given,
                -1, false, Map.of("lines", lines, "words", words, "characters", characters));
    }
}
