package dev.consort.gateway;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes server-sent events to a client. An event is flushed at once unless the caller says the next one
 * is already here, so events that arrived together go out in one write and none waits on the backend. A
 * failed write means the client is gone: the sink then reports false, and the caller stops and cancels the
 * backend call.
 * Used by one thread.
 */
final class SseSink {

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    private boolean gone;
    private boolean unflushed;

    SseSink(OutputStream out) {
        this.out = out;
    }

    /** Sends one {@code data:} event at once; false when the client has disconnected. */
    boolean data(byte[] json) {
        return data(json, true);
    }

    /**
     * Writes one {@code data:} event, and sends it at once when {@code flush} (else with the next one that
     * is); false when the client has disconnected.
     */
    boolean data(byte[] json, boolean flush) {
        if (gone) {
            return false;
        }
        try {
            out.write(DATA);
            out.write(json);
            out.write(END);
            if (flush) {
                out.flush();
            }
            unflushed = !flush;
            return true;
        } catch (Exception e) {
            // The server library reports a closed connection as an IOException or an unchecked wrapper.
            gone = true;
            return false;
        }
    }

    /** Whether events were written but not yet sent: {@code data(json, false)} since the last flush. */
    boolean unflushed() {
        return unflushed && !gone;
    }

    /** Sends the events written but not yet sent; false when the client has disconnected. */
    boolean flush() {
        if (gone) {
            return false;
        }
        if (!unflushed) {
            return true;
        }
        try {
            out.flush();
            unflushed = false;
            return true;
        } catch (Exception e) {
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
