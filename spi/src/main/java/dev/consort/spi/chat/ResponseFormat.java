package dev.consort.spi.chat;

import java.util.Objects;

/**
 * The shape a caller wants the answer in.
 *
 * @since 1.0
 */
public sealed interface ResponseFormat {

    /** Free text (the default). */
    ResponseFormat TEXT = new Text();

    /** Any JSON object. */
    ResponseFormat JSON_OBJECT = new JsonObject();

    /** Free text. */
    record Text() implements ResponseFormat {
    }

    /** A JSON object of any shape. */
    record JsonObject() implements ResponseFormat {
    }

    /**
     * A JSON value matching a schema.
     *
     * @param name       a short name for the schema (OpenAI requires one); not blank
     * @param schemaJson the JSON Schema as JSON text; not blank
     * @param strict     whether the provider should enforce the schema strictly where it can
     */
    record JsonSchema(String name, String schemaJson, boolean strict) implements ResponseFormat {
        /** Validates the components. */
        public JsonSchema {
            Checks.notBlank(name, "name");
            Checks.notBlank(schemaJson, "schemaJson");
        }
    }

    /**
     * Tells whether the answer must be JSON.
     *
     * @return true for {@link JsonObject} and {@link JsonSchema}
     */
    default boolean wantsJson() {
        return !(this instanceof Text);
    }

    /**
     * A schema format.
     *
     * @param name       the schema's name; not blank
     * @param schemaJson the schema; not blank
     * @return the format
     */
    static ResponseFormat jsonSchema(String name, String schemaJson) {
        return new JsonSchema(Objects.requireNonNull(name, "name is null"), schemaJson, true);
    }
}
