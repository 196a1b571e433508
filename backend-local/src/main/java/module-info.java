/**
 * Consort's local backends. Type {@code ollama}: an Ollama server ({@code /api/chat}, NDJSON streaming).
 * Exports nothing; found through {@link dev.consort.spi.backend.BackendProvider}.
 */
module dev.consort.backend.local {
    requires dev.consort.spi;
    requires java.net.http;
    requires com.fasterxml.jackson.databind;

    provides dev.consort.spi.backend.BackendProvider with dev.consort.backend.local.ollama.OllamaBackendProvider;
}
