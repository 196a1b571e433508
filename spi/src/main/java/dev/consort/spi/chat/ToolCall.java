package dev.consort.spi.chat;

import java.util.Objects;

/**
 * A model's request to run one tool, identical in shape whatever the provider.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id           the provider's call id, echoed back in the {@link Role#TOOL} message; not blank
 * @param name         the tool's name; not blank
 * @param argumentsJson the arguments as a JSON object text, exactly as the model produced them
 *                     (possibly invalid: the orchestrator validates); not null, {@code "{}"} when none
 * @since 1.0
 */
public record ToolCall(String id, String name, String argumentsJson) {

    /** Validates the components. */
    public ToolCall {
        Checks.notBlank(id, "id");
        Checks.notBlank(name, "name");
        Objects.requireNonNull(argumentsJson, "argumentsJson is null");
        if (argumentsJson.isBlank()) {
            argumentsJson = "{}";
        }
    }
}
