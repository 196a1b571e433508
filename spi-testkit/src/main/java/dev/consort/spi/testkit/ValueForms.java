package dev.consort.spi.testkit;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The value forms Consort's configuration loader accepts for durations and sizes, mirrored so that
 * {@link MapPluginConfig} reads {@code 300ms} or {@code 128k} as the real loader does.
 */
final class ValueForms {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)?");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(kib|mib|gib|kb|mb|gb|k|m|g|b)?");

    private ValueForms() {
    }

    /** {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d}, ISO-8601, or seconds; null when unreadable. */
    static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("p")) {
            try {
                return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        Matcher m = DURATION.matcher(t);
        if (!m.matches()) {
            return null;
        }
        double n = Double.parseDouble(m.group(1));
        double millis = n * switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> 1;
            case "s" -> 1_000;
            case "m" -> 60_000;
            case "h" -> 3_600_000;
            default -> 86_400_000;
        };
        return Duration.ofMillis(Math.round(millis));
    }

    /** A whole number, possibly negative, with {@code KiB}/{@code MiB}/{@code GiB} or {@code k}/{@code M}/{@code G}; null when unreadable. */
    static Long size(String text) {
        String t = text.trim();
        if (t.startsWith("-")) {
            Long n = size(t.substring(1));
            return n == null ? null : -n;
        }
        Matcher m = SIZE.matcher(t.toLowerCase(Locale.ROOT).replace("_", ""));
        if (!m.matches()) {
            return null;
        }
        long factor = switch (m.group(2) == null ? "" : m.group(2)) {
            case "kib" -> 1L << 10;
            case "mib" -> 1L << 20;
            case "gib" -> 1L << 30;
            case "k", "kb" -> 1_000L;
            case "m", "mb" -> 1_000_000L;
            case "g", "gb" -> 1_000_000_000L;
            default -> 1L;
        };
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), factor);
        } catch (ArithmeticException | NumberFormatException e) {
            return null;
        }
    }
}
