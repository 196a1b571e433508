package dev.consort.http;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A request: method, URL, headers, body and read time-out. Header names and values are checked here,
 * so no line break can reach the wire.
 *
 * @param method      {@code GET}, {@code POST}...; upper case
 * @param uri         an {@code http} or {@code https} URL with a host
 * @param headers     headers to send besides {@code Host}, {@code Content-Length} and {@code User-Agent}
 *                    (which the client sets unless given); copied
 * @param body        the body; empty for none; not copied, not to be changed while sent
 * @param readTimeout the longest silence allowed while waiting for the head and each read of the body
 * @since 0.1
 */
public record Request(String method, URI uri, Map<String, String> headers, byte[] body, Duration readTimeout) {

    public Request {
        Objects.requireNonNull(method, "method is null");
        Objects.requireNonNull(uri, "uri is null");
        Objects.requireNonNull(body, "body is null");
        Objects.requireNonNull(readTimeout, "readTimeout is null");
        if (method.isEmpty() || !method.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
            throw new IllegalArgumentException("bad HTTP method: '" + method + "'");
        }
        if (readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("readTimeout must be positive, got " + readTimeout);
        }
        Map<String, String> copy = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            checkName(name);
            checkValue(name, value);
            copy.put(name, value);
        });
        headers = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * A {@code POST} of a body.
     *
     * @param uri         where to
     * @param headers     the headers; not null
     * @param body        the body; not null
     * @param readTimeout the read time-out; positive
     * @return the request
     */
    public static Request post(URI uri, Map<String, String> headers, byte[] body, Duration readTimeout) {
        return new Request("POST", uri, headers, body, readTimeout);
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a header name is empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean token = c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
            if (!token) {
                throw new IllegalArgumentException("bad character in the header name '" + name + "'");
            }
        }
    }

    private static void checkValue(String name, String value) {
        if (value == null) {
            throw new IllegalArgumentException("the header '" + name + "' has no value");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0 || c > 255) {
                throw new IllegalArgumentException("the header '" + name + "' holds a line break or a character"
                        + " HTTP cannot carry");
            }
        }
    }
}
