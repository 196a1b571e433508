package dev.consort.backend.local.llamacpp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consort.spi.backend.InvalidRequestException;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.ResponseFormat;
import dev.consort.spi.chat.Role;
import dev.consort.spi.chat.ToolCall;
import dev.consort.spi.chat.ToolSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a conversation into the prompt text llama.cpp generates from, through the model's chat template
 * (llama.cpp's Jinja engine, with its generation prompt).
 *
 * <p>Tools are described in the system message rather than passed to the template, so that every
 * template works and the model is told the exact JSON shape the grammar enforces. Earlier tool calls are
 * written back in that same shape; tool results go in as {@code tool} messages, which templates without
 * a tool role receive as user turns. Thread-safe.
 */
final class PromptRenderer {

    private final ObjectMapper json;

    PromptRenderer(ObjectMapper json) {
        this.json = json;
    }

    /** The prompt for a request generated under a constraint. */
    String render(LoadedModel model, ChatRequest request, OutputConstraint constraint, String backend) {
        return render(model, messages(request, constraint), backend);
    }

    /** The prompt for bare messages, as {@code countTokens} measures them. */
    String render(LoadedModel model, List<Message> messages, String backend) {
        ObjectNode chat = json.createObjectNode();
        ArrayNode list = chat.putArray("messages");
        for (Message m : messages) {
            ObjectNode node = list.addObject();
            node.put("role", m.role().wireName());
            node.put("content", m.role() == Role.ASSISTANT && m.hasToolCalls() ? withCalls(m) : m.content());
            if (m.role() == Role.TOOL) {
                node.put("tool_call_id", m.toolCallId());
                if (m.name() != null) {
                    node.put("name", m.name());
                }
            }
        }
        try {
            return model.render(chat.toString());
        } catch (RuntimeException e) {
            throw new InvalidRequestException(backend, "the chat template failed on this conversation: "
                    + e.getMessage(), 0, e);
        }
    }

    private List<Message> messages(ChatRequest request, OutputConstraint constraint) {
        String instructions = instructions(request, constraint);
        if (instructions.isEmpty()) {
            return request.messages();
        }
        List<Message> out = new ArrayList<>(request.messages());
        if (!out.isEmpty() && out.getFirst().role() == Role.SYSTEM) {
            String first = out.getFirst().content();
            out.set(0, Message.system(first.isBlank() ? instructions : first + "\n\n" + instructions));
        } else {
            out.addFirst(Message.system(instructions));
        }
        return out;
    }

    private String instructions(ChatRequest request, OutputConstraint constraint) {
        if (constraint.offersTools()) {
            StringBuilder text = new StringBuilder();
            text.append(constraint.mode() == OutputConstraint.Mode.TOOL_CALL
                    ? "Call one of the tools below. "
                    : "You may call one of the tools below, or answer in plain text that does not start with '{'. ");
            text.append("To call a tool, reply with only a JSON object {\"name\": <tool name>, \"arguments\": "
                    + "<its arguments as a JSON object>}.\nTools:");
            for (ToolSpec tool : request.tools()) {
                text.append("\n- ").append(tool.name());
                if (!tool.description().isBlank()) {
                    text.append(": ").append(tool.description().strip());
                }
                text.append("\n  arguments schema: ").append(tool.parametersSchemaJson().strip());
            }
            return text.toString();
        }
        return switch (request.responseFormat()) {
            case ResponseFormat.JsonSchema s -> "Reply with only JSON matching this schema: " + s.schemaJson().strip();
            case ResponseFormat.JsonObject o -> "Reply with only a JSON object.";
            case ResponseFormat.Text t -> "";
        };
    }

    private String withCalls(Message message) {
        StringBuilder text = new StringBuilder(message.content());
        for (ToolCall call : message.toolCalls()) {
            if (!text.isEmpty()) {
                text.append('\n');
            }
            ObjectNode node = json.createObjectNode();
            node.put("name", call.name());
            try {
                node.set("arguments", json.readTree(call.argumentsJson()));
            } catch (java.io.IOException e) {
                node.put("arguments", call.argumentsJson());
            }
            text.append(node);
        }
        return text.toString();
    }
}
