package dev.consort.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's Prometheus metrics: requests and their latency (histograms), time to the first streamed
 * chunk, tokens, cost and errors, each by backend and by client. Tags are bounded: backend names come from
 * the configuration ({@code none} when no backend was reached), client names from the configuration
 * ({@code anonymous} without keys); a model name a client sent is never a tag. Thread-safe.
 */
final class GatewayMetrics {

    static final String NO_BACKEND = "none";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // The meters of each tag combination, made once: building and looking one up costs more than recording.
    private final Map<RequestKey, Timer> requests = new ConcurrentHashMap<>();
    private final Map<RequestKey, Counter> errors = new ConcurrentHashMap<>();
    private final Map<UsageKey, Timer> firstChunks = new ConcurrentHashMap<>();
    private final Map<UsageKey, UsageMeters> usage = new ConcurrentHashMap<>();

    private record RequestKey(String client, String backend, int status, boolean stream) {
    }

    private record UsageKey(String client, String backend) {
    }

    private record UsageMeters(Counter prompt, Counter completion, Counter cost) {
    }

    /** One finished request: its status, latency and, when answered, tokens and cost. */
    void request(String client, String backend, int status, boolean stream, Duration took) {
        RequestKey key = new RequestKey(client, backend, status, stream);
        requests.computeIfAbsent(key, k -> Timer.builder("consort.gateway.requests")
                .description("Chat completion requests, by outcome")
                .tags("client", k.client(), "backend", k.backend(), "status", Integer.toString(k.status()),
                        "stream", Boolean.toString(k.stream()))
                .publishPercentileHistogram().register(registry)).record(took);
        if (status >= 400) {
            errors.computeIfAbsent(new RequestKey(client, backend, status, false), k -> Counter
                    .builder("consort.gateway.errors").description("Requests answered with an error status")
                    .tags("client", k.client(), "backend", k.backend(), "status", Integer.toString(k.status()))
                    .register(registry)).increment();
        }
    }

    /** Time from the request's arrival to the first chunk sent on a stream. */
    void firstChunk(String client, String backend, Duration took) {
        firstChunks.computeIfAbsent(new UsageKey(client, backend), k -> Timer
                .builder("consort.gateway.time_to_first_chunk").description("Streams: arrival to first chunk sent")
                .tags("client", k.client(), "backend", k.backend()).publishPercentileHistogram().register(registry))
                .record(took);
    }

    /** Tokens and dollars of an answered request. */
    void usage(String client, String backend, long promptTokens, long completionTokens, BigDecimal costUsd) {
        UsageMeters m = usage.computeIfAbsent(new UsageKey(client, backend), k -> new UsageMeters(
                tokens(k, "prompt"), tokens(k, "completion"),
                Counter.builder("consort.gateway.cost").baseUnit("usd").description("Dollars spent, from the pricing table")
                        .tags("client", k.client(), "backend", k.backend()).register(registry)));
        m.prompt().increment(promptTokens);
        m.completion().increment(completionTokens);
        m.cost().increment(costUsd.doubleValue());
    }

    private Counter tokens(UsageKey k, String kind) {
        return Counter.builder("consort.gateway.tokens").baseUnit("tokens")
                .tags("client", k.client(), "backend", k.backend(), "kind", kind).register(registry);
    }

    /** The Prometheus text exposition. */
    String scrape() {
        return registry.scrape();
    }
}
