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
                throw new LlmError(502, "api_error", "upstream sent a stream event that is not JSON: " + BodyText.excerpt(data), null, "bad_upstream_stream", null);
            }
        }
        return json;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> map() {
        return getJson() instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /**
     * True when {@code data} has the shape of one JSON object: it starts with '{', and its braces and brackets
     * (outside strings) close exactly at its last character. A cheap check (one pass, nothing built) for events
     * relayed unparsed: a line cut short or text that is not JSON fails it; it is no full parse. Data on more
     * than one line fails it too: such an event cannot be relayed as one {@code data:} line.
     */
    public boolean looksLikeJsonObject() {
        String s = data;
        int n = s.length();
        if (n < 2 || s.charAt(0) != '{' || s.charAt(n - 1) != '}') return false;
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (inString) {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
                else if (c < 0x20) return false;
            } else if (c == '"') inString = true;
            else if (c == '\n') return false;
            else if (c == '{' || c == '[') depth++;
            else if (c == '}' || c == ']') {
                if (--depth == 0 && i != n - 1) return false;
                if (depth < 0) return false;
            }
        }
        return depth == 0 && !inString;
    }

    @Override
    public String toString() {
        return (event == null ? "" : "event: " + event + " ") + "data: " + data;
    }
}
