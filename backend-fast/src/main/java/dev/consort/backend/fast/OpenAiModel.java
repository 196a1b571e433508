package dev.consort.backend.fast;

import com.knuddels.jtokkit.api.EncodingType;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What Consort knows of a model by its name: its family's tokenizer, window, output limit and request
 * quirks. Names with a routing prefix ({@code openai/gpt-4o} on OpenRouter) are judged by their last
 * segment. Models of other vendors served by compatible servers are "unknown" and get conservative
 * defaults.
 *
 * @param name the configured model name; not blank
 */
record OpenAiModel(String name) {

    private static final Pattern O_SERIES = Pattern.compile("^o\\d(?:$|-.*)");

    OpenAiModel {
        Objects.requireNonNull(name, "name is null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name is blank");
        }
    }

    private String bare() {
        return name.substring(name.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    }

    /** Whether this is an OpenAI model whose tokenizer jtokkit has. */
    boolean known() {
        String m = bare();
        return m.startsWith("gpt-3.5") || m.startsWith("gpt-4") || m.startsWith("gpt-5")
                || m.startsWith("chatgpt-") || O_SERIES.matcher(m).matches();
    }

    /** Whether the model reasons before answering: it refuses {@code temperature} and counts thinking as output. */
    boolean reasoning() {
        String m = bare();
        return O_SERIES.matcher(m).matches() || (m.startsWith("gpt-5") && !m.startsWith("gpt-5-chat"));
    }

    /** Whether the output limit goes in {@code max_completion_tokens} rather than the legacy {@code max_tokens}. */
    boolean usesMaxCompletionTokens() {
        return reasoning() || bare().startsWith("gpt-4.1") || bare().startsWith("gpt-5");
    }

    /** The tokenizer: o200k_base for the gpt-4o generation onwards, cl100k_base for older and unknown models. */
    EncodingType encoding() {
        String m = bare();
        boolean o200k = m.startsWith("gpt-4o") || m.startsWith("gpt-4.1") || m.startsWith("gpt-4.5")
                || m.startsWith("gpt-5") || m.startsWith("chatgpt-4o") || O_SERIES.matcher(m).matches();
        return o200k ? EncodingType.O200K_BASE : EncodingType.CL100K_BASE;
    }

    /** The context window in tokens, prompt and output together. */
    int defaultContextWindow() {
        String m = bare();
        if (m.startsWith("gpt-4.1")) {
            return 1_047_576;
        }
        if (m.startsWith("gpt-5-chat")) {
            return 128_000;
        }
        if (m.startsWith("gpt-5")) {
            return 400_000;
        }
        if (m.startsWith("o1-mini") || m.startsWith("o1-preview")) {
            return 128_000;
        }
        if (O_SERIES.matcher(m).matches()) {
            return 200_000;
        }
        if (m.startsWith("gpt-4o") || m.startsWith("chatgpt-4o") || m.startsWith("gpt-4.5")
                || m.startsWith("gpt-4-turbo") || m.startsWith("gpt-4-1106") || m.startsWith("gpt-4-0125")) {
            return 128_000;
        }
        if (m.startsWith("gpt-4-32k")) {
            return 32_768;
        }
        if (m.startsWith("gpt-4")) {
            return 8_192;
        }
        if (m.startsWith("gpt-3.5-turbo-instruct")) {
            return 4_096;
        }
        if (m.startsWith("gpt-3.5")) {
            return 16_385;
        }
        return 8_192;
    }

    /** The output tokens to reserve when neither the request nor the configuration says. */
    int defaultMaxOutputTokens() {
        String m = bare();
        if (m.startsWith("gpt-4.1")) {
            return 32_768;
        }
        if (m.startsWith("gpt-5-chat") || m.startsWith("gpt-4o") || m.startsWith("chatgpt-4o")
                || m.startsWith("gpt-4.5")) {
            return 16_384;
        }
        if (m.startsWith("gpt-5")) {
            return 128_000;
        }
        if (m.startsWith("o1-mini")) {
            return 65_536;
        }
        if (m.startsWith("o1-preview")) {
            return 32_768;
        }
        if (O_SERIES.matcher(m).matches()) {
            return 100_000;
        }
        if (m.startsWith("gpt-4-turbo") || m.startsWith("gpt-4-1106") || m.startsWith("gpt-4-0125")
                || m.startsWith("gpt-3.5")) {
            return 4_096;
        }
        return 2_048;
    }
}
