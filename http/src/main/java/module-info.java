/**
 * The transport of Consort's bundled HTTP backends: {@link dev.consort.http.Http11Client}, a lean HTTP/1.1
 * client that pools keep-alive connections and reads with time-outs (blocking, one virtual thread a
 * call), and {@link dev.consort.http.JsonEndpoint}, the one way those backends post JSON and turn an error
 * status or a failed exchange into a typed backend failure.
 *
 * <p>Each bundled backend carries it in its plugin folder, as it carries its other libraries; a
 * third-party plugin may do the same, but only the SPI is a promise to plugins.
 *
 * @since 0.1
 */
module dev.consort.http {
    requires transitive dev.consort.spi;

    exports dev.consort.http;
}
