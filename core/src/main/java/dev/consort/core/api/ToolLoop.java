package dev.consort.core.api;

/**
 * The loop of a task or a chat turn: route by type, call with the tool schemas, run the tools the
 * model asks for under the permission mode, send the results back as tool messages, and again, until
 * a final answer, the step limit, a budget, a cancellation or a failure. Each is a clear ending.
 *
 * <p>Tool calls whose arguments do not fit the tool's schema are regenerated once by the
 * orchestrator, then fall back; a call the runner still refuses goes back to the model as a
 * structured error. A tool call that arrives in a stream ends that answer's display; the tool runs,
 * and the next call streams the continuation.
 */
public interface ToolLoop {

    /**
     * Runs the loop to an ending. Never throws for a backend failure or a budget: those are endings.
     *
     * @param request  the conversation and its limits; not null
     * @param listener what to tell as it goes; not null
     * @return how it ended
     */
    LoopResult run(LoopRequest request, LoopListener listener);
}
