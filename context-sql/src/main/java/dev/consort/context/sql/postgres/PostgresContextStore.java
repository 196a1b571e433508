package dev.consort.context.sql.postgres;

import dev.consort.context.sql.SqlContextStore;
import dev.consort.spi.context.ContextStoreException;
import dev.consort.spi.context.SharedBudgets;
import java.time.Clock;
import java.util.Optional;

/**
 * The SQL store on PostgreSQL, shared by several Consort instances: it also offers {@link SharedBudgets}.
 */
final class PostgresContextStore extends SqlContextStore {

    private final PostgresBudgets budgets;

    private PostgresContextStore(PostgresDatabase db, Clock clock) {
        super(db, PostgresDialect.INSTANCE, clock);
        this.budgets = new PostgresBudgets(db, clock);
    }

    /**
     * Opens a store: the pool, then the schema, created and migrated as needed.
     *
     * @param settings how to reach the server; not null
     * @param clock    for time stamps the store makes itself; not null
     * @return the open store
     * @throws ContextStoreException when it cannot be opened
     */
    static PostgresContextStore open(PostgresSettings settings, Clock clock) {
        PostgresDatabase db = PostgresDatabase.open(settings);
        try {
            db.once("migrating its schema", c -> PostgresMigrator.migrate(c, db.name(), settings.schema(),
                    PostgresSchema.MIGRATIONS, clock));
            return new PostgresContextStore(db, clock);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    @Override
    public Optional<SharedBudgets> sharedBudgets() {
        return Optional.of(budgets);
    }
}
