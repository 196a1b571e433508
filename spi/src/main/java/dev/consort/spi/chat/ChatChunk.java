package dev.consort.spi.chat;

import java.util.Objects;

/**
 * One normalized piece of a streamed answer.
 *
 * <p>A backend's stream yields any number of {@link Text}, {@link Reasoning}, {@link ToolCallReady} and
 * {@link UsageUpdate} chunks and ends with exactly one {@link Done}. The orchestrator may add
 * {@link Restarted} (it abandoned a partial answer and started over on another backend: discard the
 * text received so far) and {@link Failed} (the stream ended with an error). Immutable and thread-safe.
 *
 * @since 1.0
 */
public sealed interface ChatChunk {

    /**
     * Answer text.
     *
     * @param delta the new text; not null
     */
    record Text(String delta) implements ChatChunk {
        /** Validates the component. */
        public Text {
            Objects.requireNonNull(delta, "delta is null");
        }
    }

    /**
     * Thinking text, where the provider streams it.
     *
     * @param delta the new text; not null
     */
    record Reasoning(String delta) implements ChatChunk {
        /** Validates the component. */
        public Reasoning {
            Objects.requireNonNull(delta, "delta is null");
        }
    }

    /**
     * A tool call, complete: backends assemble the provider's partial deltas before yielding it.
     *
     * @param call the call; not null
     */
    record ToolCallReady(ToolCall call) implements ChatChunk {
        /** Validates the component. */
        public ToolCallReady {
            Objects.requireNonNull(call, "call is null");
        }
    }

    /**
     * Usage so far (cumulative, not a delta).
     *
     * @param usage tokens so far; not null
     */
    record UsageUpdate(Usage usage) implements ChatChunk {
        /** Validates the component. */
        public UsageUpdate {
            Objects.requireNonNull(usage, "usage is null");
        }
    }

    /**
     * The end of the answer.
     *
     * @param finishReason why it ended; not null
     * @param usage        the final usage; not null
     * @param model        the model that answered; not null (may be empty)
     */
    record Done(FinishReason finishReason, Usage usage, String model) implements ChatChunk {
        /** Validates the components. */
        public Done {
            Objects.requireNonNull(finishReason, "finishReason is null");
            Objects.requireNonNull(usage, "usage is null");
            model = model == null ? "" : model;
        }
    }

    /**
     * The orchestrator abandoned a partial answer and restarts on another backend. Discard what was
     * received since the start of the stream (or the previous {@code Restarted}).
     *
     * @param fromBackend the backend that failed; not null
     * @param toBackend   the backend that answers next; not null
     * @param reason      why, one line; not null
     */
    record Restarted(String fromBackend, String toBackend, String reason) implements ChatChunk {
        /** Validates the components. */
        public Restarted {
            Objects.requireNonNull(fromBackend, "fromBackend is null");
            Objects.requireNonNull(toBackend, "toBackend is null");
            Objects.requireNonNull(reason, "reason is null");
        }
    }

    /**
     * The stream ended with an error after partial output; no {@link Done} follows.
     *
     * @param backend the backend that failed; not null
     * @param message what happened, one line; not null
     */
    record Failed(String backend, String message) implements ChatChunk {
        /** Validates the components. */
        public Failed {
            Objects.requireNonNull(backend, "backend is null");
            Objects.requireNonNull(message, "message is null");
        }
    }
}
