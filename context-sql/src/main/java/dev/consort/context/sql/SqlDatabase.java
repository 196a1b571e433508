package dev.consort.context.sql;

/**
 * A database behind {@link SqlContextStore}: runs work in transactions and turns the driver's failures
 * into one-line {@link dev.consort.spi.context.ContextStoreException}s that name it. Thread-safe.
 */
public interface SqlDatabase extends AutoCloseable {

    /**
     * Names the database in messages: a file, or a server and database.
     *
     * @return the name; never null
     */
    String name();

    /**
     * Runs work in a read transaction: a consistent view that does not block writers.
     *
     * @param action what is done, for error messages ("reading facts")
     * @param work   the work
     * @param <T>    its result
     * @return the work's result
     */
    <T> T read(String action, SqlWork<T> work);

    /**
     * Runs work in a write transaction, all or nothing: committed when this returns.
     *
     * @param action what is done, for error messages ("saving a fact")
     * @param work   the work
     * @param <T>    its result
     * @return the work's result
     */
    <T> T write(String action, SqlWork<T> work);

    /** Releases the database; later calls fail with a context store exception. Never throws. */
    @Override
    void close();
}
