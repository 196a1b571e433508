/**
 * Test kit for plugin authors: an HTTP server on 127.0.0.1 that replays recorded provider responses
 * byte for byte, cut at chosen boundaries or broken on purpose; a plugin configuration over plain
 * values; and {@link dev.consort.spi.testkit.BackendContract}, the JUnit 5 tests every HTTP backend
 * should pass.
 */
module dev.consort.spi.testkit {
    requires transitive dev.consort.spi;
    requires static transitive org.junit.jupiter.api;

    exports dev.consort.spi.testkit;
}
