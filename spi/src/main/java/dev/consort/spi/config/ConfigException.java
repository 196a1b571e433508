package dev.consort.spi.config;

import java.util.Objects;

/**
 * A configuration error: a wrong type, a missing or unknown key, a value out of range. Its message is
 * one line that names where ({@code consort.yaml:12:5}) and what to do; it never contains a secret.
 *
 * @since 1.0
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String location;

    /**
     * Creates the error.
     *
     * @param location where, as {@code file:line:column}, or empty when unknown; not null
     * @param message  what is wrong, one line; not null
     */
    public ConfigException(String location, String message) {
        super(location.isEmpty() ? message : location + ": " + message);
        this.location = Objects.requireNonNull(location, "location is null");
    }

    /**
     * Where the error is.
     *
     * @return {@code file:line:column}, or empty; never null
     */
    public String location() {
        return location;
    }
}
