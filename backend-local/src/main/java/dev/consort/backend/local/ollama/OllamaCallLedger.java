package dev.consort.backend.local.ollama;

import dev.consort.spi.backend.TokenEstimator;
import dev.consort.spi.backend.UsageCounter;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.Usage;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Counts one call into the backend's totals exactly once, however it ends. Ollama reports
 * {@code eval_count} always but omits {@code prompt_eval_count} when the prompt came from its cache: then
 * the prompt is estimated and the usage marked estimated. Thread-safe.
 */
final class OllamaCallLedger {

    private final UsageCounter counter;
    private final TokenEstimator estimator;
    private final List<Message> prompt;
    private final AtomicBoolean counted = new AtomicBoolean();

    OllamaCallLedger(UsageCounter counter, TokenEstimator estimator, List<Message> prompt) {
        this.counter = counter;
        this.estimator = estimator;
        this.prompt = prompt;
    }

    /** The usage of a finished answer, counted. */
    Usage finished(OllamaAnswer answer) {
        Integer p = answer.promptTokens();
        Integer c = answer.completionTokens();
        Usage u;
        if (p != null && c != null) {
            u = Usage.exact(p, c);
        } else {
            u = Usage.estimated(p != null ? p : estimator.estimate(prompt),
                    c != null ? c : fromChars(answer.generatedChars()));
        }
        if (counted.compareAndSet(false, true)) {
            counter.success(u);
            if (p != null) {
                estimator.observe(prompt, p);
            }
        }
        return u;
    }

    /** Counts a failed call with what it generated before failing. */
    void failed(OllamaAnswer answer) {
        if (counted.compareAndSet(false, true)) {
            counter.failure(estimate(answer));
        }
    }

    /** Counts a call the caller abandoned with what it generated so far. */
    void cancelled(OllamaAnswer answer) {
        if (counted.compareAndSet(false, true)) {
            counter.success(estimate(answer));
        }
    }

    private Usage estimate(OllamaAnswer answer) {
        return Usage.estimated(estimator.estimate(prompt), fromChars(answer == null ? 0 : answer.generatedChars()));
    }

    private int fromChars(long chars) {
        return (int) Math.min(Integer.MAX_VALUE, (long) Math.ceil(chars / 4.0 * estimator.correction()));
    }
}
