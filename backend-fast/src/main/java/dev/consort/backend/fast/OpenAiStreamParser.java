package dev.consort.backend.fast;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consort.spi.backend.SettledStream;
import dev.consort.spi.backend.BackendException;
import dev.consort.spi.backend.SseEvent;
import dev.consort.spi.backend.SseEventReader;
import dev.consort.spi.chat.ChatChunk;
import dev.consort.spi.chat.FinishReason;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.ToolCall;
import dev.consort.spi.chat.Usage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.TreeMap;

/**
 * Reads a streamed Chat Completions body event by event, as it arrives, and turns it into normalized
 * chunks: text and reasoning deltas, tool calls assembled by their {@code index} and yielded whole when
 * the choice finishes, usage when the server reports it ({@code stream_options.include_usage}), and one
 * {@link ChatChunk.Done} at {@code data: [DONE]}. SSE comments (OpenRouter's keep-alives) are skipped. A
 * body that ends before {@code [DONE]}, or a chunk that is not JSON, is a transport failure; an
 * {@code error} object in a chunk is the failure it describes.
 *
 * <p>One reading thread; {@link #usageSoFar()} may be called from another.
 */
final class OpenAiStreamParser implements SettledStream.Source {

    private static final String DONE = "[DONE]";

    private final SseEventReader events;
    private final ObjectMapper json;
    private final OpenAiErrors errors;
    private final OpenAiTokenCounter tokens;
    private final List<Message> prompt;
    private final Deque<ChatChunk> pending = new ArrayDeque<>();
    private final TreeMap<Integer, ToolCallAssembler> calls = new TreeMap<>();
    private String model;
    private String finishReason;
    private boolean calledTools;
    private boolean refused;
    private boolean finished;
    private volatile Usage reported;
    private final StreamedText text = new StreamedText();
    private final StreamedText reasoningText = new StreamedText();
    private final StreamedText toolCallText = new StreamedText();
    private BackendException deferred;

    /**
     * @param body           the response body; read here, closed by the caller
     * @param defaultModel   the model named in the request, until the server names one
     * @param prompt         the messages sent, counted when the server reports no usage
     */
    OpenAiStreamParser(InputStream body, ObjectMapper json, OpenAiErrors errors, OpenAiTokenCounter tokens,
                       String defaultModel, List<Message> prompt) {
        this.events = new SseEventReader(body);
        this.json = json;
        this.errors = errors;
        this.tokens = tokens;
        this.model = defaultModel;
        this.prompt = prompt;
    }

    /**
     * The next chunk.
     *
     * @return the chunk, or null once the {@link ChatChunk.Done} was returned
     * @throws BackendException when the stream fails
     */
    @Override
    public ChatChunk next() {
        if (deferred != null) {
            BackendException e = deferred;
            deferred = null;
            throw e;
        }
        while (pending.isEmpty()) {
            if (finished) {
                return null;
            }
            SseEvent event;
            try {
                event = events.next();
            } catch (IOException e) {
                throw errors.transport(e);
            }
            if (event == null) {
                throw errors.malformed("the stream ended before its final 'data: [DONE]' (connection cut?)", null);
            }
            accept(event);
        }
        return pending.poll();
    }

    /**
     * Whether {@link #next()} would return without reading more of the body: parses the events that are
     * already buffered until one yields a chunk. A failure found so is thrown by the next {@code next()}.
     */
    @Override
    public boolean ready() {
        if (deferred != null) {
            return true;
        }
        try {
            while (pending.isEmpty() && !finished) {
                SseEvent event = events.poll();
                if (event == null) {
                    return false;
                }
                accept(event);
            }
        } catch (IOException e) {
            deferred = errors.transport(e);
        } catch (BackendException e) {
            deferred = e;
        }
        return true;
    }

    /**
     * What the call has spent so far, when it failed or was closed early: the server's figures once
     * reported, else a cheap estimate of the prompt and the output received (see
     * {@link OpenAiTokenCounter#estimate}). No decision waits on it, and a gateway whose clients hang
     * up must not load a tokenizer's vocabulary to say what they cost.
     */
    @Override
    public Usage usageSoFar() {
        Usage u = reported;
        return u != null ? u : Usage.estimated(tokens.estimate(prompt),
                text.estimate(tokens) + reasoningText.estimate(tokens) + toolCallText.estimate(tokens));
    }

