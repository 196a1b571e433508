/**
 * Consort's local backends. Type {@code llamacpp}: a GGUF model run by llama.cpp in process; type
 * {@code ollama}: an Ollama server ({@code /api/chat}, NDJSON streaming).
 * Exports nothing; found through {@link dev.consort.spi.backend.BackendProvider}.
 */
module dev.consort.backend.local {
    requires dev.consort.spi;
    requires dev.consort.http;
    requires com.fasterxml.jackson.databind;
    requires llama;

    provides dev.consort.spi.backend.BackendProvider with dev.consort.backend.local.ollama.OllamaBackendProvider,
            dev.consort.backend.local.llamacpp.LlamaCppBackendProvider;
}
