package litellm.anthropic;

import litellm.error.LlmError;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An error in Anthropic's shape, {@code {"type": "error", "error": {"type": ..., "message": ...}}}, which the
 * Anthropic SDKs read on {@code /v1/messages}; its type is Anthropic's name for the status.
 */
public final class AnthropicError {
    /** Anthropic's error types, as its API reference lists them. */
    private static final Set<String> TYPES = Set.of("invalid_request_error", "authentication_error", "billing_error", "permission_error",
            "not_found_error", "request_too_large", "rate_limit_error", "timeout_error", "api_error", "overloaded_error");

    private AnthropicError() {}

    public static Map<String, Object> body(LlmError e) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", type(e));
        error.put("message", e.getMessage());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "error");
        body.put("error", error);
        return body;
    }

    /**
     * Anthropic's type for the error's status; an error that came in an Anthropic stream (an error event, status 500)
     * keeps the type it had there, such as overloaded_error.
     */
    static String type(LlmError e) {
        if (e.status() == 500 && TYPES.contains(e.type())) return e.type();
        return switch (e.status()) {
            case 401 -> "authentication_error";
            case 402 -> "billing_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 408, 504 -> "timeout_error";
            case 529 -> "overloaded_error";
            default -> e.status() >= 500 ? "api_error" : "invalid_request_error";
        };
    }
}
