package dev.consort.spi.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class UsageTest {

    @Test
    void refusesNegativeTokensNamingTheField() {
        assertEquals("promptTokens is negative: -1", assertThrows(IllegalArgumentException.class,
                () -> new Usage(-1, 0, 0, 0, 0, true)).getMessage());
        assertEquals("completionTokens is negative: -2", assertThrows(IllegalArgumentException.class,
                () -> new Usage(0, -2, 0, 0, 0, true)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Usage(0, 0, -1, 0, 0, true));
        assertThrows(IllegalArgumentException.class, () -> new Usage(0, 0, 0, -1, 0, true));
        assertThrows(IllegalArgumentException.class, () -> new Usage(0, 0, 0, 0, -1, true));
    }

    @Test
    void exactAndEstimatedFactoriesMarkTheFigures() {
        Usage exact = Usage.exact(10, 5);
        assertTrue(exact.exact());
        assertEquals(15, exact.totalTokens());
        assertFalse(Usage.estimated(10, 5).exact());
        assertEquals(0, Usage.ZERO.totalTokens());
        assertTrue(Usage.ZERO.exact());
    }

    @Test
    void statsOfOneCallCountIt() {
        UsageStats s = UsageStats.of(Usage.estimated(10, 4), new BigDecimal("0.01"), true);
        assertEquals(1, s.requests());
        assertEquals(10, s.promptTokens());
        assertEquals(4, s.completionTokens());
        assertEquals(1, s.errors());
        assertTrue(s.estimated());
        assertFalse(UsageStats.of(Usage.exact(1, 1), BigDecimal.ZERO, false).estimated());
        assertEquals(0, UsageStats.of(Usage.exact(1, 1), BigDecimal.ZERO, false).errors());
    }

    @Test
    void plusAddsEveryFieldAndKeepsTheEstimatedMark() {
        UsageStats a = new UsageStats(1, 10, 5, new BigDecimal("0.10"), 0, false);
        UsageStats b = new UsageStats(2, 20, 7, new BigDecimal("0.05"), 1, true);
        UsageStats sum = a.plus(b);
        assertEquals(new UsageStats(3, 30, 12, new BigDecimal("0.15"), 1, true), sum);
        assertEquals(a, a.plus(UsageStats.ZERO));
        assertFalse(a.plus(a).estimated());
        assertThrows(NullPointerException.class, () -> a.plus(null));
    }

    @Test
    void refusesNegativeOrMissingCost() {
        assertEquals("costUsd is negative: -0.01", assertThrows(IllegalArgumentException.class,
                () -> new UsageStats(0, 0, 0, new BigDecimal("-0.01"), 0, false)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new UsageStats(0, 0, 0, null, 0, false));
    }

    @Test
    void refusesNegativeCounts() {
        assertThrows(IllegalArgumentException.class, () -> new UsageStats(-1, 0, 0, BigDecimal.ZERO, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new UsageStats(0, -1, 0, BigDecimal.ZERO, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new UsageStats(0, 0, -1, BigDecimal.ZERO, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new UsageStats(0, 0, 0, BigDecimal.ZERO, -1, false));
    }
}
