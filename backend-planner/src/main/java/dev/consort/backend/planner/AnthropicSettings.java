package dev.consort.backend.planner;

import dev.consort.spi.config.PluginConfig;
import dev.consort.spi.config.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One {@code anthropic} backend's configuration, read and checked once.
 *
 * @param model              the model sent in each request; not blank
 * @param apiKey             the {@code x-api-key}, or null for a proxy that adds its own
 * @param baseUrl            the API root without a trailing slash ({@code https://api.anthropic.com})
 * @param contextWindow      the window in tokens
 * @param maxOutputTokens    {@code max_tokens} when a request does not say (the API requires one)
 * @param connectTimeout     the longest wait for a connection
 * @param readTimeout        the longest wait for the response headers, and the longest silence in a body
 * @param thinkingBudget     extended thinking's {@code budget_tokens}, or 0 for no thinking
 * @param exactTokenCount    whether {@code countTokens} asks {@code /v1/messages/count_tokens}
 * @param countTokensTimeout the longest wait for a token count before falling back to the estimate
 * @param anthropicVersion   the {@code anthropic-version} header
 * @param betas              the {@code anthropic-beta} features, possibly none
 */
record AnthropicSettings(String model, Secret apiKey, String baseUrl, int contextWindow, int maxOutputTokens,
                         Duration connectTimeout, Duration readTimeout, int thinkingBudget, boolean exactTokenCount,
                         Duration countTokensTimeout, String anthropicVersion, List<String> betas) {

    static final String DEFAULT_BASE_URL = "https://api.anthropic.com";
    static final String DEFAULT_VERSION = "2023-06-01";
    static final int DEFAULT_CONTEXT_WINDOW = 200_000;
    static final int DEFAULT_MAX_OUTPUT_TOKENS = 4096;
    /** The smallest {@code budget_tokens} the API accepts. */
    static final int MIN_THINKING_BUDGET = 1024;
    static final Set<String> KEYS = Set.of("model", "api_key", "base_url", "context_window", "max_output_tokens",
            "connect_timeout", "read_timeout", "thinking_budget", "exact_token_count", "count_tokens_timeout",
            "anthropic_version", "anthropic_beta");

    AnthropicSettings {
        Objects.requireNonNull(model, "model is null");
        Objects.requireNonNull(baseUrl, "baseUrl is null");
        Objects.requireNonNull(connectTimeout, "connectTimeout is null");
        Objects.requireNonNull(readTimeout, "readTimeout is null");
        Objects.requireNonNull(countTokensTimeout, "countTokensTimeout is null");
        Objects.requireNonNull(anthropicVersion, "anthropicVersion is null");
        betas = List.copyOf(betas);
        if (contextWindow <= 0 || maxOutputTokens <= 0 || maxOutputTokens >= contextWindow) {
            throw new IllegalArgumentException("need 0 < maxOutputTokens < contextWindow, got "
                    + maxOutputTokens + " and " + contextWindow);
        }
        if (thinkingBudget != 0 && thinkingBudget < MIN_THINKING_BUDGET) {
            throw new IllegalArgumentException("thinkingBudget must be 0 or at least " + MIN_THINKING_BUDGET);
        }
    }

    /**
     * The {@code max_tokens} sent when a request does not say: the configured answer tokens, plus the
     * thinking budget when the budget would otherwise eat them (the API wants {@code budget < max_tokens}).
     */
    int defaultMaxTokens() {
        return MaxTokens.of(maxOutputTokens, thinkingBudget);
    }

    /**
     * Reads and checks a configuration subtree.
     *
     * @throws dev.consort.spi.config.ConfigException naming the key at fault
     */
    static AnthropicSettings from(PluginConfig c) {
        c.checkKeys(KEYS);
        String model = c.requireString("model").trim();
        if (model.isEmpty()) {
            throw c.error("model", "must name a model (for example claude-opus-4-1)");
        }
        Secret key = c.secret("api_key").filter(s -> !s.isEmpty()).orElse(null);
        int window = positive(c, "context_window").orElse(DEFAULT_CONTEXT_WINDOW);
        int maxOutput = positive(c, "max_output_tokens").orElse(Math.min(DEFAULT_MAX_OUTPUT_TOKENS, window / 2));
        if (maxOutput >= window) {
            throw c.error("max_output_tokens", "must be smaller than context_window (" + window + ")");
        }
        int budget = c.integer("thinking_budget").orElse(0);
        if (budget != 0 && budget < MIN_THINKING_BUDGET) {
            throw c.error("thinking_budget", "must be 0 (no thinking) or at least " + MIN_THINKING_BUDGET
                    + " tokens, the API's minimum");
        }
        if (MaxTokens.of(maxOutput, budget) >= window) {
            throw c.error("thinking_budget", "with max_output_tokens (" + maxOutput
                    + ") must leave room in context_window (" + window + ")");
        }
        String version = c.string("anthropic_version").map(String::trim).filter(s -> !s.isEmpty())
                .orElse(DEFAULT_VERSION);
        List<String> betas = c.stringList("anthropic_beta").stream().map(String::trim).filter(s -> !s.isEmpty())
                .toList();
        return new AnthropicSettings(model, key, baseUrl(c), window, maxOutput,
                duration(c, "connect_timeout", Duration.ofSeconds(10)),
                duration(c, "read_timeout", Duration.ofSeconds(120)),
                budget, c.bool("exact_token_count").orElse(false),
                duration(c, "count_tokens_timeout", Duration.ofSeconds(5)), version, betas);
    }

    private static String baseUrl(PluginConfig c) {
        String url = c.string("base_url").map(String::trim).orElse(DEFAULT_BASE_URL);
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        try {
            URI uri = new URI(url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw c.error("base_url", "must be an http(s) URL such as " + DEFAULT_BASE_URL);
            }
        } catch (URISyntaxException e) {
            throw c.error("base_url", "is not a URL: " + e.getReason());
        }
        return url;
    }

    private static Optional<Integer> positive(PluginConfig c, String key) {
        var v = c.integer(key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (v.getAsInt() <= 0) {
            throw c.error(key, "must be positive");
        }
        return Optional.of(v.getAsInt());
    }

    private static Duration duration(PluginConfig c, String key, Duration fallback) {
        Duration d = c.duration(key).orElse(fallback);
        if (d.isNegative() || d.isZero()) {
            throw c.error(key, "must be positive");
        }
        return d;
    }
}
