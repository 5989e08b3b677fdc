package litellm.anthropic;

import java.util.LinkedHashMap;
import java.util.Map;

/** Anthropic's stream events, built as maps: the one place their shapes are written. */
final class Events {
    static final Map<String, Object> PING = Map.of("type", "ping");
    static final Map<String, Object> MESSAGE_STOP = Map.of("type", "message_stop");

    private Events() {}

    /** An event of {@code type} with its first field. */
    static Map<String, Object> event(String type, String key, Object value) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", type);
        event.put(key, value);
        return event;
    }

    /** A content_block_delta of block {@code index}: {@code {"type": type, field: value}}. */
    static Map<String, Object> delta(int index, String type, String field, String value) {
        Map<String, Object> delta = new LinkedHashMap<>();
        delta.put("type", type);
        delta.put(field, value);
        Map<String, Object> event = event("content_block_delta", "index", index);
        event.put("delta", delta);
        return event;
    }

    static Map<String, Object> blockStart(int index, Map<String, Object> block) {
        Map<String, Object> event = event("content_block_start", "index", index);
        event.put("content_block", block);
        return event;
    }

    static Map<String, Object> blockStop(int index) {
        return event("content_block_stop", "index", index);
    }

    static Map<String, Object> messageDelta(Object stopReason, Object stopSequence, Map<String, Object> usage) {
        Map<String, Object> delta = new LinkedHashMap<>();
        delta.put("stop_reason", stopReason);
        delta.put("stop_sequence", stopSequence);
        Map<String, Object> event = event("message_delta", "delta", delta);
        event.put("usage", usage);
        return event;
    }
}
