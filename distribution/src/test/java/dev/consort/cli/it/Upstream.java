package dev.consort.cli.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consort.spi.testkit.Reply;
import java.util.List;

/**
 * Answers in OpenAI's Chat Completions shape (as the recordings in /wire/ have it), for tests whose
 * subject is what Consort does with the answers: the tool loop, tasks, chat.
 */
final class Upstream {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Upstream() {
    }

    /** A final answer. */
    static Reply text(String content) {
        ObjectNode message = JSON.createObjectNode().put("role", "assistant").put("content", content);
        return completion(message, "stop");
    }

    /** One tool call. */
    static Reply toolCall(String id, String name, String argumentsJson) {
        ObjectNode message = JSON.createObjectNode().put("role", "assistant");
        message.putNull("content");
        ArrayNode calls = message.putArray("tool_calls");
        calls.addObject().put("id", id).put("type", "function").putObject("function").put("name", name)
                .put("arguments", argumentsJson);
        return completion(message, "tool_calls");
    }

    private static Reply completion(ObjectNode message, String finish) {
        ObjectNode body = JSON.createObjectNode().put("id", "chatcmpl-it").put("object", "chat.completion")
                .put("created", 1_700_000_000).put("model", "gpt-4.1-mini");
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
        choice.set("message", message);
        choice.put("finish_reason", finish);
        body.putObject("usage").put("prompt_tokens", 120).put("completion_tokens", 12).put("total_tokens", 132);
        return Reply.ok().contentType("application/json").body(body.toString());
    }

    /** A streamed tool call: its name first, then its arguments, as OpenAI sends them. */
    static Reply streamedToolCall(String id, String name, String argumentsJson) {
        ObjectNode head = chunk();
        ObjectNode call = head.withArray("choices").addObject().put("index", 0).putObject("delta")
                .putArray("tool_calls").addObject().put("index", 0).put("id", id).put("type", "function");
        call.putObject("function").put("name", name).put("arguments", "");
        ObjectNode args = chunk();
        args.withArray("choices").addObject().put("index", 0).putObject("delta").putArray("tool_calls").addObject()
                .put("index", 0).putObject("function").put("arguments", argumentsJson);
        ObjectNode last = chunk();
        last.withArray("choices").addObject().put("index", 0).put("finish_reason", "tool_calls").putObject("delta");
        last.putObject("usage").put("prompt_tokens", 120).put("completion_tokens", 9).put("total_tokens", 129);
        String sse = "data: " + head + "\n\n" + "data: " + args + "\n\n" + "data: " + last + "\n\n" + "data: [DONE]\n\n";
        return Reply.ok().contentType("text/event-stream").body(sse);
    }

    private static ObjectNode chunk() {
        return JSON.createObjectNode().put("id", "chatcmpl-it").put("object", "chat.completion.chunk")
                .put("created", 1_700_000_000).put("model", "gpt-4.1-mini");
    }

    /** A streamed answer, one SSE event per piece, as OpenAI sends them. */
    static Reply streamed(List<String> pieces) {
        StringBuilder sse = new StringBuilder();
        for (String p : pieces) {
            ObjectNode chunk = JSON.createObjectNode().put("id", "chatcmpl-it").put("object", "chat.completion.chunk")
                    .put("created", 1_700_000_000).put("model", "gpt-4.1-mini");
            ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
            choice.putObject("delta").put("content", p);
            choice.putNull("finish_reason");
            sse.append("data: ").append(chunk).append("\n\n");
        }
        ObjectNode last = JSON.createObjectNode().put("id", "chatcmpl-it").put("object", "chat.completion.chunk")
                .put("created", 1_700_000_000).put("model", "gpt-4.1-mini");
        last.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop").putObject("delta");
        last.putObject("usage").put("prompt_tokens", 120).put("completion_tokens", pieces.size())
                .put("total_tokens", 120 + pieces.size());
        sse.append("data: ").append(last).append("\n\n").append("data: [DONE]\n\n");
        return Reply.ok().contentType("text/event-stream").body(sse.toString());
    }
}
