package dev.consort.gateway;

import dev.consort.core.api.GatewaySettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Tells who is calling from the {@code Authorization: Bearer KEY} header. Keys are known by their SHA-256
 * only; the key itself is neither kept nor logged. With no key configured every caller is the one
 * {@link #ANONYMOUS} client (the loopback-only mode). Thread-safe.
 */
final class ClientKeys {

    static final String ANONYMOUS = "anonymous";

    /** A caller with its limits. */
    record Client(String name, RateLimiter rateLimiter, ClientBudget budget) {
        /** Takes a rate-limit token and checks the budget, or throws a 429. */
        void admit() {
            if (rateLimiter != null) {
                long wait = rateLimiter.tryAcquire();
                if (wait > 0) {
                    throw GatewayError.rateLimited("client '" + name + "' is over its rate limit; retry in " + wait
                            + " s", wait);
                }
            }
            if (budget != null) {
                budget.check(name);
            }
        }

        /** Counts one finished request against the budget. */
        void budgetRecord(java.math.BigDecimal costUsd, long tokens) {
            if (budget != null) {
                budget.record(costUsd, tokens);
            }
        }
    }

    private final Map<String, Client> byHash;
    private final Client anonymous = new Client(ANONYMOUS, null, null);

    ClientKeys(GatewaySettings settings, Clock clock, LongSupplier nanoTime) {
        this.byHash = settings.clients().stream().collect(Collectors.toUnmodifiableMap(GatewaySettings.Client::keySha256,
                c -> new Client(c.name(), c.rateLimit() == null ? null : new RateLimiter(c.rateLimit(), nanoTime),
                        c.budget() == null ? null : new ClientBudget(c.budget(), clock))));
    }

    /** Tells whether any key is accepted (none is configured). */
    boolean anyKeyAccepted() {
        return byHash.isEmpty();
    }

    /**
     * The client presenting this {@code Authorization} header.
     *
     * @param authorization the header's value; may be null
     * @return the client
     * @throws GatewayError 401 when keys are configured and this one is missing or unknown
     */
    Client authenticate(String authorization) {
        if (byHash.isEmpty()) {
            return anonymous;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || authorization.length() == 7) {
            throw GatewayError.unauthorized("Missing API key: send it as 'Authorization: Bearer KEY'.");
        }
        Client c = byHash.get(sha256(authorization.substring(7).trim()));
        if (c == null) {
            throw GatewayError.unauthorized("Incorrect API key provided.");
        }
        return c;
    }

    static String sha256(String key) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(d.digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
