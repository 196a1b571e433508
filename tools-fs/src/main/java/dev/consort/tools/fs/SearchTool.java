package dev.consort.tools.fs;

import dev.consort.spi.tool.Tool;
import dev.consort.spi.tool.ToolContext;
import dev.consort.spi.tool.ToolEffect;
import dev.consort.spi.tool.ToolException;
import dev.consort.spi.tool.ToolResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.InputStreamReader;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** search: lines matching a literal string or Java regex, as {@code path:line:text}, respecting .gitignore. */
final class SearchTool implements Tool {

    static final int MAX_HITS = 200;
    private static final int MAX_LINE_CHARS = 500;
    private static final long MAX_FILE_BYTES = 8L * 1024 * 1024;

    @Override
    public String name() {
        return "search";
    }

    @Override
    public String description() {
        return "Searches workspace text files for a literal string (or a Java regex when regex is true);"
            + " returns path:line:text lines, at most " + MAX_HITS + ". Skips binary, .gitignore'd and over-8-MiB files.";
    }

    @Override
    public String parametersSchema() {
        return """
            {"type":"object","properties":{
              "pattern":{"type":"string","minLength":1},
              "path":{"type":"string","description":"file or folder to search, default '.'"},
              "regex":{"type":"boolean"}},
             "required":["pattern"],"additionalProperties":false}""";
    }

    @Override
    public ToolEffect effect() {
        return ToolEffect.READ;
    }

    @Override
    public ToolResult invoke(String argumentsJson, ToolContext context) {
        Arguments args = Arguments.parse(argumentsJson);
        String text = args.requireString("pattern");
        String given = args.string("path", ".");
        Pattern pattern;
        try {
            pattern = args.bool("regex", false) ? Pattern.compile(text) : Pattern.compile(Pattern.quote(text));
        } catch (PatternSyntaxException e) {
            throw new ToolException("invalid regex: " + e.getDescription() + " near index " + e.getIndex(), e);
        }
        Path start = context.resolve(given);
        Path root = context.sandboxRoot();
        int cap = context.maxOutputBytes();
        Hits hits = new Hits(cap);
        // Leave the runner a margin: a search that runs out of time returns what it found so far.
        long deadline = System.nanoTime() + context.timeout().toNanos() / 2;
        try {
            if (Files.isRegularFile(start)) {
                searchFile(start, FileChecks.relative(root, start), pattern, hits);
            } else if (Files.isDirectory(start)) {
                new WorkspaceWalker(root).walk(start, Integer.MAX_VALUE, entry -> {
                    if (System.nanoTime() > deadline) {
                        hits.timedOut = true;
                        return false;
                    }
                    Path file = readable(entry, context);
                    if (file != null && Files.size(file) <= MAX_FILE_BYTES) {
                        searchFile(file, entry.relative(), pattern, hits);
                    }
                    return !hits.full();
                });
            } else {
                return ToolResult.failure("no such file or folder: " + given);
            }
        } catch (IOException | UncheckedIOException e) {
            return ToolResult.failure("cannot search " + given + ": " + e.getMessage());
        }
        StringBuilder out = new StringBuilder(hits.text);
        if (hits.count == 0) {
            out.append("no matches\n");
        }
        if (hits.full()) {
            out.append(hits.byBytes
                ? "[... output truncated at " + cap + " bytes ...]\n"
                : "[... stopped at " + MAX_HITS + " matches ...]\n");
        } else if (hits.timedOut) {
            out.append("[... search stopped after ").append(context.timeout().toMillis() / 2).append(" ms ...]\n");
        }
        boolean cut = hits.full() || hits.timedOut;
        return new ToolResult(false, out.toString(), -1, cut, Map.of("matches", hits.count));
    }

    /** The file to read for an entry, or null: folders, and links that leave the sandbox or lead to no file, are skipped. */
    private static Path readable(WorkspaceWalker.Entry entry, ToolContext context) {
        if (entry.folder()) {
            return null;
        }
        Path file = entry.path();
        if (entry.link()) {
            try {
                file = context.resolve(entry.relative());
            } catch (ToolException e) {
                return null;
            }
        }
        return Files.isRegularFile(file) ? file : null;
    }

    private static void searchFile(Path file, String relative, Pattern pattern, Hits hits) throws IOException {
        if (FileChecks.isBinary(file)) {
            return;
        }
        var decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null && !hits.full()) {
                number++;
                if (pattern.matcher(line).find()) {
                    String shown = line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) + "..." : line;
                    hits.add(relative + ":" + number + ":" + shown);
                }
            }
        } catch (CharacterCodingException e) {
            // REPLACE makes this unreachable; kept so a decoder change cannot abort the whole search.
        }
    }

    private static final class Hits {
        private final int cap;
        private final StringBuilder text = new StringBuilder();
        private int bytes;
        private int count;
        private boolean byBytes;
        private boolean timedOut;

        Hits(int cap) {
            this.cap = cap;
        }

        void add(String line) {
            int size = line.getBytes(StandardCharsets.UTF_8).length + 1;
            if (bytes + size > cap) {
                byBytes = true;
                return;
            }
            text.append(line).append('\n');
            bytes += size;
            count++;
        }

        boolean full() {
            return byBytes || count >= MAX_HITS;
        }
    }
}
