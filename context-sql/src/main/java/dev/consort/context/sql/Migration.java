package dev.consort.context.sql;

import java.util.List;
import java.util.Objects;

/**
 * One step of the schema's history: the statements that bring a database from {@code version - 1} to
 * {@code version}.
 *
 * @param version     the version reached; positive
 * @param description what it changes, for the schema log; not blank
 * @param statements  the SQL, run in order in one transaction; not empty
 */
public record Migration(int version, String description, List<String> statements) {

    /** Validates and copies the components. */
    public Migration {
        if (version <= 0) {
            throw new IllegalArgumentException("version must be positive, got " + version);
        }
        if (description == null || description.isBlank()) {
            throw new IllegalArgumentException("description is blank");
        }
        statements = List.copyOf(Objects.requireNonNull(statements, "statements is null"));
        if (statements.isEmpty()) {
            throw new IllegalArgumentException("migration " + version + " has no statements");
        }
    }
}
