package litellm.server;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import litellm.json.Json;
import litellm.error.LlmError;
import litellm.http.Secrets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * The errors Jetty answers itself, as OpenAI error JSON like every other answer of the proxy, instead of Jetty's
 * HTML page. Most come before any request exists, so before Javalin: a request line, header, URI or HTTP
 * version Jetty cannot parse (400, 414, 431, 505...), answered through {@link #badMessageError}. The rest
 * (an error Jetty dispatches, such as a failure that escaped the servlet) come through {@link #handle}.
 * Neither writes a stack trace or an exception's text: only the status and Jetty's short reason.
 */
final class JsonErrorHandler extends ErrorHandler {
    private static final String JSON = "application/json";

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        if (HttpStatus.hasNoBody(status)) return ByteBuffer.allocate(0);
        fields.put(HttpHeader.CONTENT_TYPE, JSON);
        return ByteBuffer.wrap(Json.bytes(error(status, reason).body()));
    }

    /**
     * Every method gets the JSON body: Jetty's own choice is GET, POST and HEAD only, so a PUT or DELETE it refused
     * itself (the target {@code *}) got an empty 400 (issue 19 item 9's fault suite).
     */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response) throws IOException {
        baseRequest.setHandled(true);
        int status = response.getStatus();
        if (HttpStatus.hasNoBody(status)) return;
        // Jetty's message for a failure that escaped the servlet is the exception's text: not for clients
        String reason = status >= 500 || request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) != null ? null
                : (String) request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        byte[] body = Json.bytes(error(status, reason).body());
        response.setContentType(JSON);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** Jetty's {@code reason} ("Illegal character SPACE=' '", "Unknown Version"...) with the status's meaning. */
    static LlmError error(int status, String reason) {
        String meaning = HttpStatus.getMessage(status); // "URI Too Long", "Request Header Fields Too Large"...
        String message = switch (status) {
            case 400 -> "the HTTP request is malformed";
            case 413 -> "the request is too large";
            case 414 -> "the request's URI is too long";
            case 431 -> "the request's headers are too large";
            case 505 -> "the HTTP version is not supported; send HTTP/1.1";
            default -> status >= 500 ? "internal error in the proxy; see its log" : meaning;
        };
        if (reason != null && !reason.isBlank() && !reason.equalsIgnoreCase(meaning) && status < 500) message += " (" + reason + ")";
        String type = switch (status) { // as LlmError's for an upstream's status
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 408 -> "timeout";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
        String code = status == 413 ? "request_too_large" : meaning.toLowerCase(Locale.ROOT).replace(' ', '_').replace("-", "");
        return Secrets.masked(new LlmError(status, type, message, null, code, null)); // Jetty's reason may quote the request
    }
}
