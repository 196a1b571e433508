package dev.consort.spi.context;

import java.time.Instant;
import java.util.Objects;

/**
 * One step of a task's history: a message, a tool call, its result, a routing attempt.
 *
 * @param taskId      the task; not blank
 * @param seq         its position in the history, from 1; assigned by the store when 0
 * @param time        when it happened; not null
 * @param kind        what it is ({@code message}, {@code tool_call}, {@code tool_result}, {@code attempt},
 *                    {@code status}); not blank
 * @param payloadJson the details as a JSON object text; not null
 * @since 1.0
 */
public record TaskEvent(String taskId, long seq, Instant time, String kind, String payloadJson) {

    /** Validates the components. */
    public TaskEvent {
        if (taskId == null || taskId.isBlank()) {
            throw new IllegalArgumentException("taskId is blank");
        }
        if (seq < 0) {
            throw new IllegalArgumentException("seq is negative: " + seq);
        }
        Objects.requireNonNull(time, "time is null");
        if (kind == null || kind.isBlank()) {
            throw new IllegalArgumentException("kind is blank");
        }
        Objects.requireNonNull(payloadJson, "payloadJson is null");
    }
}
