package dev.consort.spi.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.ToolCall;
import dev.consort.spi.chat.Usage;
import dev.consort.spi.chat.UsageStats;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenEstimatorTest {

    private static final List<Message> PROMPT = List.of(Message.user("x".repeat(400)));

    @Test
    void estimateGrowsWithTheText() {
        TokenEstimator t = new TokenEstimator();
        int small = t.estimate(List.of(Message.user("hello")));
        int larger = t.estimate(List.of(Message.user("hello ".repeat(100))));
        int more = t.estimate(List.of(Message.user("hello ".repeat(100)), Message.assistant("ok")));
        assertTrue(small > 0);
        assertTrue(larger > small);
        assertTrue(more > larger);
        assertEquals(0, t.estimate(List.of()));
        assertEquals(0, t.estimate(""));
        assertEquals(25, t.estimate("y".repeat(100)));
    }

    @Test
    void startsAtAboutFourCharactersATokenPlusFraming() {
        assertEquals(104, new TokenEstimator().estimate(PROMPT));
        assertEquals(1.0, new TokenEstimator().correction());
    }

    @Test
    void countsToolCallsOfAssistantTurns() {
        TokenEstimator t = new TokenEstimator();
        Message plain = Message.assistant("");
        Message withCall = Message.assistant("", List.of(new ToolCall("c", "read_file", "{\"path\":\"a/b/c.txt\"}")));
        assertTrue(t.estimate(List.of(withCall)) > t.estimate(List.of(plain)));
    }

    @Test
    void observationsMoveTheCorrectionTowardActualOverRaw() {
        TokenEstimator t = new TokenEstimator();
        t.observe(PROMPT, 208);
        double first = t.correction();
        assertEquals(1.2, first, 1e-9);
        for (int i = 0; i < 50; i++) {
            t.observe(PROMPT, 208);
        }
        assertEquals(2.0, t.correction(), 1e-3);
        assertEquals(208, t.estimate(PROMPT));
    }

    @Test
    void correctionStaysClampedBetweenAQuarterAndFour() {
        TokenEstimator high = new TokenEstimator();
        TokenEstimator low = new TokenEstimator();
        for (int i = 0; i < 200; i++) {
            high.observe(PROMPT, 1_000_000);
            low.observe(PROMPT, 1);
        }
        assertTrue(high.correction() <= 4.0 && high.correction() > 3.99, "high " + high.correction());
        assertTrue(low.correction() >= 0.25 && low.correction() < 0.26, "low " + low.correction());
    }

    @Test
    void ignoresObservationsWithoutActualTokensOrPrompt() {
        TokenEstimator t = new TokenEstimator();
        t.observe(PROMPT, 0);
        t.observe(PROMPT, -5);
        t.observe(List.of(), 100);
        assertEquals(1.0, t.correction());
    }

    @Test
    void usageCounterSumsCallsAndErrors() {
        UsageCounter c = new UsageCounter();
        assertEquals(UsageStats.ZERO, c.snapshot());
        c.success(Usage.exact(10, 5));
        c.success(Usage.exact(1, 2));
        c.failure(Usage.ZERO);
        UsageStats s = c.snapshot();
        assertEquals(new UsageStats(3, 11, 7, BigDecimal.ZERO, 1, false), s);
    }

    @Test
    void usageCounterMarksTheTotalsEstimatedOnceAnyCallWas() {
        UsageCounter c = new UsageCounter();
        c.success(Usage.exact(1, 1));
        assertFalse(c.snapshot().estimated());
        c.failure(Usage.estimated(4, 0));
        c.success(Usage.exact(1, 1));
        UsageStats s = c.snapshot();
        assertTrue(s.estimated());
        assertEquals(3, s.requests());
        assertEquals(6, s.promptTokens());
        assertEquals(1, s.errors());
    }
}
