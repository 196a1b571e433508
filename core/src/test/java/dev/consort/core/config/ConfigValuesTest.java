package dev.consort.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigValuesTest {

    @ParameterizedTest
    @CsvSource({
        "250ms, 250",
        "30s, 30000",
        "5m, 300000",
        "1h, 3600000",
        "2d, 172800000",
        "PT5S, 5000",
        "pt1m30s, 90000",
        "P1D, 86400000",
        "15, 15000",
        "1.5s, 1500",
        "0.5h, 1800000",
        "' 10 s ', 10000",
        "10S, 10000",
        "0, 0",
    })
    void readsDurations(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), ConfigValues.duration(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "", "-5s", "5 minutes", "1w", "PT", "P5X", "ms", "1.s", "5sec"})
    void refusesUnreadableDurations(String text) {
        assertNull(ConfigValues.duration(text));
    }

    @ParameterizedTest
    @CsvSource({
        "64KiB, 65536",
        "8MiB, 8388608",
        "1GiB, 1073741824",
        "128k, 128000",
        "1M, 1000000",
        "2G, 2000000000",
        "5KB, 5000",
        "3mb, 3000000",
        "100B, 100",
        "4096, 4096",
        "1_000, 1000",
        "' 7 kib ', 7168",
    })
    void readsSizes(String text, long bytes) {
        assertEquals(bytes, ConfigValues.size(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lots", "", "-1", "1.5M", "1T", "KiB", "99999999999999999999", "9223372036854775807k"})
    void refusesUnreadableOrOverflowingSizes(String text) {
        assertNull(ConfigValues.size(text));
    }
}
