package dev.consort.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * The gateway's Prometheus metrics: requests and their latency (histograms), time to the first streamed
 * chunk, tokens, cost and errors, each by backend and by client. Tags are bounded: backend names come from
 * the configuration ({@code none} when no backend was reached), client names from the configuration
 * ({@code anonymous} without keys); a model name a client sent is never a tag. Thread-safe.
 */
final class GatewayMetrics {

    static final String NO_BACKEND = "none";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    /** One finished request: its status, latency and, when answered, tokens and cost. */
    void request(String client, String backend, int status, boolean stream, Duration took) {
        Timer.builder("consort.gateway.requests").description("Chat completion requests, by outcome")
                .tags("client", client, "backend", backend, "status", Integer.toString(status),
                        "stream", Boolean.toString(stream))
                .publishPercentileHistogram().register(registry).record(took);
        if (status >= 400) {
            Counter.builder("consort.gateway.errors").description("Requests answered with an error status")
                    .tags("client", client, "backend", backend, "status", Integer.toString(status))
                    .register(registry).increment();
        }
    }

    /** Time from the request's arrival to the first chunk sent on a stream. */
    void firstChunk(String client, String backend, Duration took) {
        Timer.builder("consort.gateway.time_to_first_chunk").description("Streams: arrival to first chunk sent")
                .tags("client", client, "backend", backend).publishPercentileHistogram().register(registry).record(took);
    }

    /** Tokens and dollars of an answered request. */
    void usage(String client, String backend, long promptTokens, long completionTokens, BigDecimal costUsd) {
        Counter.builder("consort.gateway.tokens").baseUnit("tokens").tags("client", client, "backend", backend, "kind", "prompt")
                .register(registry).increment(promptTokens);
        Counter.builder("consort.gateway.tokens").baseUnit("tokens").tags("client", client, "backend", backend, "kind", "completion")
                .register(registry).increment(completionTokens);
        Counter.builder("consort.gateway.cost").baseUnit("usd").description("Dollars spent, from the pricing table")
                .tags("client", client, "backend", backend).register(registry).increment(costUsd.doubleValue());
    }

    /** The Prometheus text exposition. */
    String scrape() {
        return registry.scrape();
    }
}
