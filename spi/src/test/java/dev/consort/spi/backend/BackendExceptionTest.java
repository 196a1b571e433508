package dev.consort.spi.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackendExceptionTest {

    private record Expected(BackendException e, boolean retryable, boolean fallbackMayHelp, String kind) {
    }

    @Test
    void everySubtypeSaysWhatTheCallerMayDo() {
        List<Expected> all = List.of(
                new Expected(new RateLimitedException("b", "m", null, 429), true, true, "rate_limited"),
                new Expected(new OverloadedException("b", "m", 529, null), true, true, "overloaded"),
                new Expected(new ServerErrorException("b", "m", 500, null), true, true, "server_error"),
                new Expected(new TransportException("b", "m", false, null), true, true, "transport"),
                new Expected(new TransportException("b", "m", true, null), true, true, "timeout"),
                new Expected(new ContextLengthExceededException("b", "m", 400, null), false, true,
                        "context_length_exceeded"),
                new Expected(new AuthenticationException("b", "m", 401, null), false, true, "authentication"),
                new Expected(new InvalidRequestException("b", "m", 400, null), false, true, "invalid_request"),
                new Expected(new MalformedOutputException("b", "m", 0, null), true, true, "malformed_output"));
        for (Expected x : all) {
            String what = x.e().getClass().getSimpleName();
            assertEquals(x.retryable(), x.e().retryable(), what + ".retryable()");
            assertEquals(x.fallbackMayHelp(), x.e().fallbackMayHelp(), what + ".fallbackMayHelp()");
            assertEquals(x.kind(), x.e().kind(), what + ".kind()");
            assertEquals("b", x.e().backend());
            assertEquals("m", x.e().getMessage());
        }
        assertEquals(BackendException.class.getPermittedSubclasses().length, all.size() - 1,
                "a new BackendException subtype needs its expectations here");
    }

    @Test
    void onlyRateLimitsCarryAWait() {
        assertEquals(Optional.empty(), new ServerErrorException("b", "m", 500, null).retryAfter());
        assertEquals(Optional.of(Duration.ofMillis(250)),
                new RateLimitedException("b", "m", Duration.ofMillis(250), 429).retryAfter());
    }

    @Test
    void refusesANegativeWait() {
        assertThrows(IllegalArgumentException.class,
                () -> new RateLimitedException("b", "m", Duration.ofSeconds(-1), 429));
    }

    @Test
    void keepsCauseAndStatus() {
        IOException cause = new IOException("reset");
        TransportException t = new TransportException("b", "m", false, cause);
        assertSame(cause, t.getCause());
        assertEquals(0, t.httpStatus());
        assertEquals(503, new OverloadedException("b", "m", 503, null).httpStatus());
    }

    @Test
    void needsABackendAndAMessage() {
        assertThrows(NullPointerException.class, () -> new ServerErrorException(null, "m", 500, null));
        assertThrows(NullPointerException.class, () -> new ServerErrorException("b", null, 500, null));
    }
}
