package dev.consort.tools.shell;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Drains one stream to its end, keeping the first {@code cap} bytes, so the child never blocks on a full pipe. */
final class OutputCapture implements Runnable {

    private final InputStream in;
    private final int cap;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private volatile boolean truncated;

    OutputCapture(InputStream in, int cap) {
        this.in = in;
        this.cap = cap;
    }

    @Override
    public void run() {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (kept) {
                    int room = cap - kept.size();
                    if (room > 0) {
                        kept.write(buffer, 0, Math.min(room, n));
                    }
                    if (n > room) {
                        truncated = true;
                    }
                }
            }
        } catch (IOException e) {
            // The pipe closes when the process tree is killed; what was read so far is the output.
        }
    }

    boolean truncated() {
        return truncated;
    }

    String text() {
        synchronized (kept) {
            String s = kept.toString(StandardCharsets.UTF_8);
            return truncated ? s + "\n[... output truncated at " + cap + " bytes ...]\n" : s;
        }
    }
}
