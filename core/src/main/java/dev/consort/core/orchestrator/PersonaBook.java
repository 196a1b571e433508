package dev.consort.core.orchestrator;

import dev.consort.spi.backend.Persona;
import dev.consort.spi.context.ContextStore;
import java.util.Map;
import java.util.Objects;

/**
 * Which persona each backend plays: the user's override (persisted in the context store), else the
 * configured one, else the provider's default.
 */
final class PersonaBook {

    private final Map<String, Persona> configured;
    private final ContextStore store;
    private final BackendPool pool;

    PersonaBook(Map<String, Persona> configured, ContextStore store, BackendPool pool) {
        this.configured = Map.copyOf(configured);
        this.store = store;
        this.pool = pool;
    }

    Persona of(String backend) {
        return store.personaOverride(backend).orElseGet(() -> {
            Persona c = configured.get(backend);
            return c != null ? c : pool.get(backend).persona();
        });
    }

    void set(String backend, Persona persona) {
        requireKnown(backend);
        store.setPersonaOverride(backend, Objects.requireNonNull(persona, "persona is null"));
    }

    void reset(String backend) {
        requireKnown(backend);
        store.clearPersonaOverride(backend);
    }

    private void requireKnown(String backend) {
        if (!pool.has(backend)) {
            throw new IllegalArgumentException("no backend named '" + backend + "' (configured: "
                    + String.join(", ", pool.names()) + ")");
        }
    }
}
