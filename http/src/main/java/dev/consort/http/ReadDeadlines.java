package dev.consort.http;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The read time-outs of every open connection, kept by one watcher thread instead of a timer per read.
 *
 * <p>A socket time-out on a virtual thread schedules a timer each time a read blocks and cancels it when
 * the bytes come: two wake-ups of the JDK's timer thread per read, a tenth of the gateway's CPU under
 * load. Here a read only writes its deadline into its connection; the
 * watcher looks at the open connections every {@link #TICK_MILLIS} while any is reading, and closes the
 * socket of one whose deadline has passed, which ends the blocked read; the connection then reports a
 * {@link java.net.SocketTimeoutException}. A time-out so fires up to one tick late. With nothing reading,
 * the watcher sleeps until a read starts (the idea of Jetty's {@code CyclicTimeouts} and of Netty's
 * hashed-wheel timer).
 */
final class ReadDeadlines {

    /** How often deadlines are looked at while a read is pending: the most a time-out fires late. */
    static final long TICK_MILLIS = 10;

    static final ReadDeadlines SHARED = new ReadDeadlines();

    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final Object startLock = new Object();
    private volatile Thread watcher;
    /** Set by the watcher before it sleeps with no deadline; a read that sees it wakes the watcher. */
    private volatile boolean asleep;

    private ReadDeadlines() {
    }

    /** Watches a new connection's reads until it is {@linkplain #forget forgotten}. */
    void watch(Connection c) {
        open.add(c);
        if (watcher == null) {
            synchronized (startLock) {
                if (watcher == null) {
                    watcher = Thread.ofPlatform().daemon().name("consort-http-read-deadlines").start(this::run);
                }
            }
        }
    }

    void forget(Connection c) {
        open.remove(c);
    }

    /** Called by a connection after it wrote a deadline, so that a sleeping watcher sees it. */
    void readStarted() {
        if (asleep) {
            asleep = false;
            LockSupport.unpark(watcher);
        }
    }

    private void run() {
        while (true) {
            if (expireDue(System.nanoTime())) {
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS));
                continue;
            }
            // Nothing reading: announce the sleep, then look once more, so that a read that started
            // meanwhile is either seen here or sees the announcement (both sides use volatiles).
            asleep = true;
            if (expireDue(System.nanoTime())) {
                asleep = false;
                continue;
            }
            LockSupport.park(this);
            asleep = false;
        }
    }

    /** Whether the watcher sleeps until a read starts (for tests: it has nothing to watch). */
    boolean sleeping() {
        return asleep;
    }

    /** Expires the reads whose deadline has passed; whether any read is still pending. */
    private boolean expireDue(long now) {
        boolean pending = false;
        for (Connection c : open) {
            pending |= c.expireIfDue(now);
        }
        return pending;
    }
}
