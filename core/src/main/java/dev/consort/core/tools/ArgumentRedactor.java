package dev.consort.core.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Removes secrets from tool arguments before they are logged: values of fields whose names look secret,
 * any occurrence of a secret environment variable's value (a key the model saw and passed on), and
 * strings shaped like provider keys ({@code sk-...}, bearer tokens).
 */
final class ArgumentRedactor {

    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(key|secret|token|password|passwd).*");
    private static final Pattern KEY_SHAPE = Pattern.compile(
            "(?i)(sk-[a-z0-9_-]{12,}|(?<=bearer )[a-z0-9._-]{16,}|AIza[0-9A-Za-z_-]{30,}|gh[pousr]_[A-Za-z0-9]{20,})");

    private final List<String> secretValues;

    ArgumentRedactor(Map<String, String> environment) {
        this.secretValues = environment.entrySet().stream()
                .filter(e -> SECRET_NAME.matcher(e.getKey()).matches() && e.getValue() != null
                        && e.getValue().length() >= 6)
                .map(Map.Entry::getValue).toList();
    }

    JsonNode redact(JsonNode node) {
        if (node == null) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            node.properties().forEach(e -> out.set(e.getKey(), SECRET_NAME.matcher(e.getKey()).matches()
                    && e.getValue().isValueNode() ? TextNode.valueOf("****") : redact(e.getValue())));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(n -> out.add(redact(n)));
            return out;
        }
        if (node.isTextual()) {
            return TextNode.valueOf(text(node.asText()));
        }
        return node;
    }

    String text(String s) {
        String out = s;
        for (String v : secretValues) {
            out = out.replace(v, "****");
        }
        return KEY_SHAPE.matcher(out).replaceAll("****");
    }
}
