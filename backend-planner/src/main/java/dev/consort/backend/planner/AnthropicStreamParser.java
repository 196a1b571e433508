package dev.consort.backend.planner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consort.spi.backend.SettledStream;
import dev.consort.spi.backend.BackendException;
import dev.consort.spi.backend.SseEvent;
import dev.consort.spi.backend.SseEventReader;
import dev.consort.spi.chat.ChatChunk;
import dev.consort.spi.chat.Usage;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * Reads a Messages API event stream incrementally and turns it into {@link ChatChunk}s: text and
 * thinking deltas as they come, each tool call once its {@code input_json_delta} pieces are complete,
 * usage as {@code message_start} and {@code message_delta} report it, and a {@link ChatChunk.Done} at
 * {@code message_stop}. {@code ping}, unknown events and unknown block types are skipped; an
 * {@code error} event becomes its typed failure. Not thread-safe.
 */
final class AnthropicStreamParser implements SettledStream.Source {

    /** The most one block's accumulated input (tool arguments, thinking) may weigh. */
    static final int MAX_BLOCK_CHARS = 8 * 1024 * 1024;

    private final SseEventReader events;
    private final ObjectMapper json;
    private final AnthropicErrors errors;
    private final ThinkingMemory memory;
    private final IntSupplier promptEstimate;
    private final AnswerBlocks answer;
    private final UsageFigures figures = new UsageFigures();
    private final Map<Integer, Block> blocks = new HashMap<>();
    private final ArrayDeque<ChatChunk> pending = new ArrayDeque<>();
    private String model;
    private String stopReason;
    private boolean sawMessageDelta;
    private boolean done;

    /**
     * @param jsonAnswer     the request's JSON-answer tool, or null
     * @param promptEstimate the prompt's estimated tokens, for a stream cut before {@code message_start}
     */
    AnthropicStreamParser(SseEventReader events, ObjectMapper json, AnthropicErrors errors, ThinkingMemory memory,
                          JsonAnswerTool jsonAnswer, String model, IntSupplier promptEstimate) {
        this.events = events;
        this.json = json;
        this.errors = errors;
        this.memory = memory;
        this.model = model;
        this.promptEstimate = promptEstimate;
        this.answer = new AnswerBlocks(json, jsonAnswer);
    }

    /**
     * The next chunk.
     *
     * @return the chunk, or null after the {@link ChatChunk.Done}
     * @throws BackendException for an error event, a malformed event, a failed read or a cut stream
     */
    @Override
    public ChatChunk next() {
        while (pending.isEmpty()) {
            if (done) {
                return null;
            }
            SseEvent event;
            try {
                event = events.next();
            } catch (IOException e) {
                throw errors.transport(e);
            }
            if (event == null) {
                throw errors.cut("the stream ended before message_stop");
            }
            handle(event);
        }
        return pending.poll();
    }

    /**
     * What the answer has cost so far: the reported figures once complete; else the prompt as reported
     * (or estimated) and the output estimated from what arrived.
     */
    @Override
    public Usage usageSoFar() {
        if (figures.seen() && sawMessageDelta) {
            return figures.usage();
        }
        if (figures.seen()) {
            return figures.withEstimatedOutput(answer.estimatedOutputTokens());
        }
        return Usage.estimated(promptEstimate.getAsInt(), answer.estimatedOutputTokens());
    }

