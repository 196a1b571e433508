package dev.consort.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consort.spi.chat.ChatResponse;
import dev.consort.spi.chat.FinishReason;
import dev.consort.spi.chat.ToolCall;
import dev.consort.spi.chat.Usage;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes answers in OpenAI's shapes: a {@code chat.completion} object, and the {@code chat.completion.chunk}
 * objects of a stream. One instance per response (it carries the id, creation time and model name).
 */
final class ChatCompletionWriter {

    private final ObjectMapper json;
    private final String id;
    private final long created;
    private final String model;
    private byte[] textHead;
    private byte[] reasoningHead;
    private byte[] deltaTail;

    ChatCompletionWriter(ObjectMapper json, String id, long created, String model) {
        this.json = json;
        this.id = id;
        this.created = created;
        this.model = model;
    }

    /** The whole answer as a {@code chat.completion}. */
    byte[] completion(ChatResponse r) {
        ObjectNode root = head("chat.completion");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        if (r.content().isEmpty() && !r.toolCalls().isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", r.content());
        }
        if (!r.reasoning().isEmpty()) {
            message.put("reasoning_content", r.reasoning());
        }
        if (!r.toolCalls().isEmpty()) {
            ArrayNode calls = message.putArray("tool_calls");
            r.toolCalls().forEach(c -> toolCall(calls.addObject(), c));
        }
        choice.put("finish_reason", finishReason(r.finishReason(), !r.toolCalls().isEmpty()));
        usage(root.putObject("usage"), r.usage());
        return bytes(root);
    }

    /**
     * A chunk with text; the first chunk of a stream also says the role. Every later text chunk of a
     * response has the same frame around its text, so the frame is made once and only the text is encoded.
     */
    byte[] text(String delta, boolean first, boolean reasoning) {
        if (first) {
            ObjectNode root = head("chat.completion.chunk");
            ObjectNode d = delta(root, true);
            d.put(reasoning ? "reasoning_content" : "content", delta);
            return bytes(root);
        }
        if (deltaTail == null) {
            String head = new String(bytes(head("chat.completion.chunk")), StandardCharsets.UTF_8);
            // {"id":..,"choices":[{"index":0,"finish_reason":null}]} -> split where the delta goes
            String prefix = head.substring(0, head.lastIndexOf("\"finish_reason\":null}]}")) + "\"delta\":{";
            textHead = (prefix + "\"content\":\"").getBytes(StandardCharsets.UTF_8);
            reasoningHead = (prefix + "\"reasoning_content\":\"").getBytes(StandardCharsets.UTF_8);
            deltaTail = "\"},\"finish_reason\":null}]}".getBytes(StandardCharsets.UTF_8);
        }
        byte[] open = reasoning ? reasoningHead : textHead;
        byte[] text = JsonStringEncoder.getInstance().quoteAsUTF8(delta);
        byte[] out = new byte[open.length + text.length + deltaTail.length];
        System.arraycopy(open, 0, out, 0, open.length);
        System.arraycopy(text, 0, out, open.length, text.length);
        System.arraycopy(deltaTail, 0, out, open.length + text.length, deltaTail.length);
        return out;
    }

    /** A chunk with whole tool calls, numbered from {@code firstIndex}. */
    byte[] toolCalls(List<ToolCall> calls, int firstIndex, boolean first) {
        ObjectNode root = head("chat.completion.chunk");
        ObjectNode d = delta(root, first);
        if (first) {
            d.putNull("content");
        }
        ArrayNode array = d.putArray("tool_calls");
        int i = firstIndex;
        for (ToolCall c : calls) {
            ObjectNode n = array.addObject();
            n.put("index", i++);
            toolCall(n, c);
        }
        return bytes(root);
    }

    /** The last chunk of the choice: an empty delta and why it finished. */
    byte[] finish(FinishReason reason, boolean calledTools, boolean first) {
        ObjectNode root = head("chat.completion.chunk");
        ObjectNode choice = (ObjectNode) root.get("choices").get(0);
        ObjectNode d = json(choice);
        if (first) {
            d.put("role", "assistant");
            d.put("content", "");
        }
        choice.put("finish_reason", finishReason(reason, calledTools));
        return bytes(root);
    }

    /** The usage chunk of {@code stream_options.include_usage}: no choice, the usage. */
    byte[] usageChunk(Usage usage) {
        ObjectNode root = json.createObjectNode();
        root.put("id", id).put("object", "chat.completion.chunk").put("created", created).put("model", model);
        root.putArray("choices");
        usage(root.putObject("usage"), usage);
        return bytes(root);
    }

    private ObjectNode head(String object) {
        ObjectNode root = json.createObjectNode();
        root.put("id", id).put("object", object).put("created", created).put("model", model);
        if (object.equals("chat.completion.chunk")) {
            ObjectNode choice = root.putArray("choices").addObject();
            choice.put("index", 0);
            choice.putNull("finish_reason");
        }
        return root;
    }

    private static ObjectNode delta(ObjectNode root, boolean first) {
        ObjectNode choice = (ObjectNode) root.get("choices").get(0);
        ObjectNode d = json(choice);
        if (first) {
            d.put("role", "assistant");
        }
        return d;
    }

    private static ObjectNode json(ObjectNode choice) {
        ObjectNode d = choice.objectNode();
        // keep OpenAI's field order: index, delta, finish_reason
        choice.remove("finish_reason");
        choice.set("delta", d);
        choice.putNull("finish_reason");
        return d;
    }

    private static void toolCall(ObjectNode n, ToolCall c) {
        n.put("id", c.id());
        n.put("type", "function");
        n.putObject("function").put("name", c.name()).put("arguments", c.argumentsJson());
    }

    private static void usage(ObjectNode n, Usage u) {
        n.put("prompt_tokens", u.promptTokens());
        n.put("completion_tokens", u.completionTokens());
        n.put("total_tokens", u.totalTokens());
    }

    static String finishReason(FinishReason reason, boolean calledTools) {
        if (calledTools) {
            return "tool_calls";
        }
        return switch (reason) {
            case LENGTH -> "length";
            case TOOL_CALLS -> "tool_calls";
            case CONTENT_FILTER -> "content_filter";
            default -> "stop";
        };
    }

    private byte[] bytes(ObjectNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
