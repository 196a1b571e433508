package org.example.textgen;

import dev.consort.spi.config.PluginConfig;
import dev.consort.spi.config.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Set;

/**
 * One {@code textgen} backend's configuration, read and checked once. Every error goes through
 * {@link PluginConfig#error}, so it names the file, line and column of the value at fault.
 *
 * @param model         the model name the service is asked for
 * @param baseUrl       the service root, without a trailing slash
 * @param apiKey        the bearer token, or null
 * @param contextWindow the window in tokens
 * @param maxOutput     output tokens reserved when a request does not say
 * @param readTimeout   the longest wait for headers, and the longest silence in a streamed body
 */
record TextGenSettings(String model, String baseUrl, Secret apiKey, int contextWindow, int maxOutput,
                       Duration readTimeout) {

    static final Set<String> KEYS = Set.of("model", "base_url", "api_key", "context_window", "max_output_tokens",
            "read_timeout");

    static TextGenSettings from(PluginConfig c) {
        c.checkKeys(KEYS);
        String model = c.requireString("model").strip();
        String url = c.requireString("base_url").strip();
        try {
            URI uri = URI.create(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw c.error("base_url", "must be an http or https URL, got '" + url + "'");
            }
        } catch (IllegalArgumentException e) {
            throw c.error("base_url", "is not a URL: '" + url + "'");
        }
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        int window = c.integer("context_window").orElse(8192);
        int maxOutput = c.integer("max_output_tokens").orElse(Math.min(1024, window / 4));
        if (window <= 0 || maxOutput <= 0 || maxOutput >= window) {
            throw c.error(c.has("max_output_tokens") ? "max_output_tokens" : "context_window",
                    "needs 0 < max_output_tokens < context_window, got " + maxOutput + " and " + window);
        }
        Duration readTimeout = c.duration("read_timeout").orElse(Duration.ofSeconds(60));
        if (readTimeout.isNegative() || readTimeout.isZero()) {
            throw c.error("read_timeout", "must be positive");
        }
        return new TextGenSettings(model, url, c.secret("api_key").filter(s -> !s.isEmpty()).orElse(null), window,
                maxOutput, readTimeout);
    }
}
