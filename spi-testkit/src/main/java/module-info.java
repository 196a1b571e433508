/**
 * Test kit for plugin authors: an HTTP server on 127.0.0.1 that replays recorded provider responses
 * byte for byte, cut at chosen boundaries or broken on purpose.
 */
module dev.consort.spi.testkit {
    requires transitive dev.consort.spi;

    exports dev.consort.spi.testkit;
}
