package dev.consort.spi.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.spi.config.ConfigException;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MapPluginConfigTest {

    @Test
    void readsSizesAndDurationsInTheLoadersForms() {
        MapPluginConfig c = MapPluginConfig.at("backends.x", "window", "128k", "buffer", "8MiB", "plain", 42,
                "negative", "-3", "fast", "300ms", "slow", "5m", "odd", "1.5s", "bare", "2");
        assertEquals(128_000, c.integer("window").getAsInt());
        assertEquals(8L << 20, c.longValue("buffer").getAsLong());
        assertEquals(42, c.integer("plain").getAsInt());
        assertEquals(-3, c.integer("negative").getAsInt());
        assertEquals(Duration.ofMillis(300), c.duration("fast").orElseThrow());
        assertEquals(Duration.ofMinutes(5), c.duration("slow").orElseThrow());
        assertEquals(Duration.ofMillis(1500), c.duration("odd").orElseThrow());
        assertEquals(Duration.ofSeconds(2), c.duration("bare").orElseThrow());
    }

    @Test
    void namesTheKeyOfABadValueOrAnUnknownKey() {
        MapPluginConfig c = MapPluginConfig.at("backends.x", "window", "lots", "wait", "soon");
        assertTrue(assertThrows(ConfigException.class, () -> c.integer("window")).getMessage()
                .contains("backends.x.window"));
        assertTrue(assertThrows(ConfigException.class, () -> c.duration("wait")).getMessage()
                .contains("backends.x.wait"));
        assertTrue(assertThrows(ConfigException.class, () -> c.checkKeys(Set.of("window"))).getMessage()
                .contains("'wait'"));
    }
}
