package dev.consort.tools.shell;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Drains one stream to its end, keeping what fits in a byte budget it shares with the process's other stream,
 * and reading (and dropping) the rest so the child never blocks on a full pipe.
 */
final class OutputCapture implements Runnable {

    private final InputStream in;
    private final AtomicInteger room;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private volatile boolean truncated;

    /**
     * @param in   the stream; closed when drained
     * @param room the bytes both streams may still keep; shared, decremented by what this one keeps
     */
    OutputCapture(InputStream in, AtomicInteger room) {
        this.in = in;
        this.room = room;
    }

    @Override
    public void run() {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                int take = claim(n);
                if (take > 0) {
                    synchronized (kept) {
                        kept.write(buffer, 0, take);
                    }
                }
                if (take < n) {
                    truncated = true;
                }
            }
        } catch (IOException e) {
            // The pipe is closed under us when the runner gives up on a tree that keeps it open; what was read stays.
        }
    }

    private int claim(int wanted) {
        while (true) {
            int left = room.get();
            int take = Math.min(left, wanted);
            if (take <= 0 || room.compareAndSet(left, left - take)) {
                return Math.max(take, 0);
            }
        }
    }

    boolean truncated() {
        return truncated;
    }

    String text() {
        synchronized (kept) {
            return kept.toString(StandardCharsets.UTF_8);
        }
    }
}
