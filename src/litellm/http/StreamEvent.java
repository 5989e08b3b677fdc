package litellm.http;

import litellm.json.Json;
import litellm.error.LlmError;

import java.io.IOException;
import java.util.Map;

/**
 * One event of an upstream stream: an SSE event ({@code event} may be null) or one NDJSON line
 * ({@code event} is null). {@link #getJson()} parses {@code data} once, on first use.
 */
public final class StreamEvent {
    private final String event;
    private final String data;
    private Object json;

    public StreamEvent(String event, String data) {
        this.event = event;
        this.data = data;
    }

    public String getEvent() { return event; }
    public String getData() { return data; }

    /** {@code data} as JSON (a map for objects); a script reads it as {@code event.json}. */
    public Object getJson() {
        if (json == null) {
            try {
                json = Json.parse(data.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new LlmError(502, "api_error", "upstream sent a stream event that is not JSON: " + abbreviate(data), null, "bad_upstream_stream", null);
            }
        }
        return json;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> map() {
        return getJson() instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    @Override
    public String toString() {
        return (event == null ? "" : "event: " + event + " ") + "data: " + data;
    }
}
