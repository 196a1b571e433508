/**
 * Consort backend type {@code anthropic}: the Anthropic Messages API (Claude), with extended thinking
 * and its event stream. Exports nothing; found through {@link dev.consort.spi.backend.BackendProvider}.
 */
module dev.consort.backend.planner {
    requires dev.consort.spi;
    requires dev.consort.http;
    requires com.fasterxml.jackson.databind;

    provides dev.consort.spi.backend.BackendProvider with dev.consort.backend.planner.AnthropicBackendProvider;
}
