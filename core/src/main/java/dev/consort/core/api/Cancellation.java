package dev.consort.core.api;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A request to stop work in progress: a chat turn's answer (Ctrl-C), a task (cancelled by the user or
 * taken over by another worker). Whoever does the work registers what stops it (closing a stream);
 * {@link #cancel()} runs that at once, from any thread. Thread-safe.
 */
public final class Cancellation {

    private final List<Runnable> hooks = new CopyOnWriteArrayList<>();
    private volatile String reason;

    /**
     * Asks to stop. The first reason is kept; later calls do nothing.
     *
     * @param why why, one line (shown to the user and kept in a task's history)
     */
    public void cancel(String why) {
        synchronized (this) {
            if (reason != null) {
                return;
            }
            reason = why == null || why.isBlank() ? "cancelled" : why;
        }
        hooks.forEach(Cancellation::runQuietly);
    }

    /** @return whether {@link #cancel(String)} was called */
    public boolean cancelled() {
        return reason != null;
    }

    /** @return why it was cancelled, or null while it was not */
    public String reason() {
        return reason;
    }

    /**
     * Registers what stops the work now in progress; runs it at once when already cancelled.
     *
     * @param hook what to run on cancel (must not block long); not null
     * @return closing it unregisters the hook
     */
    public AutoCloseable onCancel(Runnable hook) {
        hooks.add(hook);
        if (cancelled()) {
            runQuietly(hook);
        }
        return () -> hooks.remove(hook);
    }

    private static void runQuietly(Runnable hook) {
        try {
            hook.run();
        } catch (RuntimeException e) {
            // Stopping is best effort: a hook that fails must not keep the others from running.
        }
    }
}
