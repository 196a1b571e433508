package dev.consort.spi.chat;

import java.util.Objects;

/**
 * A tool offered to a model in a {@link ChatRequest}: what the provider's "function tool" carries.
 *
 * @param name                 the tool's name; not blank
 * @param description          what it does, for the model; not null
 * @param parametersSchemaJson a JSON Schema (object) of its arguments, as JSON text; not blank
 * @since 1.0
 */
public record ToolSpec(String name, String description, String parametersSchemaJson) {

    /** Validates the components. */
    public ToolSpec {
        Checks.notBlank(name, "name");
        Objects.requireNonNull(description, "description is null");
        Checks.notBlank(parametersSchemaJson, "parametersSchemaJson");
    }
}
