/**
 * Consort's runtime: configuration, plugin layers, orchestrator, routing, usage and budgets, tool
 * runner and tasks. Exports only its embedding API, {@code dev.consort.core.api}.
 */
module dev.consort.core {
    requires transitive dev.consort.spi;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires org.slf4j;
    requires com.networknt.schema;

    exports dev.consort.core.api;

    uses dev.consort.spi.backend.BackendProvider;
    uses dev.consort.spi.tool.ToolProvider;
    uses dev.consort.spi.context.ContextStoreProvider;
    uses dev.consort.spi.routing.RoutingPolicyProvider;

    provides dev.consort.spi.context.ContextStoreProvider with dev.consort.core.context.InMemoryContextStoreProvider;
    provides dev.consort.spi.routing.RoutingPolicyProvider with dev.consort.core.routing.RulesRoutingPolicyProvider;
}
