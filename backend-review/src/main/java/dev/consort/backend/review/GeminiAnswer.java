package dev.consort.backend.review;

import com.fasterxml.jackson.databind.JsonNode;
import dev.consort.spi.backend.MalformedOutputException;
import dev.consort.spi.chat.ChatChunk;
import dev.consort.spi.chat.FinishReason;
import dev.consort.spi.chat.ToolCall;
import dev.consort.spi.chat.Usage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * Assembles one answer from Gemini {@code GenerateContentResponse} objects: the single one of
 * {@code generateContent} or each chunk of a stream. Text parts become {@link ChatChunk.Text}, thought
 * parts ({@code thought: true}) {@link ChatChunk.Reasoning}, each {@code functionCall} part (Gemini
 * sends them whole) one {@link ChatChunk.ToolCallReady}; {@code usageMetadata} figures, cumulative,
 * become {@link ChatChunk.UsageUpdate}s when they change. Not thread-safe: one per answer.
 */
final class GeminiAnswer {

    private final String backend;
    private final GeminiCallMemory memory;
    private String finishReason;
    private String finishMessage = "";
    private String blockReason;
    private volatile Usage usage;
    private String model = "";
    private String responseId = "";
    private int calls;
    private volatile long generatedChars;

    GeminiAnswer(String backend, GeminiCallMemory memory) {
        this.backend = backend;
        this.memory = memory;
    }

    /**
     * Takes one response object and hands its chunks to a sink.
     *
     * @param response a {@code GenerateContentResponse}
     * @param sink     receives the chunks, in order
     */
    void accept(JsonNode response, Consumer<ChatChunk> sink) {
        if (response.hasNonNull("modelVersion")) {
            model = response.get("modelVersion").asText();
        }
        if (response.hasNonNull("responseId")) {
            responseId = response.get("responseId").asText();
        }
        JsonNode feedback = response.path("promptFeedback");
        if (feedback.hasNonNull("blockReason")) {
            blockReason = feedback.get("blockReason").asText();
        }
        JsonNode candidate = response.path("candidates").path(0);
        for (JsonNode part : candidate.path("content").path("parts")) {
            JsonNode call = part.get("functionCall");
            if (call != null && call.isObject()) {
                sink.accept(new ChatChunk.ToolCallReady(toolCall(call, part.path("thoughtSignature").asText(null))));
            } else if (part.hasNonNull("text")) {
                String text = part.get("text").asText();
                if (!text.isEmpty()) {
                    generatedChars += text.length();
                    sink.accept(part.path("thought").asBoolean(false) ? new ChatChunk.Reasoning(text)
                            : new ChatChunk.Text(text));
                }
            }
        }
        if (candidate.hasNonNull("finishReason")) {
            finishReason = candidate.get("finishReason").asText();
            finishMessage = candidate.path("finishMessage").asText("");
        }
        JsonNode meta = response.get("usageMetadata");
        if (meta != null && meta.isObject()) {
            Usage u = usage(meta);
            if (!u.equals(usage)) {
                usage = u;
                sink.accept(new ChatChunk.UsageUpdate(u));
            }
        }
    }

    private ToolCall toolCall(JsonNode call, String signature) {
        String name = call.path("name").asText("");
        JsonNode args = call.path("args");
        String arguments = args.isObject() ? GeminiRequestWriter.compact(args) : "{}";
        String given = call.path("id").asText("");
        String id = given.isBlank() ? generatedId(name, arguments) : given;
        calls++;
        generatedChars += name.length() + arguments.length();
        memory.remember(id, signature, !given.isBlank());
        if (name.isBlank()) {
            throw new MalformedOutputException(backend, "backend '" + backend
                    + "': Gemini sent a function call without a name", 0, null);
        }
        return new ToolCall(id, name, arguments);
    }

    /**
     * An id for a call Gemini gave none: the same answer always gets the same ids, two answers of one
     * conversation different ones.
     */
    private String generatedId(String name, String arguments) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((responseId + "\n" + calls + "\n" + name + "\n" + arguments).getBytes(StandardCharsets.UTF_8));
            return "call_" + HexFormat.of().formatHex(sha.digest(), 0, 6) + "_" + calls;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Usage usage(JsonNode meta) {
        int prompt = meta.path("promptTokenCount").asInt(0) + meta.path("toolUsePromptTokenCount").asInt(0);
        int candidates = meta.path("candidatesTokenCount").asInt(0);
        int thoughts = meta.path("thoughtsTokenCount").asInt(0);
        int cached = meta.path("cachedContentTokenCount").asInt(0);
        return new Usage(prompt, candidates + thoughts, cached, 0, thoughts, true);
    }

    /** Tells whether a response said why the answer ended (the end of a complete stream). */
    boolean finished() {
        return finishReason != null || blockReason != null;
    }

    /**
     * Why the answer ended.
     *
     * @throws MalformedOutputException for {@code MALFORMED_FUNCTION_CALL}: the model tried to call a
     *                                  tool and produced no usable call, which regenerating may fix
     */
    FinishReason finishReason() {
        if (finishReason == null) {
            return blockReason != null ? FinishReason.CONTENT_FILTER : FinishReason.OTHER;
        }
        return switch (finishReason) {
            case "STOP" -> calls > 0 ? FinishReason.TOOL_CALLS : FinishReason.STOP;
            case "MAX_TOKENS" -> FinishReason.LENGTH;
            case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY",
                 "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION" -> FinishReason.CONTENT_FILTER;
            case "MALFORMED_FUNCTION_CALL" -> throw new MalformedOutputException(backend, "backend '" + backend
                    + "': Gemini produced a malformed function call"
                    + (finishMessage.isBlank() ? "" : ": " + dev.consort.spi.backend.HttpFailures.oneLine(finishMessage)),
                    0, null);
            default -> calls > 0 ? FinishReason.TOOL_CALLS : FinishReason.OTHER;
        };
    }

    /** The provider's figures, or null when no response carried any. */
    Usage usage() {
        return usage;
    }

    /** Characters of text, thought and call arguments received so far, for estimating when cut short. */
    long generatedChars() {
        return generatedChars;
    }

    String model() {
        return model;
    }
}
