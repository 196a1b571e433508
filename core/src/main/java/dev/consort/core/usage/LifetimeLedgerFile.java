package dev.consort.core.usage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user's lifetime ledger file, appended to line by line. A line that comes after a quiet spell
 * is written at once; lines that come within {@link #COALESCE} of the last write wait for the rest of
 * that interval and go out together in one write. So a busy process (a gateway) makes a few writes a
 * second instead of one a call, and a command that makes one call finds its line on disk.
 *
 * <p>Nothing is lost on {@link #close()} or before {@link #flush()} returns. A process that dies
 * without closing loses at most the lines of its last {@link #COALESCE} (and never more than
 * {@link #MAX_PENDING_BYTES}). Each write holds whole lines only and the file is opened with
 * {@code O_APPEND}, so lines of processes sharing the file do not interleave. Thread-safe.
 */
final class LifetimeLedgerFile {

    /** How long lines may wait to be written together: the most a crash can lose. */
    static final Duration COALESCE = Duration.ofMillis(250);

    /** Waiting lines past this size are written at once. */
    static final int MAX_PENDING_BYTES = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(LifetimeLedgerFile.class);

    private final Path file;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(4096);
    private FileChannel channel;
    private long lastWriteNanos;
    private boolean wrote;
    private boolean flushScheduled;

    LifetimeLedgerFile(Path file) {
        this.file = file;
    }

    /** Appends one line (its bytes end with a newline), now or within {@link #COALESCE}. */
    synchronized void append(byte[] line) {
        pending.writeBytes(line);
        if (flushScheduled) {
            if (pending.size() >= MAX_PENDING_BYTES) {
                flush();
            }
            return;
        }
        long now = System.nanoTime();
        long quietFor = now - lastWriteNanos;
        if (!wrote || quietFor >= COALESCE.toNanos() || pending.size() >= MAX_PENDING_BYTES) {
            flush();
            return;
        }
        flushScheduled = true;
        long waitNanos = COALESCE.toNanos() - quietFor;
        Thread.ofVirtual().name("consort-usage-ledger").start(() -> {
            try {
                Thread.sleep(Duration.ofNanos(waitNanos));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            flush();
        });
    }

    /** Writes the waiting lines, if any. */
    synchronized void flush() {
        flushScheduled = false;
        if (pending.size() == 0) {
            return;
        }
        ByteBuffer buffer = ByteBuffer.wrap(pending.toByteArray());
        pending.reset();
        lastWriteNanos = System.nanoTime();
        wrote = true;
        try {
            if (channel == null) {
                Files.createDirectories(file.getParent());
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND);
            }
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            LOG.warn("cannot append to the lifetime usage ledger {}: {}", file, e.getMessage());
        }
    }

    /** Runs a reader of the file once the waiting lines are written; no line is written meanwhile. */
    synchronized <T> T read(Supplier<T> reader) {
        flush();
        return reader.get();
    }

    /** Writes the waiting lines and closes the file; a later line opens it again. */
    synchronized void close() {
        flush();
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("closing the lifetime ledger: {}", e.getMessage());
            }
            channel = null;
        }
    }
}
