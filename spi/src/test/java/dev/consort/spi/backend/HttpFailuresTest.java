package dev.consort.spi.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpFailuresTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2015-10-21T07:28:00Z"), ZoneOffset.UTC);
    private static final String API_KEY = "sk-proj-SECRETSECRET1234567890";

    private static BackendException failure(int status) {
        return HttpFailures.forStatus("fast", status, "provider said no", null);
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403})
    void authenticationFailuresSayToCheckTheKey(int status) {
        BackendException e = failure(status);
        assertInstanceOf(AuthenticationException.class, e);
        assertEquals("backend 'fast': HTTP " + status + ": provider said no (check the API key)", e.getMessage());
        assertEquals(status, e.httpStatus());
        assertEquals("fast", e.backend());
    }

    @Test
    void requestTimeoutIsATransportTimeout() {
        TransportException e = assertInstanceOf(TransportException.class, failure(408));
        assertTrue(e.timeout());
        assertEquals("timeout", e.kind());
        assertTrue(e.retryable());
    }

    @Test
    void tooManyRequestsIsRateLimitedWithTheWaitAsked() {
        RateLimitedException e = assertInstanceOf(RateLimitedException.class,
                HttpFailures.forStatus("fast", 429, "slow down", Duration.ofSeconds(7)));
        assertEquals(Optional.of(Duration.ofSeconds(7)), e.retryAfter());
        assertEquals(429, e.httpStatus());
        assertEquals(Optional.empty(),
                HttpFailures.forStatus("fast", 429, null, null).retryAfter());
    }

    @ParameterizedTest
    @ValueSource(ints = {503, 529})
    void unavailableAndOverloadedAreOverloaded(int status) {
        assertInstanceOf(OverloadedException.class, failure(status));
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 504, 599})
    void otherServerErrorsAreServerErrors(int status) {
        BackendException e = assertInstanceOf(ServerErrorException.class, failure(status));
        assertEquals(status, e.httpStatus());
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 404, 409, 413, 422})
    void otherClientErrorsAreInvalidRequests(int status) {
        assertInstanceOf(InvalidRequestException.class, failure(status));
    }

    @Test
    void aMissingProviderMessageLeavesNoDanglingColon() {
        assertEquals("backend 'fast': HTTP 500", HttpFailures.forStatus("fast", 500, null, null).getMessage());
        assertEquals("backend 'fast': HTTP 500", HttpFailures.forStatus("fast", 500, " \n ", null).getMessage());
    }

    @Test
    void theProviderMessageBecomesOneShortLine() {
        String body = "{\n  \"error\": {\n\t\"message\": \"bad\"\r\n  }\n}";
        BackendException e = HttpFailures.forStatus("fast", 400, body, null);
        assertEquals("backend 'fast': HTTP 400: { \"error\": { \"message\": \"bad\" } }", e.getMessage());
        String huge = "word ".repeat(500);
        String message = HttpFailures.forStatus("fast", 400, huge, null).getMessage();
        assertFalse(message.contains("\n"));
        assertTrue(message.endsWith("..."), message);
        assertTrue(message.length() < 400, "length " + message.length());
    }

    @Test
    void oneLineFoldsWhitespaceAndCutsAt300Characters() {
        assertEquals("", HttpFailures.oneLine(null));
        assertEquals("a b c", HttpFailures.oneLine("  a\n\nb\r\n\tc  "));
        String exactly = "x".repeat(300);
        assertEquals(exactly, HttpFailures.oneLine(exactly));
        assertEquals("x".repeat(300) + "...", HttpFailures.oneLine("x".repeat(301)));
    }

    @Test
    void forStatusNeedsABackendName() {
        assertThrows(NullPointerException.class, () -> HttpFailures.forStatus(null, 500, "", null));
    }

    @Test
    void retryAfterMsWinsAndIsReadInMilliseconds() {
        Map<String, List<String>> headers = Map.of("retry-after-ms", List.of("1500"), "retry-after", List.of("60"));
        assertEquals(Optional.of(Duration.ofMillis(1500)), HttpFailures.retryAfter(headers, NOW));
        assertEquals(Optional.of(Duration.ofMillis(12)),
                HttpFailures.retryAfter(Map.of("retry-after-ms", List.of("12.7")), NOW));
    }

    @Test
    void anUnreadableRetryAfterMsFallsBackToRetryAfter() {
        Map<String, List<String>> headers = Map.of("retry-after-ms", List.of("soon"), "retry-after", List.of("3"));
        assertEquals(Optional.of(Duration.ofSeconds(3)), HttpFailures.retryAfter(headers, NOW));
        Map<String, List<String>> negative = Map.of("retry-after-ms", List.of("-5"), "retry-after", List.of("4"));
        assertEquals(Optional.of(Duration.ofSeconds(4)), HttpFailures.retryAfter(negative, NOW));
    }

    @Test
    void retryAfterSecondsMayHaveFractions() {
        assertEquals(Optional.of(Duration.ofSeconds(30)),
                HttpFailures.retryAfter(Map.of("retry-after", List.of("30")), NOW));
        assertEquals(Optional.of(Duration.ofMillis(1500)),
                HttpFailures.retryAfter(Map.of("retry-after", List.of(" 1.5 ")), NOW));
        assertEquals(Optional.of(Duration.ZERO), HttpFailures.retryAfter(Map.of("retry-after", List.of("0")), NOW));
    }

    @Test
    void retryAfterHttpDateIsMeasuredAgainstTheClock() {
        assertEquals(Optional.of(Duration.ofSeconds(90)), HttpFailures.retryAfter(
                Map.of("Retry-After", List.of("Wed, 21 Oct 2015 07:29:30 GMT")), NOW));
    }

    @Test
    void retryAfterDateInThePastMeansNoWait() {
        assertEquals(Optional.of(Duration.ZERO), HttpFailures.retryAfter(
                Map.of("retry-after", List.of("Wed, 21 Oct 2015 07:00:00 GMT")), NOW));
    }

    @Test
    void headerNamesMatchInAnyCase() {
        assertEquals(Optional.of(Duration.ofSeconds(2)),
                HttpFailures.retryAfter(Map.of("RETRY-AFTER", List.of("2")), NOW));
        assertEquals(Optional.of(Duration.ofMillis(20)),
                HttpFailures.retryAfter(Map.of("Retry-After-Ms", List.of("20")), NOW));
        assertEquals(Optional.of("v"), HttpFailures.header(Map.of("X-Request-Id", List.of("v")), "x-request-id"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "", "-5", "NaN", "Infinity", "tomorrow at noon", "21 Oct 2015"})
    void unreadableRetryAfterIsEmpty(String value) {
        assertEquals(Optional.empty(), HttpFailures.retryAfter(Map.of("retry-after", List.of(value)), NOW));
        assertEquals(Optional.empty(), HttpFailures.parseRetryAfter(value, NOW));
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity"})
    void unreadableRetryAfterMsIsIgnored(String value) {
        assertEquals(Optional.empty(), HttpFailures.retryAfter(Map.of("retry-after-ms", List.of(value)), NOW));
    }

    @Test
    void noRetryHeadersMeanNoWait() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put(null, List.of("HTTP/1.1 429"));
        headers.put("retry-after", List.of());
        headers.put("content-type", List.of("application/json"));
        assertEquals(Optional.empty(), HttpFailures.retryAfter(headers, NOW));
    }

    @Test
    void messagesNeverCarryTheApiKeyFromTheHeaders() {
        Map<String, List<String>> headers = Map.of(
                "authorization", List.of("Bearer " + API_KEY),
                "x-api-key", List.of(API_KEY),
                "retry-after", List.of("5"));
        Duration wait = HttpFailures.retryAfter(headers, NOW).orElseThrow();
        for (int status : new int[] {400, 401, 403, 404, 408, 422, 429, 500, 502, 503, 529}) {
            BackendException e = HttpFailures.forStatus("fast", status, "{\"error\":\"nope\"}", wait);
            assertFalse(e.getMessage().contains(API_KEY), e.getMessage());
            assertFalse(e.toString().contains(API_KEY), e.toString());
        }
    }
}
