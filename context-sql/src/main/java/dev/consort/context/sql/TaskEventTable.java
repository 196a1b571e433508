package dev.consort.context.sql;

import dev.consort.spi.context.TaskEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The {@code task_events} table: each task's history, numbered from 1 by the store. */
public final class TaskEventTable {

    private TaskEventTable() {
    }

    /** Numbers and inserts; the caller's write transaction makes the number unique across processes. */
    public static TaskEvent append(Connection c, TaskEvent event) throws SQLException {
        long seq;
        try (PreparedStatement p = c.prepareStatement(
                "SELECT COALESCE(MAX(seq), 0) + 1 FROM task_events WHERE task_id = ?")) {
            p.setString(1, event.taskId());
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                seq = rs.getLong(1);
            }
        }
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO task_events (task_id, seq, time, kind, payload_json) VALUES (?, ?, ?, ?, ?)")) {
            p.setString(1, event.taskId());
            p.setLong(2, seq);
            p.setLong(3, EpochNanos.of(event.time()));
            p.setString(4, event.kind());
            p.setString(5, event.payloadJson());
            p.executeUpdate();
        }
        return new TaskEvent(event.taskId(), seq, event.time(), event.kind(), event.payloadJson());
    }

    public static List<TaskEvent> forTask(Connection c, String taskId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT seq, time, kind, payload_json FROM task_events WHERE task_id = ? ORDER BY seq")) {
            p.setString(1, taskId);
            List<TaskEvent> events = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    events.add(new TaskEvent(taskId, rs.getLong(1), EpochNanos.toInstant(rs.getLong(2)), rs.getString(3),
                            rs.getString(4)));
                }
            }
            return events;
        }
    }
}
