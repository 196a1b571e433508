package dev.consort.spi.backend;

import java.util.Objects;

/**
 * One server-sent event.
 *
 * @param event the {@code event:} field, or {@code "message"} when absent; not null
 * @param data  the {@code data:} lines joined with {@code \n}; not null
 * @param id    the {@code id:} field, or null
 * @since 1.0
 */
public record SseEvent(String event, String data, String id) {

    /** Validates the components. */
    public SseEvent {
        Objects.requireNonNull(event, "event is null");
        Objects.requireNonNull(data, "data is null");
    }
}
