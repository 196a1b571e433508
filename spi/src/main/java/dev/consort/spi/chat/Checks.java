package dev.consort.spi.chat;

import java.util.List;
import java.util.Objects;

/** Argument checks shared by the SPI's records. Package-private on purpose. */
final class Checks {
    private Checks() {
    }

    static String notBlank(String value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " is blank");
        }
        return value;
    }

    static int notNegative(int value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " is negative: " + value);
        }
        return value;
    }

    static long notNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " is negative: " + value);
        }
        return value;
    }

    static <T> List<T> copy(List<T> list, String name) {
        if (list == null) {
            return List.of();
        }
        for (T t : list) {
            Objects.requireNonNull(t, () -> name + " contains null");
        }
        return List.copyOf(list);
    }
}
