/**
 * {@code consort serve}: an OpenAI-compatible HTTP API over the orchestrator (Helidon SE WebServer on
 * virtual threads). Sees only Consort's embedding API and the SPI's value types.
 */
module dev.consort.gateway {
    requires dev.consort.core;
    requires io.helidon.webserver;
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;
    requires micrometer.core;
    requires micrometer.registry.prometheus;

    exports dev.consort.gateway;
}
