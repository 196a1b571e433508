package dev.consort.backend.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.consort.spi.chat.FinishReason;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Small wire-format details: Go durations, compact arguments, finish reasons. */
class WireDetailsTest {

    @Test
    void parsesGoDurationsOfRateLimitResets() {
        assertEquals(Optional.of(Duration.ofSeconds(1)), RateLimitReset.goDuration("1s"));
        assertEquals(Optional.of(Duration.ofMinutes(6)), RateLimitReset.goDuration("6m0s"));
        assertEquals(Optional.of(Duration.ofMillis(20)), RateLimitReset.goDuration("20ms"));
        assertEquals(Optional.of(Duration.ofMillis(1500)), RateLimitReset.goDuration("1.5s"));
        assertEquals(Optional.of(Duration.ofSeconds(3723)), RateLimitReset.goDuration("1h2m3s"));
        assertEquals(Optional.of(Duration.ofMillis(2500)), RateLimitReset.goDuration("2.5"));
        assertEquals(Optional.empty(), RateLimitReset.goDuration("soon"));
        assertEquals(Optional.empty(), RateLimitReset.goDuration("5s later"));
    }

    @Test
    void compactsArgumentsKeepingNumbersAndKeyOrderExactly() {
        assertEquals("{\"b\":1.50,\"a\":[1,2e3,true,null],\"s\":\"x y\"}",
                ArgumentsJson.compact("{ \"b\" : 1.50,\n \"a\": [1, 2e3, true, null], \"s\": \"x y\" }"));
        assertEquals("{}", ArgumentsJson.compact(""));
        assertEquals("{\"a\":", ArgumentsJson.compact("{\"a\":"));
        assertEquals("{} {}", ArgumentsJson.compact("{} {}"));
    }

    @Test
    void mapsFinishReasonsAndSaysToolCallsWhenTheModelCalledTools() {
        assertEquals(FinishReason.STOP, OpenAiFinishReason.of("stop", false));
        assertEquals(FinishReason.LENGTH, OpenAiFinishReason.of("length", false));
        assertEquals(FinishReason.TOOL_CALLS, OpenAiFinishReason.of("tool_calls", true));
        assertEquals(FinishReason.CONTENT_FILTER, OpenAiFinishReason.of("content_filter", false));
        assertEquals(FinishReason.TOOL_CALLS, OpenAiFinishReason.of("stop", true));
        assertEquals(FinishReason.OTHER, OpenAiFinishReason.of("something_new", false));
    }
}
