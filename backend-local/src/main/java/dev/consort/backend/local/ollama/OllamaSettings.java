package dev.consort.backend.local.ollama;

import dev.consort.spi.config.PluginConfig;
import dev.consort.spi.config.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * The settings of one {@code ollama} backend, read and checked from its configuration subtree.
 *
 * @param model           the model tag ({@code qwen2.5-coder:7b}); not blank
 * @param apiKey          a bearer token for a proxied Ollama; may be null
 * @param baseUrl         the server root without a trailing slash; not null
 * @param contextWindow   the configured window, or 0 to read the model's own from {@code /api/show}
 * @param maxOutputTokens the configured output limit, or 0 when not configured
 * @param connectTimeout  the connect time-out; positive
 * @param readTimeout     the time-out for the response headers and for silence mid-body; positive
 * @param keepAlive       how long Ollama keeps the model loaded ({@code 5m}, {@code -1}), or null for its default
 */
record OllamaSettings(String model, Secret apiKey, String baseUrl, int contextWindow, int maxOutputTokens,
                      Duration connectTimeout, Duration readTimeout, String keepAlive) {

    static final String DEFAULT_BASE_URL = "http://127.0.0.1:11434";

    static final Set<String> KEYS = Set.of("model", "api_key", "base_url", "context_window", "max_output_tokens",
            "connect_timeout", "read_timeout", "keep_alive");

    OllamaSettings {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model is blank");
        }
        Objects.requireNonNull(baseUrl, "baseUrl is null");
        Objects.requireNonNull(connectTimeout, "connectTimeout is null");
        Objects.requireNonNull(readTimeout, "readTimeout is null");
        if (contextWindow < 0 || maxOutputTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative");
        }
    }

    /**
     * Reads and checks a configuration subtree.
     *
     * @throws dev.consort.spi.config.ConfigException naming the key when a value is wrong
     */
    static OllamaSettings from(PluginConfig config) {
        config.checkKeys(KEYS);
        String model = config.requireString("model").strip();
        if (model.isEmpty()) {
            throw config.error("model", "is empty");
        }
        String baseUrl = config.string("base_url").map(String::strip).orElse(DEFAULT_BASE_URL);
        try {
            URI uri = URI.create(baseUrl);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw config.error("base_url", "must be an http or https URL, got '" + baseUrl + "'");
            }
        } catch (IllegalArgumentException e) {
            throw config.error("base_url", "is not a URL: '" + baseUrl + "'");
        }
        while (baseUrl.endsWith("/")) {
            baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
        }
        int window = positiveIfSet(config, "context_window");
        int maxOut = positiveIfSet(config, "max_output_tokens");
        if (window > 0 && maxOut >= window) {
            throw config.error("max_output_tokens", "must be smaller than context_window (" + window + ")");
        }
        return new OllamaSettings(model, config.secret("api_key").filter(s -> !s.isEmpty()).orElse(null), baseUrl,
                window, maxOut, duration(config, "connect_timeout", Duration.ofSeconds(10)),
                duration(config, "read_timeout", Duration.ofSeconds(120)),
                config.string("keep_alive").map(String::strip).filter(s -> !s.isEmpty()).orElse(null));
    }

    private static int positiveIfSet(PluginConfig config, String key) {
        if (!config.has(key)) {
            return 0;
        }
        int v = config.integer(key).orElse(0);
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
