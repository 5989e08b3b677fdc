package litellm.engine;

import litellm.json.Json;
import litellm.error.LlmError;
import litellm.provider.Call;
import litellm.provider.ProviderScript;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Upstream failures as the client sees them: OpenAI-shaped errors that keep the provider's status, message and Retry-After. */
final class UpstreamErrors {
    private UpstreamErrors() {}

    /** An error object inside a stream ({@code data: {"error": ...}}): the stream ends with it. */
    static LlmError inStream(Object error) {
        if (error instanceof Map<?, ?> e) {
            Object message = e.get("message");
            Object type = e.get("type");
            return new LlmError(500, type == null ? "api_error" : type.toString(), message == null ? String.valueOf(e) : message.toString(),
                    null, e.get("code") == null ? null : e.get("code").toString(), null);
        }
        return new LlmError(500, "api_error", String.valueOf(error), null, null, null);
    }

    /** An error status from the upstream: the same status for the client, with the provider's message and code, and its Retry-After. */
    static LlmError fromResponse(ProviderScript script, Call call, String provider, int status, byte[] raw, UnaryOperator<String> header) {
        Object body;
        try {
            body = Json.parse(raw);
        } catch (IOException e) {
            body = new String(raw, StandardCharsets.UTF_8);
        }
        Object message = script.errorMessage(call, status, body);
        String text = message == null ? provider + " answered HTTP " + status : message.toString();
        String code = body instanceof Map<?, ?> m && m.get("error") instanceof Map<?, ?> e && e.get("code") != null ? e.get("code").toString() : null;
        if (code == null) code = awsErrorType(header, body);
        int clientStatus = status < 400 ? 502 : status;
        return LlmError.upstream(clientStatus, text, code, header.apply("retry-after"));
    }

    /** AWS's error code: header {@code x-amzn-ErrorType: ThrottlingException:http://...} or the body's {@code __type}. */
    private static String awsErrorType(UnaryOperator<String> header, Object body) {
        String type = header.apply("x-amzn-errortype");
        if (type == null && body instanceof Map<?, ?> m && m.get("__type") != null) type = m.get("__type").toString();
        if (type == null) return null;
        type = type.replaceFirst(":.*$", "");
        return type.substring(type.lastIndexOf('#') + 1);
    }

    /** An upstream's JSON answer; a 502 when it sent something else (an HTML error page, a truncated body). */
    static Object parseJson(String provider, byte[] body) {
        try {
            return Json.parse(body);
        } catch (IOException e) {
            String text = new String(body, StandardCharsets.UTF_8);
            throw new LlmError(502, "api_error", provider + " answered with a body that is not JSON: "
                    + (text.length() > 200 ? text.substring(0, 200) + "…" : text), null, "bad_upstream_response", null);
        }
    }
}
