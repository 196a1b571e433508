package dev.consort.context.sql.postgres;

import dev.consort.spi.context.ContextStoreException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Turns driver exceptions into one-line {@link ContextStoreException}s that name the store, and tells
 * which failures a transaction may simply be run again after.
 */
final class PostgresFailures {

    private PostgresFailures() {
    }

    /**
     * Tells whether the server certainly did not commit the transaction and running it again may succeed:
     * the connection was lost before the commit, the server is restarting, or a serialization failure or
     * deadlock rolled it back.
     */
    static boolean isRetryable(SQLException e) {
        String state = state(e);
        return isConnectionLoss(e) || "40001".equals(state) || "40P01".equals(state);
    }

    /** Tells whether the connection to the server broke or could not be made. */
    static boolean isConnectionLoss(SQLException e) {
        String state = state(e);
        return e instanceof SQLTransientConnectionException || state.startsWith("08")
                || state.equals("57P01") || state.equals("57P02") || state.equals("57P03");
    }

    static ContextStoreException of(SQLException e, String store, String action, PostgresSettings settings) {
        String state = state(e);
        String what;
        if (isConnectionLoss(e)) {
            what = "could not be reached while " + action + "; check that the server runs and context.url";
        } else if (state.startsWith("28")) {
            what = "refused the login of " + (settings.user() == null ? "the default user" : "user '" + settings.user()
                    + "'") + " while " + action + "; check context.user and context.password";
        } else if (state.equals("3D000")) {
            what = "has no such database (while " + action + "); create it or fix context.url";
        } else if (state.equals("42501")) {
            what = "denied a privilege while " + action + "; grant the user rights on schema " + settings.schema();
        } else if (state.startsWith("53")) {
            what = "ran out of resources while " + action + " (too many connections?); lower context.pool_size";
        } else if (state.equals("40001") || state.equals("40P01")) {
            what = "kept conflicting with concurrent writers while " + action + " (retried "
                    + settings.retries() + " times)";
        } else if (state.startsWith("23")) {
            what = "refused a write while " + action + ": a constraint is violated";
        } else {
            what = "failed while " + action;
        }
        return new ContextStoreException("Context store " + store + " " + what + " [" + detail(e) + "]", e);
    }

    /** A commit whose answer never came: it may have been applied or not. */
    static ContextStoreException commitUnknown(SQLException e, String store, String action) {
        return new ContextStoreException("Context store " + store + " lost its connection while committing ("
                + action + "): the change may or may not have been saved; check before repeating it [" + detail(e)
                + "]", e);
    }

    private static String state(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null) {
                return s.getSQLState();
            }
        }
        return "";
    }

    private static String detail(SQLException e) {
        // The pool's time-out wraps the reason it could not connect; that reason is the useful part.
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root == e ? e.getMessage() : e.getMessage() + ": " + root.getMessage();
        return message == null ? "no detail" : message.replaceAll("\\s+", " ").strip();
    }
}
