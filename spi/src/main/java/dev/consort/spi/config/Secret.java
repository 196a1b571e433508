package dev.consort.spi.config;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A secret configuration value (an API key, a password). Its {@link #toString()} is redacted, so it
 * cannot leak into a log line, an error message or {@code config show} by accident; only
 * {@link #reveal()} gives the value, at the one place it is sent.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 1.0
 */
public final class Secret {

    /** What {@link #toString()} prints. */
    public static final String REDACTED = "****";

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /**
     * Wraps a value.
     *
     * @param value the secret; not null
     * @return the secret
     */
    public static Secret of(String value) {
        return new Secret(Objects.requireNonNull(value, "secret value is null"));
    }

    /**
     * The secret itself. Call it only where the value is sent; never log what it returns.
     *
     * @return the value; never null
     */
    public String reveal() {
        return value;
    }

    /**
     * Tells whether the value is empty (for example an unset environment variable with an empty default).
     *
     * @return true when empty
     */
    public boolean isEmpty() {
        return value.isEmpty();
    }

    /**
     * Always {@value #REDACTED}.
     *
     * @return the redacted text
     */
    @Override
    public String toString() {
        return REDACTED;
    }

    /**
     * Compares values in constant time.
     *
     * @param o another object
     * @return true for a secret with the same value
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8),
                s.value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A constant, so a hash reveals nothing of the value.
     *
     * @return 0
     */
    @Override
    public int hashCode() {
        return 0;
    }
}