    /**
     * What the whole call spent, at its end: the server's figures, else the prompt and the output
     * counted. The output is counted here, once, not delta by delta: servers send about a token a
     * chunk, and most report the usage, which makes the count needless.
     */
    private Usage finalUsage() {
        Usage u = reported;
        return u != null ? u : Usage.estimated(tokens.count(prompt),
                text.tokens(tokens) + reasoningText.tokens(tokens) + toolCallText.tokens(tokens));
    }

    private void accept(SseEvent event) {
        String data = event.data().strip();
        if (data.equals(DONE)) {
            finishToolCalls();
            FinishReason reason = OpenAiFinishReason.of(finishReason, calledTools);
            if (refused && reason == FinishReason.STOP) {
                reason = FinishReason.CONTENT_FILTER;
            }
            pending.add(new ChatChunk.Done(reason, finalUsage(), model));
            finished = true;
            return;
        }
        if (data.isEmpty()) {
            return;
        }
        JsonNode chunk;
        try {
            chunk = json.readTree(data);
        } catch (JsonProcessingException e) {
            throw errors.malformed("malformed chunk in the stream: " + e.getOriginalMessage(), e);
        }
        if (chunk == null || !chunk.isObject()) {
            throw errors.malformed("malformed chunk in the stream: not a JSON object", null);
        }
        JsonNode error = chunk.path("error");
        if (error.isObject() || error.isTextual()) {
            throw errors.inBody(error.isObject() ? error : json.createObjectNode().put("message", error.asText()));
        }
        if (chunk.path("model").isTextual() && !chunk.path("model").asText().isEmpty()) {
            model = chunk.path("model").asText();
        }
        for (JsonNode choice : chunk.path("choices")) {
            if (choice.path("index").asInt(0) == 0) {
                acceptChoice(choice);
            }
        }
        // Groq reports a stream's usage under x_groq rather than at the top level.
        Usage usage = OpenAiUsage.read(chunk.path("usage"));
        if (usage == null) {
            usage = OpenAiUsage.read(chunk.path("x_groq").path("usage"));
        }
        if (usage != null) {
            reported = usage;
            pending.add(new ChatChunk.UsageUpdate(usage));
        }
    }

    private void acceptChoice(JsonNode choice) {
        JsonNode delta = choice.path("delta");
        String reasoning = text(delta, "reasoning_content");
        if (reasoning == null) {
            reasoning = text(delta, "reasoning");
        }
        if (reasoning != null) {
            reasoningText.add(reasoning);
            pending.add(new ChatChunk.Reasoning(reasoning));
        }
        String content = text(delta, "content");
        if (content != null) {
            text.add(content);
            pending.add(new ChatChunk.Text(content));
        }
        String refusal = text(delta, "refusal");
        if (refusal != null) {
            refused = true;
            text.add(refusal);
            pending.add(new ChatChunk.Text(refusal));
        }
        for (JsonNode call : delta.path("tool_calls")) {
            acceptToolCall(call);
        }
        String finish = text(choice, "finish_reason");
        if (finish != null) {
            finishReason = finish;
            if (finish.equals("error")) {
                throw errors.inBody(json.createObjectNode().put("message", "the server ended the answer with an error"));
            }
            finishToolCalls();
        }
    }

    private void acceptToolCall(JsonNode call) {
        String id = text(call, "id");
        int index;
        if (call.path("index").canConvertToInt()) {
            index = call.path("index").asInt();
        } else {
            // Servers that omit the index send each call whole, or continue the last one without an id.
            index = calls.isEmpty() ? 0 : calls.lastKey();
            ToolCallAssembler last = calls.get(index);
            if (last != null && id != null && last.id() != null && !id.equals(last.id())) {
                index++;
            }
        }
        JsonNode function = call.path("function");
        ToolCallAssembler assembler = calls.computeIfAbsent(index, ToolCallAssembler::new);
        if (!assembler.add(id, text(function, "name"), function.path("arguments").isTextual()
                ? function.path("arguments").asText() : function.path("arguments").isObject()
                ? function.path("arguments").toString() : null)) {
            throw errors.malformed("a streamed tool call's arguments exceed "
                    + (ToolCallAssembler.MAX_ARGUMENT_CHARS >> 20) + " MiB", null);
        }
    }

    private void finishToolCalls() {
        for (ToolCallAssembler a : calls.values()) {
            if (!a.named()) {
                throw errors.malformed("a streamed tool call came without a function name", null);
            }
            ToolCall call = a.build();
            toolCallText.add(call.name());
            toolCallText.add(call.argumentsJson());
            calledTools = true;
            pending.add(new ChatChunk.ToolCallReady(call));
        }
        calls.clear();
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isTextual() && !v.asText().isEmpty() ? v.asText() : null;
    }
}
