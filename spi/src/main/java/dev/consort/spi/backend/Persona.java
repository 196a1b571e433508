package dev.consort.spi.backend;

import java.util.Objects;

/**
 * The role a backend plays: injected by the orchestrator as the first system message of every call.
 *
 * @param description  one line for people ("Plans work"); not null
 * @param systemPrompt the system message text; not null (empty means no system message)
 * @since 1.0
 */
public record Persona(String description, String systemPrompt) {

    /** No persona: no system message is injected. */
    public static final Persona NONE = new Persona("", "");

    /** Validates the components. */
    public Persona {
        Objects.requireNonNull(description, "description is null");
        Objects.requireNonNull(systemPrompt, "systemPrompt is null");
    }

    /**
     * Tells whether this persona adds a system message.
     *
     * @return true when the prompt is not blank
     */
    public boolean hasPrompt() {
        return !systemPrompt.isBlank();
    }
}
