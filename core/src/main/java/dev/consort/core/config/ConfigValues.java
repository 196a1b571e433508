package dev.consort.core.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the value forms configuration accepts: durations and sizes. Returns null for a bad value. */
public final class ConfigValues {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)?");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(kib|mib|gib|kb|mb|gb|k|m|g|b)?");

    private ConfigValues() {
    }

    /** {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d}, {@code PT5S}, or seconds. */
    public static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("pt") || t.startsWith("p")) {
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
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = switch (unit) {
            case "ms" -> n;
            case "s" -> n * 1_000;
            case "m" -> n * 60_000;
            case "h" -> n * 3_600_000;
            default -> n * 86_400_000;
        };
        return Duration.ofMillis(Math.round(millis));
    }

    /**
     * A whole number with an optional suffix: {@code KiB}/{@code MiB}/{@code GiB} (powers of 1024),
     * {@code k}/{@code M}/{@code G} or {@code KB}/{@code MB}/{@code GB} (powers of 1000), {@code B}.
     */
    public static Long size(String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT).replace("_", ""));
        if (!m.matches()) {
            return null;
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
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
            return Math.multiplyExact(n, factor);
        } catch (ArithmeticException e) {
            return null;
        }
    }
}
