package dev.consort.backend.local.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import dev.consort.spi.backend.MalformedOutputException;
import dev.consort.spi.chat.ChatChunk;
import dev.consort.spi.chat.FinishReason;
import dev.consort.spi.chat.ToolCall;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * Assembles one answer from Ollama {@code /api/chat} objects: the single one of a non-streamed call or
 * each line of a stream. {@code message.content} becomes {@link ChatChunk.Text},
 * {@code message.thinking} {@link ChatChunk.Reasoning}, each of {@code message.tool_calls} (sent whole)
 * one {@link ChatChunk.ToolCallReady} with its argument object as compact JSON text. Not thread-safe
 * except the figures a cancelling thread reads.
 */
final class OllamaAnswer {

    private final String backend;
    private boolean done;
    private String doneReason;
    private String model = "";
    private String firstStamp = "";
    private int calls;
    private volatile long generatedChars;
    private volatile Integer promptTokens;
    private volatile Integer completionTokens;

    OllamaAnswer(String backend) {
        this.backend = backend;
    }

    /**
     * Takes one object and hands its chunks to a sink.
     *
     * @param line a {@code /api/chat} response object
     * @param sink receives the chunks, in order
     */
    void accept(JsonNode line, Consumer<ChatChunk> sink) {
        if (line.hasNonNull("model")) {
            model = line.get("model").asText();
        }
        if (firstStamp.isEmpty()) {
            firstStamp = line.path("created_at").asText("");
        }
        JsonNode message = line.path("message");
        String thinking = message.path("thinking").asText("");
        if (!thinking.isEmpty()) {
            generatedChars += thinking.length();
            sink.accept(new ChatChunk.Reasoning(thinking));
        }
        String content = message.path("content").asText("");
        if (!content.isEmpty()) {
            generatedChars += content.length();
            sink.accept(new ChatChunk.Text(content));
        }
        for (JsonNode call : message.path("tool_calls")) {
            sink.accept(new ChatChunk.ToolCallReady(toolCall(call)));
        }
        if (line.path("done").asBoolean(false)) {
            done = true;
            doneReason = line.path("done_reason").asText("");
            if (line.path("prompt_eval_count").canConvertToInt()) {
                promptTokens = line.get("prompt_eval_count").asInt();
            }
            if (line.path("eval_count").canConvertToInt()) {
                completionTokens = line.get("eval_count").asInt();
            }
        }
    }

    private ToolCall toolCall(JsonNode call) {
        JsonNode f = call.path("function");
        String name = f.path("name").asText("");
        JsonNode args = f.path("arguments");
        String arguments = args.isObject() ? OllamaRequestWriter.compact(args)
                : args.isTextual() ? args.asText() : "{}";
        String given = call.path("id").asText("");
        String id = given.isBlank() ? generatedId(name, arguments) : given;
        calls++;
        generatedChars += name.length() + arguments.length();
        if (name.isBlank()) {
            throw new MalformedOutputException(backend, "backend '" + backend
                    + "': Ollama sent a tool call without a name", 0, null);
        }
        return new ToolCall(id, name, arguments);
    }

    /** An id for a call Ollama gave none: the same answer always gets the same ids. */
    private String generatedId(String name, String arguments) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((model + "\n" + firstStamp + "\n" + calls + "\n" + name + "\n" + arguments)
                    .getBytes(StandardCharsets.UTF_8));
            return "call_" + HexFormat.of().formatHex(sha.digest(), 0, 6) + "_" + calls;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Tells whether the {@code done: true} object arrived. */
    boolean done() {
        return done;
    }

    FinishReason finishReason() {
        if (calls > 0) {
            return FinishReason.TOOL_CALLS;
        }
        return switch (doneReason == null ? "" : doneReason) {
            case "stop", "" -> FinishReason.STOP;
            case "length" -> FinishReason.LENGTH;
            default -> FinishReason.OTHER;
        };
    }

    /** Ollama's {@code prompt_eval_count}, absent when the whole prompt came from its cache. */
    Integer promptTokens() {
        return promptTokens;
    }

    /** Ollama's {@code eval_count}. */
    Integer completionTokens() {
        return completionTokens;
    }

    long generatedChars() {
        return generatedChars;
    }

    String model() {
        return model;
    }
}
