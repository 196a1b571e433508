package dev.consort.spi.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SecretTest {

    private static final String KEY = "sk-live-0123456789abcdef";

    @Test
    void toStringIsRedacted() {
        Secret s = Secret.of(KEY);
        assertEquals("****", s.toString());
        assertEquals(Secret.REDACTED, String.valueOf(s));
        assertFalse(("key=" + s).contains(KEY));
    }

    @Test
    void revealGivesTheValue() {
        assertEquals(KEY, Secret.of(KEY).reveal());
    }

    @Test
    void equalsComparesValues() {
        assertEquals(Secret.of(KEY), Secret.of(KEY));
        assertNotEquals(Secret.of(KEY), Secret.of(KEY + "x"));
        assertNotEquals(Secret.of(KEY), Secret.of(""));
        assertNotEquals(Secret.of("é"), Secret.of("e"));
        assertNotEquals(Secret.of(KEY), KEY);
        assertNotEquals(null, Secret.of(KEY));
    }

    @Test
    void hashCodeIsTheSameForEveryValue() {
        assertEquals(Secret.of("a").hashCode(), Secret.of("completely different").hashCode());
        assertEquals(0, Secret.of(KEY).hashCode());
    }

    @Test
    void knowsWhenItIsEmpty() {
        assertTrue(Secret.of("").isEmpty());
        assertFalse(Secret.of(KEY).isEmpty());
    }

    @Test
    void refusesNull() {
        assertThrows(NullPointerException.class, () -> Secret.of(null));
    }

    @Test
    void configExceptionPutsTheLocationFirst() {
        ConfigException e = new ConfigException("consort.yaml:3:5", "routing.retry.attempts must be a number");
        assertEquals("consort.yaml:3:5: routing.retry.attempts must be a number", e.getMessage());
        assertEquals("consort.yaml:3:5", e.location());
        ConfigException nowhere = new ConfigException("", "no file");
        assertEquals("no file", nowhere.getMessage());
        assertEquals("", nowhere.location());
    }
}
