/**
 * Consort's service-provider interface: the only module a plugin needs.
 *
 * <p>It holds contracts only (interfaces, records, enums, exceptions) and two small final
 * helpers that every HTTP backend needs ({@link dev.consort.spi.backend.SseEventReader}).
 * It depends on nothing but the JDK.
 *
 * @since 1.0
 */
module dev.consort.spi {
    exports dev.consort.spi;
    exports dev.consort.spi.chat;
    exports dev.consort.spi.backend;
    exports dev.consort.spi.tool;
    exports dev.consort.spi.context;
    exports dev.consort.spi.routing;
    exports dev.consort.spi.config;
}
