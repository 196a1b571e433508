package dev.consort.context.sql;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where the SQL databases differ for {@link SqlContextStore}: the full-text index, how a claim locks the
 * task it takes, and how writers of one numbered sequence are kept apart. Everything else is the same SQL.
 */
public interface SqlDialect {

    /**
     * The full-text index of facts.
     *
     * @return the index; never null
     */
    FactIndex facts();

    /**
     * What ends the {@code SELECT} that picks the task to claim, so that concurrent claimers never pick
     * the same one: empty where write transactions already run one at a time (SQLite); where they run
     * side by side (PostgreSQL), {@code FOR UPDATE SKIP LOCKED} for the next task (skip what others are
     * taking) and {@code FOR UPDATE} for one named task (wait for a writer of that row, then look again).
     *
     * @param oneTask whether the claim names its task
     * @return the clause, possibly empty; never null
     */
    String claimLock(boolean oneTask);

    /**
     * Makes the current write transaction the only one appending to a numbered sequence (a session
     * buffer, a task's history) until it ends, so that two writers never take the same number.
     *
     * @param c        the connection, in a write transaction
     * @param sequence names the sequence; not null
     * @throws SQLException when the lock cannot be taken
     */
    void lockSequence(Connection c, String sequence) throws SQLException;
}
