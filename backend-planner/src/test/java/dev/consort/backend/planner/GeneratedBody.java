package dev.consort.backend.planner;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A body made on the fly: a head, one piece repeated until the body reaches a size, and a tail. Lets a
 * test send tens of megabytes without holding them.
 */
final class GeneratedBody extends InputStream {

    private final byte[] head;
    private final byte[] piece;
    private final byte[] tail;
    private final long repeats;
    private long repeated;
    private byte[] current;
    private int pos;
    private boolean tailSent;

    private GeneratedBody(String head, String piece, String tail, long totalBytes) {
        this.head = head.getBytes(StandardCharsets.UTF_8);
        this.piece = piece.getBytes(StandardCharsets.UTF_8);
        this.tail = tail.getBytes(StandardCharsets.UTF_8);
        this.repeats = Math.max(1, (totalBytes - this.head.length - this.tail.length) / this.piece.length);
        this.current = this.head;
    }

    static GeneratedBody of(String head, String piece, String tail, long totalBytes) {
        return new GeneratedBody(head, piece, tail, totalBytes);
    }

    long repeats() {
        return repeats;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        while (pos == current.length) {
            if (repeated < repeats) {
                repeated++;
                current = piece;
            } else if (!tailSent) {
                tailSent = true;
                current = tail;
            } else {
                return -1;
            }
            pos = 0;
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }
}
