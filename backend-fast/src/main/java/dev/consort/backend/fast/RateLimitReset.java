package dev.consort.backend.fast;

import dev.consort.spi.backend.HttpFailures;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a rate-limited caller should wait, from a 429's headers: the standard {@code retry-after-ms}
 * and {@code Retry-After} first, then OpenAI's {@code x-ratelimit-reset-requests} /
 * {@code x-ratelimit-reset-tokens}, which are Go durations ({@code 1s}, {@code 6m0s}, {@code 20ms}).
 */
final class RateLimitReset {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private RateLimitReset() {
    }

    static Optional<Duration> from(Map<String, List<String>> headers, Clock clock) {
        Optional<Duration> standard = HttpFailures.retryAfter(headers, clock);
        if (standard.isPresent()) {
            return standard;
        }
        Optional<Duration> requests = resetOf(headers, "requests");
        Optional<Duration> tokens = resetOf(headers, "tokens");
        // The limit that ran out decides; when the headers do not say which, wait for both.
        boolean requestsOut = exhausted(headers, "requests");
        boolean tokensOut = exhausted(headers, "tokens");
        if (requestsOut != tokensOut) {
            return requestsOut ? requests.or(() -> tokens) : tokens.or(() -> requests);
        }
        if (requests.isPresent() && tokens.isPresent()) {
            return Optional.of(requests.get().compareTo(tokens.get()) >= 0 ? requests.get() : tokens.get());
        }
        return requests.or(() -> tokens);
    }

    private static Optional<Duration> resetOf(Map<String, List<String>> headers, String limit) {
        return HttpFailures.header(headers, "x-ratelimit-reset-" + limit).flatMap(RateLimitReset::goDuration);
    }

    private static boolean exhausted(Map<String, List<String>> headers, String limit) {
        return HttpFailures.header(headers, "x-ratelimit-remaining-" + limit).map(String::trim).filter("0"::equals)
                .isPresent();
    }

    /**
     * Parses a Go duration such as {@code 6m0s}, {@code 1.5s}, {@code 20ms} or {@code 1h2m}; a bare number
     * is seconds.
     *
     * @return the duration, or empty when unreadable
     */
    static Optional<Duration> goDuration(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            return Optional.empty();
        }
        try {
            double seconds = Double.parseDouble(s);
            return seconds >= 0 && Double.isFinite(seconds)
                    ? Optional.of(Duration.ofNanos((long) (seconds * 1e9))) : Optional.empty();
        } catch (NumberFormatException notBare) {
            // a duration with units
        }
        Matcher m = PART.matcher(s);
        double nanos = 0;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                return Optional.empty();
            }
            double v = Double.parseDouble(m.group(1));
            nanos += v * switch (m.group(2)) {
                case "ns" -> 1d;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            end = m.end();
        }
        return end == s.length() ? Optional.of(Duration.ofNanos((long) nanos)) : Optional.empty();
    }
}
