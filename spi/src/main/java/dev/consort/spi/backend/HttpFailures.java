package dev.consort.spi.backend;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Maps an HTTP error response to the SPI's failure types, the same way for every HTTP backend.
 * Providers first look for their own signals in the body (for example a
 * {@code context_length_exceeded} code) and fall back to {@link #forStatus}.
 *
 * @since 1.0
 */
public final class HttpFailures {

    private static final int MAX_MESSAGE = 300;

    private HttpFailures() {
    }

    /**
     * The failure an HTTP status means when the body says nothing more specific: 401/403
     * authentication; 408 time-out; 429 rate limit; 503/529 overloaded; other 5xx server error; other
     * 4xx invalid request.
     *
     * @param backend         the backend's name; not null
     * @param status          the HTTP status, 400 or more
     * @param providerMessage what the provider said (made one line and cut short here); may be null
     * @param retryAfter      the wait the provider asked for; may be null
     * @return the failure; never null
     */
    public static BackendException forStatus(String backend, int status, String providerMessage, Duration retryAfter) {
        Objects.requireNonNull(backend, "backend is null");
        String said = oneLine(providerMessage);
        String msg = "backend '" + backend + "': HTTP " + status + (said.isEmpty() ? "" : ": " + said);
        return switch (status) {
            case 401, 403 -> new AuthenticationException(backend, msg + " (check the API key)", status, null);
            case 408 -> new TransportException(backend, msg, true, null);
            case 429 -> new RateLimitedException(backend, msg, retryAfter, status);
            case 503, 529 -> new OverloadedException(backend, msg, status, null);
            default -> status >= 500
                    ? new ServerErrorException(backend, msg, status, null)
                    : new InvalidRequestException(backend, msg, status, null);
        };
    }

    /**
     * Reads the standard retry hints of a response: {@code retry-after-ms} (milliseconds), then
     * {@code retry-after} (seconds or an HTTP date).
     *
     * @param headers the response headers, names in any case; not null
     * @param clock   the clock to measure an HTTP date against; not null
     * @return the wait, if the response gave one
     */
    public static Optional<Duration> retryAfter(Map<String, List<String>> headers, Clock clock) {
        Optional<String> ms = header(headers, "retry-after-ms");
        if (ms.isPresent()) {
            try {
                double v = Double.parseDouble(ms.get().trim());
                if (v >= 0 && Double.isFinite(v)) {
                    return Optional.of(Duration.ofMillis((long) v));
                }
            } catch (NumberFormatException ignored) {
                // fall through to retry-after
            }
        }
        return header(headers, "retry-after").flatMap(v -> parseRetryAfter(v, clock));
    }

    /**
     * Parses a {@code Retry-After} value: a number of seconds (fractions allowed) or an HTTP date.
     *
     * @param value the header value; not null
     * @param clock the clock for dates; not null
     * @return the wait (zero for a date in the past), or empty when unreadable
     */
    public static Optional<Duration> parseRetryAfter(String value, Clock clock) {
        String v = value.trim();
        try {
            double seconds = Double.parseDouble(v);
            return seconds < 0 || !Double.isFinite(seconds) ? Optional.empty()
                    : Optional.of(Duration.ofMillis((long) (seconds * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(clock.instant(), at.toInstant());
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }

    /**
     * The first value of a header, matching its name in any case.
     *
     * @param headers the headers; not null
     * @param name    the name; not null
     * @return the value, if present
     */
    public static Optional<String> header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return Optional.of(e.getValue().get(0));
            }
        }
        return Optional.empty();
    }

    /**
     * Makes a provider's text fit one line of an error message: line breaks folded, cut at 300
     * characters.
     *
     * @param text the text; may be null
     * @return the line; never null
     */
    public static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        String s = text.replaceAll("\\s+", " ").trim();
        return s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE) + "...";
    }

    /**
     * Lower-cases for comparisons of provider codes.
     *
     * @param s the text; may be null
     * @return the lower-case text, or empty
     */
    static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
