package dev.consort.gateway;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes server-sent events to a client, each flushed at once (never buffered). A failed write means the
 * client is gone: the sink then reports false, and the caller stops and cancels the backend call.
 * Used by one thread.
 */
final class SseSink {

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    private boolean gone;

    SseSink(OutputStream out) {
        this.out = out;
    }

    /** Sends one {@code data:} event; false when the client has disconnected. */
    boolean data(byte[] json) {
        if (gone) {
            return false;
        }
        try {
            out.write(DATA);
            out.write(json);
            out.write(END);
            out.flush();
            return true;
        } catch (Exception e) {
            // The server library reports a closed connection as an IOException or an unchecked wrapper.
            gone = true;
            return false;
        }
    }

    /** Sends the closing {@code data: [DONE]} event and ends the response. */
    void done() {
        if (gone) {
            return;
        }
        try {
            out.write(DONE);
            out.flush();
            out.close();
        } catch (Exception e) {
            gone = true;
        }
    }

    /** Ends the response without {@code [DONE]} (after an error event). */
    void close() {
        try {
            out.close();
        } catch (Exception e) {
            gone = true;
        }
    }

    boolean clientGone() {
        return gone;
    }
}
