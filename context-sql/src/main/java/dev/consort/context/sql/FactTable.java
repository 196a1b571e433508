package dev.consort.context.sql;

import dev.consort.spi.context.Fact;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code facts} table. Its full-text index ({@link FactIndex}) is the database's own, kept in step
 * within the writing transaction.
 */
public final class FactTable {

    private static final String COLUMNS = "key, text, tags, source, updated";

    private FactTable() {
    }

    public static void put(Connection c, Fact fact) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("""
                INSERT INTO facts (key, text, tags, source, updated) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (key) DO UPDATE SET
                  text = excluded.text, tags = excluded.tags, source = excluded.source, updated = excluded.updated""")) {
            p.setString(1, fact.key());
            p.setString(2, fact.text());
            p.setString(3, PlainJson.write(fact.tags()));
            p.setString(4, fact.source());
            p.setLong(5, EpochNanos.of(fact.updated()));
            p.executeUpdate();
        }
    }

    public static Optional<Fact> get(Connection c, String key) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM facts WHERE key = ?")) {
            p.setString(1, key);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    public static List<Fact> all(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM facts ORDER BY key");
             ResultSet rs = p.executeQuery()) {
            List<Fact> facts = new ArrayList<>();
            while (rs.next()) {
                facts.add(read(rs));
            }
            return facts;
        }
    }

    public static boolean forget(Connection c, String key) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM facts WHERE key = ?")) {
            p.setString(1, key);
            return p.executeUpdate() > 0;
        }
    }

    private static Fact read(ResultSet rs) throws SQLException {
        return new Fact(rs.getString(1), rs.getString(2), PlainJson.readStringList(rs.getString(3)), rs.getString(4),
                EpochNanos.toInstant(rs.getLong(5)));
    }
}
