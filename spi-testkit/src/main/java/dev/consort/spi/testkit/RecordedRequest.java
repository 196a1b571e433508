package dev.consort.spi.testkit;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A request the {@link ReplayServer} received.
 *
 * @param method  the HTTP method
 * @param path    the path with its query string
 * @param headers the headers, names in lower case
 * @param body    the body bytes (de-chunked)
 * @since 1.0
 */
public record RecordedRequest(String method, String path, Map<String, List<String>> headers, byte[] body) {

    /** Validates and copies the components. */
    public RecordedRequest {
        Objects.requireNonNull(method, "method is null");
        Objects.requireNonNull(path, "path is null");
        headers = Map.copyOf(headers);
        body = body.clone();
    }

    /**
     * The body as UTF-8 text.
     *
     * @return the text
     */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * The first value of a header.
     *
     * @param name the name, in any case
     * @return the value, or null
     */
    public String header(String name) {
        List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
