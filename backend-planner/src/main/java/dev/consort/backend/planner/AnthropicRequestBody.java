package dev.consort.backend.planner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;

/**
 * A written request: its JSON body, and the tool that carries a JSON answer when one was asked for.
 *
 * @param json       the body; not null
 * @param jsonAnswer the JSON-answer tool, or null for a text answer
 */
record AnthropicRequestBody(ObjectNode json, JsonAnswerTool jsonAnswer) {

    AnthropicRequestBody {
        Objects.requireNonNull(json, "json is null");
    }

    Optional<JsonAnswerTool> jsonAnswerTool() {
        return Optional.ofNullable(jsonAnswer);
    }
}
