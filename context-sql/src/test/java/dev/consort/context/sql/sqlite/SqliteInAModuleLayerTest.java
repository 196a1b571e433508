package dev.consort.context.sql.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads this module, the SPI and the driver into a child module layer, as Consort loads plugins, and opens
 * a store through {@link ServiceLoader}: proves the module descriptor is complete and that the driver is
 * reached without {@code DriverManager}. The layer has its own SPI classes, so it is driven reflectively.
 */
class SqliteInAModuleLayerTest {

    @TempDir
    Path dir;

    /** Where a class was loaded from: a folder of classes or a jar, whichever the build put on the path. */
    private static Path locationOf(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }


    @Test
    void opensAStoreFromAPluginLayerThroughServiceLoader() throws Exception {
        ModuleFinder finder = ModuleFinder.of(locationOf(SqliteContextStoreProvider.class),
                locationOf(dev.consort.spi.Spi.class), locationOf(org.sqlite.SQLiteConfig.class),
                locationOf(org.postgresql.Driver.class), locationOf(com.zaxxer.hikari.HikariConfig.class),
                locationOf(org.slf4j.Logger.class));
        ModuleLayer boot = ModuleLayer.boot();
        Configuration cf = boot.configuration().resolveAndBind(finder, ModuleFinder.of(),
                Set.of("dev.consort.context.sql"));
        ModuleLayer layer = boot.defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
        ClassLoader loader = layer.findLoader("dev.consort.spi");
        Class<?> providerType = loader.loadClass("dev.consort.spi.context.ContextStoreProvider");
        Class<?> configType = loader.loadClass("dev.consort.spi.config.PluginConfig");
        Class<?> contextType = loader.loadClass("dev.consort.spi.config.PluginContext");

        Method type = providerType.getMethod("type");
        Object provider = ServiceLoader.load(layer, providerType).stream().map(ServiceLoader.Provider::get)
                .filter(p -> {
                    try {
                        return type.invoke(p).equals("sqlite");
                    } catch (ReflectiveOperationException e) {
                        throw new AssertionError(e);
                    }
                }).findFirst().orElseThrow();
        assertEquals("dev.consort.context.sql", provider.getClass().getModule().getName());
        Path db = dir.resolve("layer.db");
        Object config = Proxy.newProxyInstance(loader, new Class<?>[] {configType}, (proxy, method, args) ->
                switch (method.getName()) {
                    case "path" -> args == null ? "context" : Optional.of(db);
                    case "duration" -> Optional.of(Duration.ofSeconds(2));
                    case "string" -> Optional.empty();
                    case "keys" -> Set.of("path");
                    case "checkKeys" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        Object context = Proxy.newProxyInstance(loader, new Class<?>[] {contextType}, (proxy, method, args) ->
                switch (method.getName()) {
                    case "stateDir", "projectDir", "cacheDir" -> dir;
                    case "clock" -> Clock.systemUTC();
                    default -> throw new UnsupportedOperationException(method.getName());
                });

        Method open = providerType.getMethod("open", configType, contextType);
        Object store = open.invoke(provider, config, context);
        Class<?> storeType = loader.loadClass("dev.consort.spi.context.ContextStore");
        assertEquals(List.of(), storeType.getMethod("facts").invoke(store));
        storeType.getMethod("close").invoke(store);

        assertTrue(Files.isRegularFile(db));
        assertEquals("wal", SqliteContextStoreTest.pragma(db, "journal_mode"));
    }
}
