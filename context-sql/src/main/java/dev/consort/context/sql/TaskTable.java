package dev.consort.context.sql;

import dev.consort.spi.context.TaskRecord;
import dev.consort.spi.context.TaskStatus;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code tasks} table, read in run order: priority (highest first), then age (oldest first). */
public final class TaskTable {

    private static final String COLUMNS = "id, title, type, status, priority, session_id, prompt, context_keys, "
            + "max_usd, max_steps, attempts, created, updated, result, error, owner, lease_until";

    private TaskTable() {
    }

    /** Upserts in place: {@code INSERT OR REPLACE} would delete the row and cascade to its history. */
    public static void save(Connection c, TaskRecord t) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("""
                INSERT INTO tasks (%s) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET
                  title = excluded.title, type = excluded.type, status = excluded.status,
                  priority = excluded.priority, session_id = excluded.session_id, prompt = excluded.prompt,
                  context_keys = excluded.context_keys, max_usd = excluded.max_usd, max_steps = excluded.max_steps,
                  attempts = excluded.attempts, created = excluded.created, updated = excluded.updated,
                  result = excluded.result, error = excluded.error, owner = excluded.owner,
                  lease_until = excluded.lease_until""".formatted(COLUMNS))) {
            p.setString(1, t.id());
            bindFields(p, t, 2);
            p.executeUpdate();
        }
    }

    public static Optional<TaskRecord> get(Connection c, String id) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM tasks WHERE id = ?")) {
            p.setString(1, id);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /**
     * The next task a worker may take at {@code now}: queued, or running with a lease that ran out.
     *
     * @param c    the connection, inside the claiming transaction
     * @param id   one task, or null for the next in run order
     * @param now  the time
     * @param lock what ends the query so that concurrent claimers skip each other's pick ({@link
     *             SqlDialect#claimLock(boolean)})
     * @return the task, if one may be taken
     */
    public static Optional<TaskRecord> claimable(Connection c, String id, java.time.Instant now, String lock)
            throws SQLException {
        // Written as "an unfinished status, and queued or its lease ran out" so that an index on the
        // unfinished tasks only (PostgreSQL's tasks_claimable) serves it: finished tasks pile up forever.
        String sql = "SELECT " + COLUMNS + " FROM tasks WHERE status IN ('QUEUED', 'RUNNING', 'WAITING_APPROVAL')"
                + " AND (status = 'QUEUED' OR lease_until IS NULL OR lease_until < ?)"
                + (id == null ? "" : " AND id = ?") + " ORDER BY priority DESC, created, id LIMIT 1 " + lock;
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setLong(1, EpochNanos.of(now));
            if (id != null) {
                p.setString(2, id);
            }
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /**
     * Saves a task only while a worker owns it: compare and set in one statement, so no other writer can
     * come between the check and the write on any database.
     *
     * @return false when the task is missing or the worker does not own it
     */
    public static boolean saveIfOwner(Connection c, TaskRecord t, String worker) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("""
                UPDATE tasks SET title = ?, type = ?, status = ?, priority = ?, session_id = ?, prompt = ?,
                  context_keys = ?, max_usd = ?, max_steps = ?, attempts = ?, created = ?, updated = ?, result = ?,
                  error = ?, owner = ?, lease_until = ?
                WHERE id = ? AND owner = ?""")) {
            bindFields(p, t, 1);
            p.setString(17, t.id());
            p.setString(18, worker);
            return p.executeUpdate() == 1;
        }
    }

    /**
     * Moves a worker's lease on.
     *
     * @return false when the worker does not own the task
     */
    public static boolean renew(Connection c, String id, String worker, java.time.Instant until) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "UPDATE tasks SET lease_until = ? WHERE id = ? AND owner = ?")) {
            p.setLong(1, EpochNanos.of(until));
            p.setString(2, id);
            p.setString(3, worker);
            return p.executeUpdate() == 1;
        }
    }

    public static boolean exists(Connection c, String id) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM tasks WHERE id = ?")) {
            p.setString(1, id);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next();
            }
        }
    }

    public static List<TaskRecord> all(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM tasks ORDER BY priority DESC, created, id");
             ResultSet rs = p.executeQuery()) {
            List<TaskRecord> tasks = new ArrayList<>();
            while (rs.next()) {
                tasks.add(read(rs));
            }
            return tasks;
        }
    }

    /** Binds every column but the id, in {@link #COLUMNS} order, from parameter {@code first} on. */
    private static void bindFields(PreparedStatement p, TaskRecord t, int first) throws SQLException {
        int i = first;
        p.setString(i++, t.title());
        p.setString(i++, t.type());
        p.setString(i++, t.status().name());
        p.setInt(i++, t.priority());
        p.setString(i++, t.sessionId());
        p.setString(i++, t.prompt());
        p.setString(i++, PlainJson.write(t.contextKeys()));
        p.setString(i++, t.maxUsd() == null ? null : t.maxUsd().toPlainString());
        p.setInt(i++, t.maxSteps());
        p.setInt(i++, t.attempts());
        p.setLong(i++, EpochNanos.of(t.created()));
        p.setLong(i++, EpochNanos.of(t.updated()));
        p.setString(i++, t.result());
        p.setString(i++, t.error());
        p.setString(i++, t.owner());
        if (t.leaseUntil() == null) {
            p.setNull(i, java.sql.Types.BIGINT);
        } else {
            p.setLong(i, EpochNanos.of(t.leaseUntil()));
        }
    }

    private static TaskRecord read(ResultSet rs) throws SQLException {
        String maxUsd = rs.getString(9);
        return new TaskRecord(rs.getString(1), rs.getString(2), rs.getString(3), TaskStatus.valueOf(rs.getString(4)),
                rs.getInt(5), rs.getString(6), rs.getString(7), PlainJson.readStringList(rs.getString(8)),
                maxUsd == null ? null : new BigDecimal(maxUsd), rs.getInt(10), rs.getInt(11),
                EpochNanos.toInstant(rs.getLong(12)), EpochNanos.toInstant(rs.getLong(13)), rs.getString(14),
                rs.getString(15), rs.getString(16), rs.getObject(17) == null ? null : EpochNanos.toInstant(rs.getLong(17)));
    }
}
