package dev.consort.backend.fast;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import dev.consort.spi.backend.TokenEstimator;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.Role;
import dev.consort.spi.chat.ToolCall;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Counts prompt tokens with the model's own BPE encoding (jtokkit), with the framing the Chat
 * Completions API adds: 3 tokens a message, 1 more for a name, 3 to prime the reply. Exact for OpenAI
 * models; for other models served by compatible servers it is cl100k_base scaled by what the server
 * reported for earlier prompts. Thread-safe.
 */
final class OpenAiTokenCounter {

    private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();
    private static final int PER_MESSAGE = 3;
    private static final int REPLY_PRIMING = 3;
    private static final double WEIGHT = 0.2;
    static final int LONG_ANSWER_CHARS = 64 * 1024;

    private final OpenAiModel model;
    private volatile Encoding encoding;
    private volatile double correction = 1.0;
    private volatile int[] roles;
    private final TokenEstimator lengths = new TokenEstimator();

    OpenAiTokenCounter(OpenAiModel model) {
        this.model = model;
    }

    /** Whether counts are the model's own. */
    boolean exact() {
        return model.known();
    }

    /** The prompt tokens of these messages. */
    int count(List<Message> messages) {
        int raw = raw(messages);
        return exact() ? raw : (int) Math.ceil(raw * correction);
    }

    /**
     * An upper bound of {@link #count}, without running the tokenizer: byte-pair encoding never makes
     * more tokens of a text than its UTF-8 bytes, so each text is bounded by its length in bytes, with
     * the same framing. For a model counted by a scaled encoding, the bound is scaled as the count is
     * (by the correction of the moment).
     */
    int upperBound(List<Message> messages) {
        // Role names too are bounded by their bytes: counting them, even once, would load the encoding's
        // whole vocabulary (35 MB of heap for o200k) into a process that may never need an exact count.
        long bytes = framed(messages, r -> utf8Bytes(r.wireName()), OpenAiTokenCounter::utf8Bytes);
        double scaled = exact() ? bytes : Math.ceil(bytes * correction);
        return (int) Math.min(Integer.MAX_VALUE, scaled);
    }

    /** The UTF-8 length of a text, or more: a lone surrogate counts as the 3 bytes of its replacement. */
    static long utf8Bytes(String text) {
        long n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            n += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
        }
        return n;
    }

    /**
     * A cheap estimate of {@link #count}, for figures no decision waits on (what a stream cut short
     * has spent): the count itself once the vocabulary is loaded, else an estimate from lengths,
     * corrected by the prompt tokens the server reported for earlier calls. A process that never needs
     * an exact count then never loads the vocabulary (35 MB of heap for o200k).
     */
    int estimate(List<Message> messages) {
        return encodingLoaded() ? count(messages) : lengths.estimate(messages);
    }

    /** A cheap estimate of {@link #estimateAnswer}, as {@link #estimate} is of the count. */
    int estimateOutput(String text) {
        return encodingLoaded() ? estimateAnswer(text) : lengths.estimate(text);
    }

    /** The tokens of a piece of text, without framing. */
    int countText(String text) {
        return text.isEmpty() ? 0 : encoding().countTokensOrdinary(text);
    }

    /**
     * Estimates tokens from a length alone, at four characters a token: for text too long to be worth
     * encoding (byte-pair encoding a long unbroken run costs time that grows faster than its length).
     */
    static int byLength(long chars) {
        return (int) Math.min(Integer.MAX_VALUE, (chars + 3) / 4);
    }

    /** Estimates the output tokens of a whole answer, counted exactly unless it is very long. */
    int estimateAnswer(String text) {
        return text.length() <= LONG_ANSWER_CHARS ? countText(text) : byLength(text.length());
    }

    /**
     * Learns from a call's reported prompt tokens: the length estimate always, the count for models
     * whose tokenizer is not known here. Calls with tools are skipped: their prompt also holds the tool
     * definitions, which messages do not show.
     */
    void observe(List<Message> messages, int reportedPromptTokens, boolean hadTools) {
        if (hadTools || reportedPromptTokens <= 0) {
            return;
        }
        lengths.observe(messages, reportedPromptTokens);
        if (exact()) {
            return;
        }
        int raw = raw(messages);
        if (raw <= 0) {
            return;
        }
        double ratio = Math.max(0.25, Math.min(4.0, (double) reportedPromptTokens / raw));
        correction = correction * (1 - WEIGHT) + ratio * WEIGHT;
    }

    private int raw(List<Message> messages) {
        return (int) framed(messages, this::roleTokens, this::countText);
    }

    /** The framing of the Chat Completions API around texts measured by {@code text}. */
    private long framed(List<Message> messages, ToLongFunction<Role> role, ToLongFunction<String> text) {
        long tokens = REPLY_PRIMING;
        for (Message m : messages) {
            tokens += PER_MESSAGE + role.applyAsLong(m.role()) + text.applyAsLong(m.content());
            if (m.name() != null && !m.name().isEmpty() && m.toolCallId() == null) {
                tokens += 1 + text.applyAsLong(m.name());
            }
            if (m.toolCallId() != null) {
                tokens += text.applyAsLong(m.toolCallId());
            }
            for (ToolCall c : m.toolCalls()) {
                tokens += PER_MESSAGE + text.applyAsLong(c.id()) + text.applyAsLong(c.name())
                        + text.applyAsLong(c.argumentsJson());
            }
        }
        return tokens;
    }

    /** The tokens of a role's wire name: a constant of the encoding, counted once. */
    private int roleTokens(Role role) {
        int[] known = roles;
        if (known == null) {
            known = new int[Role.values().length];
            for (Role r : Role.values()) {
                known[r.ordinal()] = countText(r.wireName());
            }
            roles = known;
        }
        return known[role.ordinal()];
    }

    /** Whether the encoding's vocabulary has been loaded (for tests: a bound must not load it). */
    boolean encodingLoaded() {
        return encoding != null;
    }

    private Encoding encoding() {
        Encoding e = encoding;
        if (e == null) {
            e = REGISTRY.getEncoding(model.encoding());
            encoding = e;
        }
        return e;
    }
}
