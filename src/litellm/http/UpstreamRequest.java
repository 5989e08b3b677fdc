package litellm.http;

import litellm.json.Json;
import litellm.error.LlmError;
import litellm.script.ScriptText;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The HTTP call a provider script asks the core to make. {@code body} is JSON-encoded unless it is text, bytes or a {@link FormBody}. */
public record UpstreamRequest(String method, URI url, Map<String, String> headers, Object body) {
    /**
     * URLs parsed once: a script builds the same few (a deployment's endpoint) for every call, and parsing one was 3 %
     * of a stream's CPU. Emptied when full, should a script build a new one for each call.
     */
    private static final Map<String, URI> PARSED = new ConcurrentHashMap<>();
    private static final int MOST_PARSED = 1024;

    public UpstreamRequest {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /**
     * What a script's {@code request()} returned: {@code [url:, headers:, body:, method:]} (POST when there is a
     * body, else GET; a JSON content type unless the script names one), or an UpstreamRequest itself.
     */
    public static UpstreamRequest from(Object scripted) {
        if (scripted instanceof UpstreamRequest u) return u;
        if (!(scripted instanceof Map<?, ?> m) || m.get("url") == null)
            throw LlmError.internal("the provider script's request() must return [url: ..., headers: ..., body: ...], got " + scripted);
        Map<String, String> headers = new HashMap<>();
        if (m.get("headers") instanceof Map<?, ?> h) h.forEach((k, v) -> { if (v != null) headers.put(k.toString(), ScriptText.of(v)); });
        Object body = m.get("body");
        if (body instanceof FormBody form) {
            headers.keySet().removeIf(k -> k.equalsIgnoreCase("content-type")); // the form's own names its boundary
            headers.put("Content-Type", form.contentType());
        }
        if (body != null && headers.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("content-type")))
            headers.put("Content-Type", "application/json");
        String method = m.get("method") == null ? (body == null ? "GET" : "POST") : ScriptText.of(m.get("method"));
        return new UpstreamRequest(method, parsed(ScriptText.of(m.get("url"))), headers, body);
    }

    private static URI parsed(String url) {
        URI uri = PARSED.get(url);
        if (uri != null) return uri;
        uri = URI.create(url);
        if (PARSED.size() >= MOST_PARSED) PARSED.clear();
        PARSED.put(url, uri);
        return uri;
    }

    /** With a deployment's own headers (litellm_params.headers) added; they win over the script's. */
    public UpstreamRequest withHeaders(Object extra) {
        if (!(extra instanceof Map<?, ?> more) || more.isEmpty()) return this;
        Map<String, String> merged = new HashMap<>(headers);
        more.forEach((k, v) -> merged.put(k.toString(), ScriptText.of(v)));
        return new UpstreamRequest(method, url, merged, body);
    }

    /** The body as sent: bytes as they are, text as UTF-8, a form as multipart, anything else as JSON; null for none. */
    public byte[] bodyBytes() {
        if (body == null) return null;
        if (body instanceof byte[] b) return b;
        if (body instanceof FormBody form) return form.bytes();
        if (body instanceof CharSequence s) return s.toString().getBytes(StandardCharsets.UTF_8);
        return Json.bytes(body);
    }
}
