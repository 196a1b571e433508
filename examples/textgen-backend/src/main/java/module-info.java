/**
 * Example plugin: backend type {@code textgen}, for a minimal text-completion HTTP service. It needs
 * only the SPI (and the JDK's HTTP client) and exports nothing: Consort finds it through {@code provides}.
 */
module org.example.textgen {
    requires dev.consort.spi;
    requires java.net.http;

    provides dev.consort.spi.backend.BackendProvider with org.example.textgen.TextGenBackendProvider;
}
