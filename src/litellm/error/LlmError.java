package litellm.error;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one error type: everything that goes wrong ends up as this, and reaches a client as
 * OpenAI's {@code {"error":{"message","type","param","code"}}} with {@link #status()}.
 */
public final class LlmError extends RuntimeException {
    private final int status;
    private final String type;
    private final String param;
    private final String code;
    private final String retryAfter;

    public LlmError(int status, String type, String message, String param, String code, String retryAfter) {
        super(message, null, false, false); // no stack trace: this is an answer, not a bug
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    public static LlmError badRequest(String message, String param) {
        return new LlmError(400, "invalid_request_error", message, param, null, null);
    }

    public static LlmError badRequest(String message, String param, String code) {
        return new LlmError(400, "invalid_request_error", message, param, code, null);
    }

    public static LlmError authentication(String message) {
        return new LlmError(401, "authentication_error", message, null, "invalid_api_key", null);
    }

    public static LlmError notFound(String message) {
        return new LlmError(404, "invalid_request_error", message, null, "not_found", null);
    }

    public static LlmError internal(String message) {
        return new LlmError(500, "internal_server_error", message, null, null, null);
    }

    /** An upstream answered with an error status: the client sees the same status and the provider's message. */
    public static LlmError upstream(int status, String message, String code, String retryAfter) {
        return new LlmError(status, typeFor(status), message, null, code, retryAfter);
    }

    public static LlmError badGateway(String message) {
        return new LlmError(502, "api_connection_error", message, null, "upstream_unreachable", null);
    }

    /** The proxy cannot take this call now (it ran out of memory): the SDKs retry after {@code Retry-After}. */
    public static LlmError unavailable(String message, String code) {
        return new LlmError(503, typeFor(503), message, null, code, "1");
    }

    public static LlmError timeout(String message) {
        return new LlmError(504, "timeout", message, null, "request_timeout", null);
    }

    /** The type names the OpenAI SDKs and docs use for each status. */
    static String typeFor(int status) {
        return switch (status) {
            case 400, 404, 409, 413, 422 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 408, 504 -> "timeout";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }

    public int status() { return status; }
    public String type() { return type; }
    public String param() { return param; }
    public String code() { return code; }
    /** The upstream's Retry-After, kept so clients back off as the provider asked; null when none. */
    public String retryAfter() { return retryAfter; }

    public Map<String, Object> body() {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", getMessage());
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        return Map.of("error", error);
    }

    @Override
    public String toString() {
        return status + " " + type + ": " + getMessage();
    }
}
