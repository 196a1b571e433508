package dev.consort.spi.context;

/**
 * Where a task is in its life.
 *
 * @since 1.0
 */
public enum TaskStatus {
    /** Waiting to run. */
    QUEUED,
    /** Running now. */
    RUNNING,
    /** Paused until a person approves a tool call. */
    WAITING_APPROVAL,
    /** Finished with a result. */
    DONE,
    /** Ended with an error. */
    FAILED,
    /** Stopped by a person. */
    CANCELLED;

    /**
     * Tells whether the task has ended.
     *
     * @return true for done, failed and cancelled
     */
    public boolean finished() {
        return this == DONE || this == FAILED || this == CANCELLED;
    }
}
