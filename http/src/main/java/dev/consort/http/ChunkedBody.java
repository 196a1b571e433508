package dev.consort.http;

import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;

/**
 * A {@code Transfer-Encoding: chunked} body. A read returns as soon as some bytes of the current chunk
 * are here, so a relayed stream is not held back; trailers are read and dropped.
 */
final class ChunkedBody extends ResponseBody {

    private static final int MAX_LINE = 8 * 1024;
    private static final int MAX_TRAILERS = 64 * 1024;

    private long remaining;
    private boolean started;

    ChunkedBody(Connection connection, ConnectionPool pool, boolean reusable) {
        super(connection, pool, reusable);
    }

    @Override
    int readBody(byte[] b, int off, int len) throws IOException {
        if (remaining == 0) {
            if (started) {
                endOfChunk();
            }
            started = true;
            remaining = chunkSize();
            if (remaining == 0) {
                trailers();
                return -1;
            }
        }
        int n = connection.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw new EOFException("the connection closed in the middle of a chunk of the body");
        }
        remaining -= n;
        return n;
    }

    private void endOfChunk() throws IOException {
        String crlf = connection.readLine(MAX_LINE);
        if (!crlf.isEmpty()) {
            throw new ProtocolException("a chunk of the body is longer than its size says");
        }
    }

    private long chunkSize() throws IOException {
        String line = connection.readLine(MAX_LINE);
        int end = line.indexOf(';');
        String hex = (end >= 0 ? line.substring(0, end) : line).trim();
        // Only hex digits: Long.parseLong would also take a sign, and a negative size breaks the reads.
        if (hex.isEmpty() || hex.length() > 15 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new ProtocolException("bad chunk size line in the body: '" + line + "'");
        }
        try {
            return Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
            throw new ProtocolException("bad chunk size line in the body: '" + line + "'");
        }
    }

    private void trailers() throws IOException {
        int total = 0;
        for (String t; !(t = connection.readLine(MAX_LINE)).isEmpty(); ) {
            total += t.length();
            if (total > MAX_TRAILERS) {
                throw new ProtocolException("the body's trailers are larger than " + MAX_TRAILERS + " bytes");
            }
        }
    }
}
