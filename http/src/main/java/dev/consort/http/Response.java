package dev.consort.http;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A response: its status, its headers and its body as it arrives. Read the body to its end, which
 * returns the connection to the pool, or close the response, which closes the connection (and so aborts
 * the exchange). Reading is for one thread; {@link #close()} may be called from any thread.
 *
 * @param status  the status code
 * @param headers the headers; keys compare without regard to case, values in the order received
 * @param body    the body; never null (empty for a response that has none)
 * @since 0.1
 */
public record Response(int status, Map<String, List<String>> headers, InputStream body) implements AutoCloseable {

    /**
     * The first value of a header.
     *
     * @param name the header's name, in any case
     * @return the value, or empty when absent
     */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    /** Closes the body: a body not read to its end closes its connection. */
    @Override
    public void close() {
        try {
            body.close();
        } catch (java.io.IOException ignored) {
            // closing our own body streams does not fail; another InputStream is not ours to report on
        }
    }
}
