package dev.consort.spi.backend;

import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.ChatResponse;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.UsageStats;
import java.util.List;

/**
 * One configured model endpoint: a provider, a model and its settings, under a name from the
 * configuration ({@code planner}, {@code fast}, ...).
 *
 * <p>Implementations are thread-safe: the orchestrator calls them from many virtual threads at once.
 * A backend sends what it is given: the orchestrator has already injected the persona and shaped the
 * messages to fit {@link #contextWindow()}.
 *
 * @since 1.0
 */
public interface LLMBackend extends AutoCloseable {

    /**
     * The configured name.
     *
     * @return the name; never null
     */
    String name();

    /**
     * The provider type that made this backend ({@code openai}, {@code anthropic}, ...).
     *
     * @return the type; never null
     */
    String type();

    /**
     * The model this backend asks for.
     *
     * @return the model name or path; never null
     */
    String model();

    /**
     * The persona this backend plays unless the user overrides it: the provider's default for its role,
     * or the one configured.
     *
     * @return the default persona; never null
     */
    Persona persona();

    /**
     * The context window in tokens: prompt and output together.
     *
     * @return a positive number
     */
    int contextWindow();

    /**
     * The output tokens reserved for an answer when the request does not say.
     *
     * @return a positive number, smaller than {@link #contextWindow()}
     */
    int maxOutputTokens();

    /**
     * Asks for a whole answer.
     *
     * @param request the request; not null
     * @return the answer; never null
     * @throws BackendException when the call fails, typed by cause
     */
    ChatResponse chat(ChatRequest request);

    /**
     * Asks for a streamed answer. The request is sent when this method is called; failures before the
     * first chunk may be thrown here or from the first step of the iteration.
     *
     * @param request the request; not null
     * @return the stream, to iterate once and close; never null
     * @throws BackendException when the call fails before streaming starts
     */
    ChatStream stream(ChatRequest request);

    /**
     * Counts the tokens these messages take in this backend's prompt, as closely as the backend can.
     *
     * @param messages the messages; not null
     * @return the count, not negative
     */
    int countTokens(List<Message> messages);

    /**
     * A quick upper bound of {@link #countTokens(List)}: never less than what it would count for these
     * messages, and far cheaper to get (a byte-pair tokenizer never makes more tokens of a text than
     * its UTF-8 bytes). The orchestrator takes it instead of the count where the count cannot change a
     * decision: the bound fits the window and leaves every budget and cost cap room. The default knows
     * no bound and says {@link Integer#MAX_VALUE}, so the exact count is always made.
     *
     * @param messages the messages; not null
     * @return the bound, not less than {@code countTokens(messages)}
     * @since 1.1
     */
    default int tokenUpperBound(List<Message> messages) {
        return Integer.MAX_VALUE;
    }

    /**
     * A cheap estimate of {@link #countTokens(List)}, for a figure no decision depends on: what a stream
     * that failed or was closed early has spent, when the provider reported nothing. It may be rougher
     * than the count. A backend whose count is costly (a tokenizer's vocabulary to load, a request to the
     * provider) estimates instead; the default counts.
     *
     * @param messages the messages; not null
     * @return the estimate, not negative
     * @since 1.1
     */
    default int estimateTokens(List<Message> messages) {
        return countTokens(messages);
    }

    /**
     * Tells whether {@link #countTokens(List)} is exact (the model's own tokenizer) or an estimate.
     *
     * @return true when exact
     */
    default boolean countsTokensExactly() {
        return false;
    }

    /**
     * Forgets any state the backend keeps between calls (a local engine's cache, a server-side
     * conversation). Project memory and session history, which the orchestrator keeps, are not touched.
     */
    void resetContext();

    /**
     * What this backend has spent since it was created: requests, tokens and errors as the backend saw
     * them. Cost is computed by the engine and is zero here.
     *
     * @return the totals; never null
     */
    UsageStats usage();

    /** Releases the backend's resources (connections, a loaded model). Never throws. */
    @Override
    default void close() {
    }
}