    private void handle(SseEvent event) {
        if (event.data().isBlank()) {
            return;
        }
        JsonNode data;
        try {
            data = json.readTree(event.data());
        } catch (JsonProcessingException e) {
            throw errors.malformed("event '" + event.event() + "' is not JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (data == null || !data.isObject()) {
            throw errors.malformed("event '" + event.event() + "' is not a JSON object", null);
        }
        String type = "message".equals(event.event()) ? data.path("type").asText("") : event.event();
        switch (type) {
            case "message_start" -> messageStart(data.path("message"));
            case "content_block_start" -> blockStart(data);
            case "content_block_delta" -> blockDelta(data);
            case "content_block_stop" -> blockStop(data);
            case "message_delta" -> messageDelta(data);
            case "message_stop" -> messageStop();
            case "error" -> throw errors.forEvent(data);
            default -> {
                // ping, and events newer than this adapter
            }
        }
    }

    private void messageStart(JsonNode message) {
        if (message.hasNonNull("model")) {
            model = message.get("model").asText();
        }
        if (message.has("usage")) {
            figures.merge(message.get("usage"));
            pending.add(new ChatChunk.UsageUpdate(usageSoFar()));
        }
    }

    private void blockStart(JsonNode data) {
        int index = index(data);
        JsonNode block = data.path("content_block");
        switch (block.path("type").asText("")) {
            case "text" -> {
                blocks.put(index, new Block(Kind.TEXT));
                text(block.path("text").asText(""));
            }
            case "thinking" -> {
                Block b = new Block(Kind.THINKING);
                blocks.put(index, b);
                b.append(block.path("thinking").asText(""), this);
                b.signature.append(block.path("signature").asText(""));
                reasoning(block.path("thinking").asText(""));
            }
            case "redacted_thinking" -> answer.thinkingBlock(((ObjectNode) block).deepCopy());
            case "tool_use" -> {
                Block b = new Block(answer.isJsonAnswer(block.path("name").asText()) ? Kind.JSON_ANSWER : Kind.TOOL_USE);
                b.id = block.path("id").asText("");
                b.name = block.path("name").asText("");
                JsonNode input = block.get("input");
                b.initialInput = input != null && input.isObject() && !input.isEmpty() ? input.toString() : "";
                blocks.put(index, b);
            }
            default -> {
                // server_tool_use, its results, and block types newer than this adapter
            }
        }
    }

    private void blockDelta(JsonNode data) {
        Block b = blocks.get(index(data));
        if (b == null) {
            return;
        }
        JsonNode delta = data.path("delta");
        switch (delta.path("type").asText("")) {
            case "text_delta" -> {
                if (b.kind == Kind.TEXT) {
                    text(delta.path("text").asText(""));
                }
            }
            case "thinking_delta" -> {
                if (b.kind == Kind.THINKING) {
                    String t = delta.path("thinking").asText("");
                    b.append(t, this);
                    reasoning(t);
                }
            }
            case "signature_delta" -> {
                if (b.kind == Kind.THINKING) {
                    b.signature.append(delta.path("signature").asText(""));
                }
            }
            case "input_json_delta" -> {
                if (b.kind == Kind.TOOL_USE || b.kind == Kind.JSON_ANSWER) {
                    String piece = delta.path("partial_json").asText("");
                    b.append(piece, this);
                    answer.generated(piece);
                }
            }
            default -> {
                // citations and deltas newer than this adapter
            }
        }
    }

    private void blockStop(JsonNode data) {
        Block b = blocks.remove(index(data));
        if (b == null) {
            return;
        }
        switch (b.kind) {
            case TOOL_USE -> {
                if (b.id.isBlank() || b.name.isBlank()) {
                    throw errors.malformed("a tool_use block has no id or name", null);
                }
                pending.add(new ChatChunk.ToolCallReady(answer.toolCall(b.id, b.name, b.input())));
            }
            case JSON_ANSWER -> {
                String content = answer.jsonAnswerContent(b.input());
                if (!content.isEmpty()) {
                    pending.add(new ChatChunk.Text(content));
                }
            }
            case THINKING -> answer.thinkingBlock(json.createObjectNode().put("type", "thinking")
                    .put("thinking", b.content.toString()).put("signature", b.signature.toString()));
            default -> {
                // text was streamed as it came
            }
        }
    }

    private void messageDelta(JsonNode data) {
        JsonNode reason = data.path("delta").get("stop_reason");
        if (reason != null && reason.isTextual()) {
            stopReason = reason.asText();
        }
        if (data.has("usage")) {
            figures.merge(data.get("usage"));
            sawMessageDelta = true;
            pending.add(new ChatChunk.UsageUpdate(usageSoFar()));
        }
    }

    private void messageStop() {
        done = true;
        answer.rememberIn(memory);
        Usage usage = figures.seen() && sawMessageDelta ? figures.usage() : usageSoFar();
        pending.add(new ChatChunk.Done(answer.finishReason(stopReason), usage, model));
    }

    private void text(String t) {
        if (!t.isEmpty()) {
            answer.generated(t);
            pending.add(new ChatChunk.Text(t));
        }
    }

    private void reasoning(String t) {
        if (!t.isEmpty()) {
            answer.generated(t);
            pending.add(new ChatChunk.Reasoning(t));
        }
    }

    private int index(JsonNode data) {
        JsonNode index = data.get("index");
        if (index == null || !index.canConvertToInt()) {
            throw errors.malformed("a content block event has no index", null);
        }
        return index.intValue();
    }

    private enum Kind { TEXT, THINKING, TOOL_USE, JSON_ANSWER }

    /** One open content block and what it has accumulated. */
    private static final class Block {
        final Kind kind;
        final StringBuilder content = new StringBuilder();
        final StringBuilder signature = new StringBuilder();
        String id = "";
        String name = "";
        String initialInput = "";

        Block(Kind kind) {
            this.kind = kind;
        }

        void append(String piece, AnthropicStreamParser parser) {
            if (content.length() + piece.length() > MAX_BLOCK_CHARS) {
                throw parser.errors.malformed("a content block is larger than " + (MAX_BLOCK_CHARS >> 20)
                        + " MiB", null);
            }
            content.append(piece);
        }

        String input() {
            return content.isEmpty() ? initialInput : content.toString();
        }
    }
}
