package dev.consort.backend.review;

import dev.consort.spi.backend.TokenEstimator;
import dev.consort.spi.backend.UsageCounter;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.Usage;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Counts one call into the backend's totals exactly once, however it ends: with the provider's figures
 * when it finished (and teaches the estimator from them), with an estimate when it failed or was
 * cancelled part-way. Thread-safe: a stream may be closed from another thread while it is read.
 */
final class GeminiCallLedger {

    private final UsageCounter counter;
    private final TokenEstimator estimator;
    private final List<Message> prompt;
    private final AtomicBoolean counted = new AtomicBoolean();

    GeminiCallLedger(UsageCounter counter, TokenEstimator estimator, List<Message> prompt) {
        this.counter = counter;
        this.estimator = estimator;
        this.prompt = prompt;
    }

    /**
     * The usage of a finished call: the provider's figures, else an estimate.
     *
     * @param reported the provider's figures; may be null
     * @param chars    characters generated, for the estimate
     */
    Usage finished(Usage reported, long chars) {
        Usage u = reported != null && reported.promptTokens() > 0 ? reported : estimate(reported, chars);
        if (counted.compareAndSet(false, true)) {
            counter.success(u);
            if (u.exact()) {
                estimator.observe(prompt, u.promptTokens());
            }
        }
        return u;
    }

    /** Counts a failed call with what it generated before failing. */
    void failed(Usage reported, long chars) {
        if (counted.compareAndSet(false, true)) {
            counter.failure(estimate(reported, chars));
        }
    }

    /** Counts a call the caller abandoned with what it generated so far. */
    void cancelled(Usage reported, long chars) {
        if (counted.compareAndSet(false, true)) {
            counter.success(estimate(reported, chars));
        }
    }

    private Usage estimate(Usage reported, long chars) {
        int promptTokens = reported != null && reported.promptTokens() > 0 ? reported.promptTokens()
                : estimator.estimate(prompt);
        int fromText = (int) Math.min(Integer.MAX_VALUE, (long) Math.ceil(chars / 4.0 * estimator.correction()));
        int completion = Math.max(fromText, reported == null ? 0 : reported.completionTokens());
        return Usage.estimated(promptTokens, completion);
    }
}
