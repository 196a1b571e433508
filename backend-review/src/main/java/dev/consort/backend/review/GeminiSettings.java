package dev.consort.backend.review;

import dev.consort.spi.config.PluginConfig;
import dev.consort.spi.config.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The settings of one {@code gemini} backend, read and checked from its configuration subtree.
 *
 * @param model           the model name, without a {@code models/} prefix; not blank
 * @param apiKey          the API key; may be null for a proxy that adds its own
 * @param baseUrl         the API root without a trailing slash; not null
 * @param contextWindow   the window in tokens; positive
 * @param maxOutputTokens the configured output limit, or 0 when not configured
 * @param connectTimeout  the connect time-out; positive
 * @param readTimeout     the time-out for the response headers and for silence mid-body; positive
 * @param exactTokenCount whether {@code countTokens} asks the API instead of estimating
 */
record GeminiSettings(String model, Secret apiKey, String baseUrl, int contextWindow, int maxOutputTokens,
                      Duration connectTimeout, Duration readTimeout, boolean exactTokenCount) {

    static final String DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com";
    static final int DEFAULT_CONTEXT_WINDOW = 1_048_576;
    static final int DEFAULT_MAX_OUTPUT_TOKENS = 8192;

    static final Set<String> KEYS = Set.of("model", "api_key", "base_url", "context_window", "max_output_tokens",
            "connect_timeout", "read_timeout", "exact_token_count");

    GeminiSettings {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model is blank");
        }
        Objects.requireNonNull(baseUrl, "baseUrl is null");
        Objects.requireNonNull(connectTimeout, "connectTimeout is null");
        Objects.requireNonNull(readTimeout, "readTimeout is null");
        if (contextWindow <= 0) {
            throw new IllegalArgumentException("contextWindow must be positive, got " + contextWindow);
        }
    }

    /**
     * Reads and checks a configuration subtree.
     *
     * @throws dev.consort.spi.config.ConfigException naming the key when a value is wrong
     */
    static GeminiSettings from(PluginConfig config) {
        config.checkKeys(KEYS);
        String model = config.requireString("model").strip();
        if (model.startsWith("models/")) {
            model = model.substring("models/".length());
        }
        if (model.isEmpty() || model.contains("/") || model.contains("?") || model.contains(":")) {
            throw config.error("model", "not a Gemini model name: '" + model + "'");
        }
        Optional<String> base = config.string("base_url");
        String baseUrl = base.map(String::strip).orElse(DEFAULT_BASE_URL);
        checkUrl(config, baseUrl);
        while (baseUrl.endsWith("/")) {
            baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
        }
        Secret key = config.secret("api_key").filter(s -> !s.isEmpty()).orElse(null);
        if (key == null && base.isEmpty()) {
            throw config.error("api_key", "is required for the Gemini API (set api_key: ${GEMINI_API_KEY})");
        }
        int window = positive(config, "context_window", DEFAULT_CONTEXT_WINDOW);
        int maxOut = config.has("max_output_tokens") ? positive(config, "max_output_tokens", 0) : 0;
        if (maxOut >= window) {
            throw config.error("max_output_tokens", "must be smaller than context_window (" + window + ")");
        }
        return new GeminiSettings(model, key, baseUrl, window, maxOut,
                duration(config, "connect_timeout", Duration.ofSeconds(10)),
                duration(config, "read_timeout", Duration.ofSeconds(120)),
                config.bool("exact_token_count").orElse(false));
    }

    /** The output tokens reserved when a request does not say. */
    int reservedOutputTokens() {
        return maxOutputTokens > 0 ? maxOutputTokens : Math.min(DEFAULT_MAX_OUTPUT_TOKENS, contextWindow / 2);
    }

    private static void checkUrl(PluginConfig config, String url) {
        try {
            URI uri = URI.create(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw config.error("base_url", "must be an http or https URL, got '" + url + "'");
            }
        } catch (IllegalArgumentException e) {
            throw config.error("base_url", "is not a URL: '" + url + "'");
        }
    }

    private static int positive(PluginConfig config, String key, int dflt) {
        int v = config.integer(key).orElse(dflt);
        if (v <= 0) {
            throw config.error(key, "must be positive, got " + v);
        }
        return v;
    }

    private static Duration duration(PluginConfig config, String key, Duration dflt) {
        Duration d = config.duration(key).orElse(dflt);
        if (d.isNegative() || d.isZero()) {
            throw config.error(key, "must be positive, got " + d);
        }
        return d;
    }
}
