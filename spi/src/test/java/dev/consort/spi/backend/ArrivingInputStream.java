package dev.consort.spi.backend;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * A body that hands out only what has "arrived": each read returns (up to its length) the next piece the
 * test let in, -1 once the test said the body ended, and fails the test when nothing has arrived, as a
 * real read would then block. So a call that must not block is proved not to read.
 */
final class ArrivingInputStream extends InputStream {

    private static final byte[] END = new byte[0];

    private final Deque<byte[]> pieces = new ArrayDeque<>();
    private int at;
    int reads;

    /** Lets a piece in; one read never returns more than one piece. */
    ArrivingInputStream arrive(String text) {
        return arrive(text.getBytes(StandardCharsets.UTF_8));
    }

    ArrivingInputStream arrive(byte[] bytes) {
        if (bytes.length > 0) {
            pieces.add(bytes.clone());
        }
        return this;
    }

    /** Lets in the end of the body. */
    ArrivingInputStream end() {
        pieces.add(END);
        return this;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        reads++;
        if (len == 0) {
            return 0;
        }
        byte[] piece = pieces.peek();
        if (piece == null) {
            throw new AssertionError("read with nothing arrived: this call would have blocked");
        }
        if (piece == END) {
            return -1;
        }
        int n = Math.min(len, piece.length - at);
        System.arraycopy(piece, at, b, off, n);
        at += n;
        if (at == piece.length) {
            pieces.poll();
            at = 0;
        }
        return n;
    }

    /** The bytes cut into pieces at the given offsets (ascending, inside the array). */
    static byte[][] cut(byte[] bytes, int... at) {
        byte[][] out = new byte[at.length + 1][];
        int from = 0;
        for (int i = 0; i < at.length; i++) {
            out[i] = Arrays.copyOfRange(bytes, from, at[i]);
            from = at[i];
        }
        out[at.length] = Arrays.copyOfRange(bytes, from, bytes.length);
        return out;
    }
}
