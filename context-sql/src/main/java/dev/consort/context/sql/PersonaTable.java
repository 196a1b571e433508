package dev.consort.context.sql;

import dev.consort.spi.backend.Persona;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** The {@code persona_overrides} table: the user's persona per backend. */
public final class PersonaTable {

    private PersonaTable() {
    }

    public static Optional<Persona> get(Connection c, String backend) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT description, system_prompt FROM persona_overrides WHERE backend = ?")) {
            p.setString(1, backend);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(new Persona(rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        }
    }

    public static void put(Connection c, String backend, Persona persona, Instant now) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("""
                INSERT INTO persona_overrides (backend, description, system_prompt, updated) VALUES (?, ?, ?, ?)
                ON CONFLICT (backend) DO UPDATE SET
                  description = excluded.description, system_prompt = excluded.system_prompt,
                  updated = excluded.updated""")) {
            p.setString(1, backend);
            p.setString(2, persona.description());
            p.setString(3, persona.systemPrompt());
            p.setLong(4, EpochNanos.of(now));
            p.executeUpdate();
        }
    }

    public static void delete(Connection c, String backend) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM persona_overrides WHERE backend = ?")) {
            p.setString(1, backend);
            p.executeUpdate();
        }
    }
}
