package litellm.http;

import litellm.json.Json;
import litellm.error.LlmError;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * One event of an upstream stream: an SSE event ({@code event} may be null) or one NDJSON line
 * ({@code event} is null). {@link #getJson()} parses {@code data} once, on first use.
 * <p>
 * An SSE event read from the wire keeps its data as the bytes it came as, framed as an OpenAI stream writes it
 * ({@code data: <data>\n\n}, {@link #sse()}): relayed unchanged, it is written as it is, with no decoding into text
 * and no encoding back. Its text is made only when something asks for it ({@link #getData()}).
 */
public final class StreamEvent {
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    /** Where the data begins in a framed event, and how many bytes the frame adds. */
    static final int FRAME_START = DATA.length, FRAME_LENGTH = DATA.length + 2;
    private static final byte[] ERROR = "\"error\"".getBytes(StandardCharsets.US_ASCII);

    private final String event;
    private String data;
    /** {@code data: <data>\n\n} in UTF-8; made from {@link #data} on first use when the event was made from text. */
    private byte[] framed;
    private Object json;

    public StreamEvent(String event, String data) {
        this.event = event;
        this.data = data;
    }

    private StreamEvent(String event, byte[] framed) {
        this.event = event;
        this.framed = framed;
    }

    /** An event whose data is {@code framed}'s bytes within {@code data: } and the blank line ({@link #frame}). */
    static StreamEvent framed(String event, byte[] framed) {
        return new StreamEvent(event, framed);
    }

    /** {@code data: <bytes[from, to)>\n\n}. */
    static byte[] frame(byte[] bytes, int from, int to) {
        byte[] framed = new byte[to - from + FRAME_LENGTH];
        System.arraycopy(DATA, 0, framed, 0, DATA.length);
        System.arraycopy(bytes, from, framed, FRAME_START, to - from);
        framed[framed.length - 2] = '\n';
        framed[framed.length - 1] = '\n';
        return framed;
    }

    public String getEvent() { return event; }

    public String getData() {
        if (data == null) data = new String(framed, FRAME_START, framed.length - FRAME_LENGTH, StandardCharsets.UTF_8);
        return data;
    }

    /** The event as an OpenAI stream sends it: {@code data: <data>\n\n}, in UTF-8 (data on one line: see {@link #looksLikeJsonObject()}). */
    public byte[] sse() {
        if (framed == null) {
            byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
            framed = frame(bytes, 0, bytes.length);
        }
        return framed;
    }

    /** True when the data's text is {@code text} (ASCII), compared without decoding it. */
    public boolean dataIs(String text) {
        if (data != null) return data.equals(text);
        int n = framed.length - FRAME_LENGTH;
        if (n != text.length()) return false;
        for (int i = 0; i < n; i++) if (framed[FRAME_START + i] != text.charAt(i)) return false;
        return true;
    }

    /** {@code data} as JSON (a map for objects); a script reads it as {@code event.json}. */
    public Object getJson() {
        if (json == null) {
            try {
                byte[] f = sse();
                json = Json.parse(f, FRAME_START, f.length - FRAME_LENGTH);
            } catch (IOException e) {
                throw new LlmError(502, "api_error", "upstream sent a stream event that is not JSON: " + BodyText.excerpt(getData()), null, "bad_upstream_stream", null);
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
     * than one line fails it too: such an event cannot be relayed as one {@code data:} line. Run on the UTF-8
     * bytes: those of a character past ASCII are all 0x80 or more, so none is taken for a brace, a quote or a
     * control character.
     */
    public boolean looksLikeJsonObject() {
        return scan(false);
    }

    /**
     * {@link #looksLikeJsonObject()}, and no string in it is {@code "error"} (as an error object's key would be):
     * an event a relay may pass on as the text it came as. One pass for both.
     */
    public boolean isJsonObjectWithoutError() {
        return scan(true);
    }

    private boolean scan(boolean noError) {
        byte[] f = sse();
        int from = FRAME_START, to = f.length - 2;
        if (to - from < 2 || f[from] != '{' || f[to - 1] != '}') return false;
        int depth = 0;
        boolean inString = false;
        for (int i = from; i < to; i++) {
            int c = f[i];
            if (inString) {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
                else if (c >= 0 && c < 0x20) return false;
            } else if (c == '"') {
                if (noError && Arrays.equals(f, i, Math.min(i + ERROR.length, to), ERROR, 0, ERROR.length)) return false;
                inString = true;
            }
            else if (c == '\n') return false;
            else if (c == '{' || c == '[') depth++;
            else if (c == '}' || c == ']') {
                if (--depth == 0 && i != to - 1) return false;
                if (depth < 0) return false;
            }
        }
        return depth == 0 && !inString;
    }

    @Override
    public String toString() {
        return (event == null ? "" : "event: " + event + " ") + "data: " + getData();
    }
}
