/**
 * Consort backend type {@code openai}: OpenAI Chat Completions and every compatible server (vLLM,
 * llama.cpp server, LM Studio, Groq, Together, DeepSeek, OpenRouter). Exports nothing; found through
 * {@link dev.consort.spi.backend.BackendProvider}.
 */
module dev.consort.backend.fast {
    requires dev.consort.spi;
    requires dev.consort.http;
    requires com.fasterxml.jackson.databind;
    requires jtokkit;

    provides dev.consort.spi.backend.BackendProvider with dev.consort.backend.fast.OpenAiBackendProvider;
}
