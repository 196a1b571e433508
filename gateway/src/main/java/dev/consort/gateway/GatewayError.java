package dev.consort.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A refused or failed request, answered in OpenAI's error shape
 * ({@code {"error":{"message","type","param","code"}}}) with its HTTP status.
 */
final class GatewayError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String type;
    private final String code;
    private final long retryAfterSeconds;

    GatewayError(int status, String type, String code, String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    static GatewayError badRequest(String message) {
        return new GatewayError(400, "invalid_request_error", "invalid_request", message, 0);
    }

    static GatewayError unauthorized(String message) {
        return new GatewayError(401, "invalid_request_error", "invalid_api_key", message, 0);
    }

    static GatewayError notFound(String code, String message) {
        return new GatewayError(404, "invalid_request_error", code, message, 0);
    }

    static GatewayError tooLarge(long limit) {
        return new GatewayError(413, "invalid_request_error", "request_too_large",
                "the request body is larger than the gateway's limit of " + limit + " bytes (gateway.max_body)", 0);
    }

    static GatewayError rateLimited(String message, long retryAfterSeconds) {
        return new GatewayError(429, "rate_limit_error", "rate_limit_exceeded", message, Math.max(1, retryAfterSeconds));
    }

    static GatewayError budget(String message, long retryAfterSeconds) {
        return new GatewayError(429, "insufficient_quota", "insufficient_quota", message, Math.max(1, retryAfterSeconds));
    }

    static GatewayError upstream(String message) {
        return new GatewayError(502, "upstream_error", "all_backends_failed", message, 0);
    }

    static GatewayError internal(String message) {
        return new GatewayError(500, "server_error", "internal_error", message, 0);
    }

    int status() {
        return status;
    }

    String type() {
        return type;
    }

    /** Seconds for {@code Retry-After}, or 0 when the header does not apply. */
    long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The error object, for a response body or an SSE {@code data:} line. */
    ObjectNode toJson(ObjectMapper json) {
        ObjectNode root = json.createObjectNode();
        ObjectNode e = root.putObject("error");
        e.put("message", getMessage());
        e.put("type", type);
        e.putNull("param");
        e.put("code", code);
        return root;
    }
}
