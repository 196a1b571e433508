package dev.consort.backend.fast;

import java.util.function.ToIntFunction;

/**
 * The text a stream has produced so far, kept to count its tokens once, when a count is needed (the
 * server reported no usage, or the stream ended early), rather than running the tokenizer on every
 * delta. Keeps at most {@link OpenAiTokenCounter#LONG_ANSWER_CHARS} characters; past that only the
 * length, which is how such a long answer is estimated anyway. Thread-safe: the reading thread adds,
 * any thread may count.
 */
final class StreamedText {

    private final StringBuilder text = new StringBuilder();
    private long length;

    /** Adds a delta. */
    synchronized void add(String delta) {
        length += delta.length();
        if (length <= OpenAiTokenCounter.LONG_ANSWER_CHARS) {
            text.append(delta);
        } else if (!text.isEmpty()) {
            text.setLength(0);
            text.trimToSize();
        }
    }

    /** The output tokens of the text so far, as {@link OpenAiTokenCounter#estimateAnswer} counts a whole answer. */
    int tokens(OpenAiTokenCounter counter) {
        return measure(counter::estimateAnswer);
    }

    /** A cheap estimate of {@link #tokens}, as {@link OpenAiTokenCounter#estimateOutput} makes it. */
    int estimate(OpenAiTokenCounter counter) {
        return measure(counter::estimateOutput);
    }

    private int measure(ToIntFunction<String> count) {
        String kept;
        long chars;
        synchronized (this) {
            chars = length;
            kept = chars <= OpenAiTokenCounter.LONG_ANSWER_CHARS ? text.toString() : null;
        }
        return kept != null ? count.applyAsInt(kept) : OpenAiTokenCounter.byLength(chars);
    }
}
