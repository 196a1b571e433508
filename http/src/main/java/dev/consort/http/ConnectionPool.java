package dev.consort.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Idle keep-alive connections per route, newest first (a warm connection is taken before a cold one, so
 * the cold ones age out). A connection idle for longer than the idle time-out is closed instead of
 * reused; at most {@code maxIdlePerRoute} wait per route. Thread-safe and lock-free.
 */
final class ConnectionPool implements AutoCloseable {

    private static final class Idle {
        final ConcurrentLinkedDeque<Connection> connections = new ConcurrentLinkedDeque<>();
        final AtomicInteger count = new AtomicInteger();
    }

    private final Map<Route, Idle> idle = new ConcurrentHashMap<>();
    private final long idleTimeoutNanos;
    private final int maxIdlePerRoute;
    private volatile boolean closed;

    ConnectionPool(long idleTimeoutNanos, int maxIdlePerRoute) {
        this.idleTimeoutNanos = idleTimeoutNanos;
        this.maxIdlePerRoute = maxIdlePerRoute;
    }

    /** A live idle connection of the route, or null. */
    Connection take(Route route, long nowNanos) {
        Idle q = idle.get(route);
        if (q == null) {
            return null;
        }
        for (Connection c; (c = q.connections.pollFirst()) != null; ) {
            q.count.decrementAndGet();
            if (!c.isClosed() && nowNanos - c.idleSinceNanos() < idleTimeoutNanos && !c.spokeWhileIdle()) {
                return c;
            }
            c.close();
        }
        return null;
    }

    /** Takes a connection back after a complete exchange, or closes it when it cannot wait here. */
    void release(Connection c, long nowNanos) {
        if (closed || c.isClosed() || c.hasBufferedBytes()) {
            c.close();
            return;
        }
        Idle q = idle.computeIfAbsent(c.route(), r -> new Idle());
        if (q.count.incrementAndGet() > maxIdlePerRoute) {
            q.count.decrementAndGet();
            c.close();
            return;
        }
        c.idleFrom(nowNanos);
        q.connections.offerFirst(c);
        evictExpired(q, nowNanos);
        if (closed) {
            close();
        }
    }

    /** How many connections wait for a route (for tests and diagnostics). */
    int idleCount(Route route) {
        Idle q = idle.get(route);
        return q == null ? 0 : Math.max(0, q.count.get());
    }

    private void evictExpired(Idle q, long nowNanos) {
        for (Connection oldest; (oldest = q.connections.peekLast()) != null
                && nowNanos - oldest.idleSinceNanos() >= idleTimeoutNanos; ) {
            if (q.connections.removeLastOccurrence(oldest)) {
                q.count.decrementAndGet();
                oldest.close();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Idle q : idle.values()) {
            for (Connection c; (c = q.connections.pollFirst()) != null; ) {
                q.count.decrementAndGet();
                c.close();
            }
        }
    }
}
