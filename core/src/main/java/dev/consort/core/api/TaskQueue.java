package dev.consort.core.api;

import dev.consort.spi.context.TaskEvent;
import dev.consort.spi.context.TaskRecord;
import java.math.BigDecimal;
import java.util.List;

/**
 * The project's queue of typed tasks, kept in the context store: each with its own prompt, context
 * keys, limits, history and result. Run in priority order, then first in first out; one at a time
 * unless asked for more. A task left running by a process that died is found and queued again (or
 * failed after {@code tasks.max_tries}); with a shared store, workers in several processes take each
 * task exactly once.
 */
public interface TaskQueue {

    /**
     * A task to add.
     *
     * @param title       a short title, or null for the prompt's first line
     * @param type        the task type that routes it ({@code parse}, {@code code}, {@code review},
     *                    {@code plan}, {@code chat}, or one of the user's)
     * @param prompt      what to do; not blank
     * @param contextKeys facts ({@code KEY}) and file summaries ({@code file:PATH}) for its prompt
     * @param priority    higher runs first
     * @param maxUsd      its own spending limit within the project's budget, or null
     * @param maxSteps    the most model calls it may make, or 0 for {@code tasks.max_steps}
     */
    record NewTask(String title, String type, String prompt, List<String> contextKeys, int priority, BigDecimal maxUsd,
                   int maxSteps) {
    }

    /**
     * A task with its history and what it spent.
     *
     * @param task             the task
     * @param events           its history, in order
     * @param steps            model calls made
     * @param costUsd          their cost
     * @param promptTokens     prompt tokens
     * @param completionTokens completion tokens
     * @param patches          the patches it applied, as given to {@code apply_patch}
     */
    record Report(TaskRecord task, List<TaskEvent> events, int steps, BigDecimal costUsd, long promptTokens,
                  long completionTokens, List<String> patches) {
    }

    /** What running tasks reports, and who approves their tool calls. Every method has a default. */
    interface Listener {

        /** @param task a task that starts */
        default void started(TaskRecord task) {
        }

        /**
         * @param task   the task, as saved after its run
         * @param result how its loop ended
         */
        default void finished(TaskRecord task, LoopResult result) {
        }

        /**
         * @param task a task about to run
         * @return what follows its loop
         */
        default LoopListener loop(TaskRecord task) {
            return LoopListener.NONE;
        }

        /**
         * @param task a task about to run
         * @return who approves its tool calls that need approval
         */
        default Approver approver(TaskRecord task) {
            return Approver.NOBODY;
        }

        /**
         * @param task a task about to run
         * @return provider options for its calls ({@code tool_choice}...), none by default
         */
        default java.util.Map<String, String> hints(TaskRecord task) {
            return java.util.Map.of();
        }
    }

    /**
     * Adds a queued task.
     *
     * @param task the task
     * @return it as stored
     * @throws IllegalArgumentException for a blank prompt or type, a bad limit
     */
    TaskRecord add(NewTask task);

    /** @return every task, in run order */
    List<TaskRecord> list();

    /**
     * A task by id or by an unambiguous prefix of it.
     *
     * @param id the id or prefix
     * @return the task
     * @throws IllegalArgumentException when none or several match
     */
    TaskRecord get(String id);

    /**
     * A task with its history and spending.
     *
     * @param id the id or prefix
     * @return the report
     */
    Report report(String id);

    /**
     * Cancels a task that has not finished; one running in this process stops at once, one running
     * elsewhere at its next lease renewal.
     *
     * @param id the id or prefix
     * @return the task as cancelled
     * @throws IllegalStateException when it has finished
     */
    TaskRecord cancel(String id);

    /**
     * Runs one task now, on this thread.
     *
     * @param id       the id or prefix
     * @param listener what to report
     * @return the task as saved after its run
     * @throws IllegalStateException when it is not queued (finished, or running elsewhere)
     */
    TaskRecord run(String id, Listener listener);

    /**
     * Runs queued tasks until none is left, {@code parallel} at a time.
     *
     * @param parallel how many at once; positive
     * @param listener what to report (called from several threads when parallel)
     * @return the tasks run, as saved after their runs, in the order they finished
     */
    List<TaskRecord> runAll(int parallel, Listener listener);

    /**
     * Finds the tasks that processes which died on this machine left running, and queues them again
     * (or fails them after {@code tasks.max_tries} starts). Running and listing do this first.
     *
     * @return the tasks it changed
     */
    List<TaskRecord> recover();
}
