package dev.consort.context.sql;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work done on the store's connection inside one transaction.
 *
 * @param <T> what it returns
 */
@FunctionalInterface
public interface SqlWork<T> {

    /**
     * Does the work.
     *
     * @param connection the connection, inside a transaction; not null
     * @return the result
     * @throws SQLException when the database fails
     */
    T run(Connection connection) throws SQLException;
}
