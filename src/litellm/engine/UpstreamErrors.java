package litellm.engine;

import litellm.json.Json;
import litellm.error.LlmError;
import litellm.http.BodyText;
import litellm.http.Secrets;
import litellm.http.UpstreamRequest;
import litellm.provider.Call;
import litellm.provider.ProviderScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Upstream failures as the client sees them: OpenAI-shaped errors that keep the provider's status, message and Retry-After. */
final class UpstreamErrors {
    private static final Logger log = LoggerFactory.getLogger(UpstreamErrors.class);

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

    /**
     * An error status from the upstream: the status and code LiteLLM gives it ({@link ErrorTable}), else the same status
     * and the provider's code; the provider's message, and its Retry-After. Anthropic's API served natively passes
     * Anthropic's errors on as they are, for the Anthropic SDKs.
     */
    static LlmError fromResponse(ProviderScript script, Call call, String provider, int status, byte[] raw, UnaryOperator<String> header) {
        Object body;
        try {
            body = Json.parse(raw);
        } catch (IOException e) {
            body = BodyText.of(raw); // never raw bytes in a message
        }
        Object message = script.errorMessage(call, status, body);
        String text = message == null ? provider + " answered HTTP " + status : message.toString();
        String code = body instanceof Map<?, ?> m && m.get("error") instanceof Map<?, ?> e && e.get("code") != null ? e.get("code").toString() : null;
        if (code != null && code.chars().allMatch(Character::isDigit)) code = null; // Google's, vLLM's and Azure's HTTP status again
        String awsType = awsErrorType(header, body);
        if (code == null) code = awsType;
        int clientStatus = status < 400 ? 502 : status;
        ErrorRule rule = call != null && call.endpoint().anthropic() ? null
                : ErrorTable.find(provider, clientStatus, text + "\n" + BodyText.of(raw) + (awsType == null ? "" : "\n" + awsType));
        if (rule != null) {
            clientStatus = rule.status();
            if (rule.code() != null) code = rule.code();
        }
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
            throw notJson(provider, body);
        }
    }

    static LlmError notJson(String provider, byte[] body) {
        return new LlmError(502, "api_error", provider + " answered with a body that is not JSON: " + BodyText.excerpt(body),
                null, "bad_upstream_response", null);
    }

    /**
     * An answer (or a stream's event) that the provider script could not make an OpenAI answer of: it failed on it,
     * or returned no object. The upstream answered in a shape nobody expected (JSON null, a list, an object of
     * another API): a 502 that shows the answer. The log names the script's line, for its author.
     */
    static LlmError unreadable(String provider, Object answer, RuntimeException failure) {
        String excerpt = answer instanceof String text ? BodyText.excerpt(text) : BodyText.excerpt(Json.bytes(answer));
        // The failure's class and the script's line, not its message: Groovy's names the call's arguments, its key among them
        if (failure != null) log.warn("{}'s script could not read its answer ({})", provider, ScriptResults.failure(failure));
        return new LlmError(502, "api_error", provider + " answered in a shape the proxy cannot read: " + excerpt,
                null, "bad_upstream_response", null);
    }

    /**
     * An error object in an answer with a success status ({@code {"error": {"message": ...}}}, Anthropic's
     * {@code {"type": "error", "error": {...}}}): some servers answer 200 and say what went wrong in the body.
     * A Responses API response that failed carries its error too, and is an answer.
     */
    static boolean isErrorObject(Object json) {
        return json instanceof Map<?, ?> m && m.get("error") instanceof Map<?, ?> e && e.get("message") != null
                && m.get("choices") == null && m.get("data") == null && !"response".equals(m.get("object"));
    }

    /** The secrets of a call: its key, AWS secret and session token, and the credentials its request carries. */
    static List<String> secrets(Call call, UpstreamRequest request) {
        List<String> secrets = Secrets.of(request);
        if (call != null) {
            secrets.add(call.apiKey());
            if (call.params() == null) return secrets;
            for (String name : List.of("aws_secret_access_key", "aws_session_token", "api_key"))
                if (call.params().get(name) instanceof String s) secrets.add(s);
        }
        return secrets;
    }

    /** {@code e} with the call's secrets masked in its message (an upstream's text, an exception's): the same error when none is in it. */
    static LlmError masked(LlmError e, Call call, UpstreamRequest request) {
        return Secrets.masked(e, secrets(call, request));
    }
}
