package dev.consort.core.api;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code gateway} section, as {@code consort serve} needs it: where to listen, how large a request may
 * be, which model names are aliases, and the client keys with their budgets and rate limits. Immutable.
 *
 * @param bind         the address to listen on ({@code 127.0.0.1} unless configured)
 * @param port         the port (0: any free port)
 * @param maxBodyBytes the largest request body accepted, in bytes
 * @param aliases      model names clients may send, each to a backend name or {@code task:TYPE}, in file order
 * @param clients      the client keys, in file order; empty when none is configured
 * @param taskTypes    the task types the routing rules name, for {@code GET /v1/models}
 * @since 0.1
 */
public record GatewaySettings(String bind, int port, long maxBodyBytes, Map<String, String> aliases,
                              List<Client> clients, List<String> taskTypes) {

    /** The default port of {@code consort serve}. */
    public static final int DEFAULT_PORT = 8787;

    /** The default request body limit: 4 MiB. */
    public static final long DEFAULT_MAX_BODY_BYTES = 4L << 20;

    /** The defaults: loopback, the default port and body limit, no alias, no client key. */
    public static final GatewaySettings DEFAULTS = new GatewaySettings("127.0.0.1", DEFAULT_PORT,
            DEFAULT_MAX_BODY_BYTES, Map.of(), List.of(), List.of());

    /** Validates and copies the components. */
    public GatewaySettings {
        Objects.requireNonNull(bind, "bind is null");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("maxBodyBytes must be positive, got " + maxBodyBytes);
        }
        aliases = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(aliases));
        clients = List.copyOf(clients);
        taskTypes = List.copyOf(taskTypes);
    }

    /**
     * These settings listening elsewhere (command-line options beat the file).
     *
     * @param newBind the address, or null to keep this one
     * @param newPort the port, or null to keep this one
     * @return a copy
     */
    public GatewaySettings listeningOn(String newBind, Integer newPort) {
        return new GatewaySettings(newBind == null ? bind : newBind, newPort == null ? port : newPort, maxBodyBytes,
                aliases, clients, taskTypes);
    }

    /**
     * A client allowed to call the gateway.
     *
     * @param name      the client's name, used in metrics and logs (never the key); not blank
     * @param keySha256 the SHA-256 of its key, 64 lower-case hex digits (configured as {@code sha256:HEX})
     * @param budget    its budget, or null for none
     * @param rateLimit its rate limit, or null for none
     */
    public record Client(String name, String keySha256, Budget budget, RateLimit rateLimit) {
        /** Validates the components. */
        public Client {
            Objects.requireNonNull(name, "name is null");
            if (keySha256 == null || !keySha256.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("keySha256 must be 64 lower-case hex digits");
            }
        }
    }

    /**
     * A client's budget over a period; any limit may be null (no limit).
     *
     * @param usd      dollars
     * @param requests requests
     * @param tokens   prompt plus completion tokens
     * @param period   {@code total}, {@code day} or {@code month}
     */
    public record Budget(BigDecimal usd, Long requests, Long tokens, String period) {
        /** Validates the components. */
        public Budget {
            Objects.requireNonNull(period, "period is null");
        }
    }

    /**
     * At most {@code requests} requests per {@code per}.
     *
     * @param requests the number of requests; positive
     * @param per      the window; positive
     */
    public record RateLimit(int requests, Duration per) {
        /** Validates the components. */
        public RateLimit {
            if (requests <= 0) {
                throw new IllegalArgumentException("requests must be positive, got " + requests);
            }
            if (per == null || per.isZero() || per.isNegative()) {
                throw new IllegalArgumentException("per must be a positive duration");
            }
        }
    }
}
