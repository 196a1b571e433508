package dev.consort.context.sql;

import dev.consort.spi.context.FileSummary;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** The {@code file_summaries} table: the latest summary per path, valid for one content hash. */
public final class FileSummaryTable {

    private FileSummaryTable() {
    }

    public static Optional<FileSummary> get(Connection c, String path, String sha256) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT path, sha256, summary, tokens, created FROM file_summaries WHERE path = ? AND sha256 = ?")) {
            p.setString(1, path);
            p.setString(2, sha256);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next()
                        ? Optional.of(new FileSummary(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                                EpochNanos.toInstant(rs.getLong(5))))
                        : Optional.empty();
            }
        }
    }

    public static void put(Connection c, FileSummary summary) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("""
                INSERT INTO file_summaries (path, sha256, summary, tokens, created) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (path) DO UPDATE SET
                  sha256 = excluded.sha256, summary = excluded.summary, tokens = excluded.tokens,
                  created = excluded.created""")) {
            p.setString(1, summary.path());
            p.setString(2, summary.contentSha256());
            p.setString(3, summary.summary());
            p.setInt(4, summary.tokens());
            p.setLong(5, EpochNanos.of(summary.created()));
            p.executeUpdate();
        }
    }
}
