package dev.consort.context.sql;

import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.Role;
import dev.consort.spi.chat.ToolCall;
import dev.consort.spi.context.SessionInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The {@code session_messages} table: one numbered row per message, per session and backend. */
public final class SessionTable {

    private SessionTable() {
    }

    public static List<Message> messages(Connection c, String sessionId, String backend) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("""
                SELECT role, content, name, tool_call_id, tool_calls_json FROM session_messages
                WHERE session_id = ? AND backend = ? ORDER BY seq""")) {
            p.setString(1, sessionId);
            p.setString(2, backend);
            List<Message> messages = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    String calls = rs.getString(5);
                    messages.add(new Message(Role.valueOf(rs.getString(1).toUpperCase(Locale.ROOT)), rs.getString(2),
                            rs.getString(3), rs.getString(4), calls == null ? List.of() : readToolCalls(calls)));
                }
            }
            return messages;
        }
    }

    public static void append(Connection c, String sessionId, String backend, List<Message> messages, Instant now)
            throws SQLException {
        long seq;
        try (PreparedStatement p = c.prepareStatement(
                "SELECT COALESCE(MAX(seq), 0) FROM session_messages WHERE session_id = ? AND backend = ?")) {
            p.setString(1, sessionId);
            p.setString(2, backend);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                seq = rs.getLong(1);
            }
        }
        try (PreparedStatement p = c.prepareStatement("""
                INSERT INTO session_messages
                  (session_id, backend, seq, role, content, name, tool_call_id, tool_calls_json, created)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            for (Message m : messages) {
                p.setString(1, sessionId);
                p.setString(2, backend);
                p.setLong(3, ++seq);
                p.setString(4, m.role().wireName());
                p.setString(5, m.content());
                p.setString(6, m.name());
                p.setString(7, m.toolCallId());
                p.setString(8, m.hasToolCalls() ? writeToolCalls(m.toolCalls()) : null);
                p.setLong(9, EpochNanos.of(now));
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    public static void reset(Connection c, String sessionId, String backend) throws SQLException {
        String sql = backend == null
                ? "DELETE FROM session_messages WHERE session_id = ?"
                : "DELETE FROM session_messages WHERE session_id = ? AND backend = ?";
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, sessionId);
            if (backend != null) {
                p.setString(2, backend);
            }
            p.executeUpdate();
        }
    }

    public static List<SessionInfo> sessions(Connection c) throws SQLException {
        final class Summary {
            final Map<String, Integer> counts = new LinkedHashMap<>();
            long lastActive = Long.MIN_VALUE;
            long lastId = Long.MIN_VALUE;
        }
        Map<String, Summary> summaries = new HashMap<>();
        try (PreparedStatement p = c.prepareStatement("""
                SELECT session_id, backend, COUNT(*), MAX(created), MAX(id) FROM session_messages
                GROUP BY session_id, backend""");
             ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                Summary summary = summaries.computeIfAbsent(rs.getString(1), k -> new Summary());
                summary.counts.put(rs.getString(2), rs.getInt(3));
                summary.lastActive = Math.max(summary.lastActive, rs.getLong(4));
                summary.lastId = Math.max(summary.lastId, rs.getLong(5));
            }
        }
        // Most recent first; the row id breaks ties between writes within one clock tick.
        return summaries.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, Summary>>comparingLong(e -> e.getValue().lastActive)
                        .thenComparingLong(e -> e.getValue().lastId).reversed())
                .map(e -> new SessionInfo(e.getKey(), e.getValue().counts, EpochNanos.toInstant(e.getValue().lastActive)))
                .toList();
    }

    private static String writeToolCalls(List<ToolCall> calls) {
        List<Map<String, String>> json = new ArrayList<>(calls.size());
        for (ToolCall call : calls) {
            Map<String, String> object = new LinkedHashMap<>();
            object.put("id", call.id());
            object.put("name", call.name());
            object.put("arguments", call.argumentsJson());
            json.add(object);
        }
        return PlainJson.write(json);
    }

    private static List<ToolCall> readToolCalls(String json) {
        if (!(PlainJson.read(json) instanceof List<?> list)) {
            throw new IllegalStateException("tool_calls_json is not an array: " + json);
        }
        List<ToolCall> calls = new ArrayList<>(list.size());
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> object)) {
                throw new IllegalStateException("tool_calls_json holds a non-object: " + json);
            }
            calls.add(new ToolCall((String) object.get("id"), (String) object.get("name"),
                    (String) object.get("arguments")));
        }
        return calls;
    }
}
