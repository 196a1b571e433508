/**
 * Consort backend type {@code gemini}: Google Gemini {@code generateContent} and
 * {@code streamGenerateContent?alt=sse}. Exports nothing; found through {@link dev.consort.spi.backend.BackendProvider}.
 */
module dev.consort.backend.review {
    requires dev.consort.spi;
    requires dev.consort.http;
    requires com.fasterxml.jackson.databind;

    provides dev.consort.spi.backend.BackendProvider with dev.consort.backend.review.GeminiBackendProvider;
}
