package dev.consort.core.api;

import dev.consort.spi.backend.Persona;
import dev.consort.spi.routing.RouteDecision;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Routes calls to backends, retries and falls back, injects personas, shapes context to each
 * backend's window, validates structured output and accounts usage against budgets. Thread-safe.
 */
public interface Orchestrator {

    /**
     * Answers a call: routes it, tries candidates in order with retries, validates structured output
     * (regenerating once on the same backend), and records usage.
     *
     * @param call the call; not null
     * @return the answer; never null
     * @throws AllBackendsFailedException when no candidate answered
     * @throws BudgetExceededException    when a named backend's budget cannot cover the call
     */
    Answer chat(ChatCall call);

    /**
     * Answers a call on a virtual thread.
     *
     * @param call the call; not null
     * @return the future answer
     */
    CompletableFuture<Answer> chatAsync(ChatCall call);

    /**
     * Streams an answer. Failures before the first chunk fall back transparently; after partial output
     * the stream ends with a {@code Failed} chunk or restarts on the next candidate after a
     * {@code Restarted} chunk, as configured.
     *
     * @param call the call; not null
     * @return the stream, to iterate and close; never null
     */
    AnswerStream stream(ChatCall call);

    /**
     * Explains how a task type would be routed for a prompt of a given size.
     *
     * @param taskType      the task type; not null
     * @param contentTokens the prompt's size in tokens (estimated per backend from it)
     * @return every backend considered, with why it was taken or skipped
     */
    RouteDecision route(String taskType, int contentTokens);

    /**
     * Explains how a call would be routed, with every backend's exact count of the prompt.
     *
     * @param call the call; not null
     * @return the decision
     */
    RouteDecision route(ChatCall call);

    /**
     * The persona a backend plays now: the user's override, else the configured one, else its default.
     *
     * @param backend the backend's name; not null
     * @return the persona
     */
    Persona persona(String backend);

    /**
     * Sets a backend's persona; persisted in the context store.
     *
     * @param backend the backend's name; not null
     * @param persona the persona; not null
     */
    void setPersona(String backend, Persona persona);

    /**
     * Returns a backend to its configured or default persona.
     *
     * @param backend the backend's name; not null
     */
    void resetPersona(String backend);

    /**
     * Forgets a backend's state: its own (a local engine's cache) and its session buffer. Project memory
     * is not touched.
     *
     * @param backend the backend's name; not null
     */
    void resetBackendContext(String backend);

    /**
     * The configured backends as the orchestrator sees them now.
     *
     * @return one line each; never null
     */
    List<BackendStatus> backends();

    /**
     * A backend as the orchestrator sees it.
     *
     * @param name          its name
     * @param type          its provider type
     * @param model         its model
     * @param contextWindow its window
     * @param budgetLeftUsd dollars left under its tightest budget, or null when unlimited
     * @param coolingDown   whether it is cooling down after failures
     */
    record BackendStatus(String name, String type, String model, int contextWindow, java.math.BigDecimal budgetLeftUsd,
                         boolean coolingDown) {
    }
}
