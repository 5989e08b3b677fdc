package litellm.anthropic;

import litellm.json.Json;
import litellm.openai.OpenAiObjects;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole Anthropic message as the events a stream of it would have had, for an answer that comes whole (the cache):
 * text cut at word starts, a tool call's input as one input_json_delta, thinking as one thinking_delta and its
 * signature as a signature_delta.
 */
public final class MessageReplay {
    private MessageReplay() {}

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> events(Map<String, Object> message) {
        List<Map<String, Object>> events = new ArrayList<>();
        Map<String, Object> start = new LinkedHashMap<>(message);
        start.put("content", List.of());
        start.put("stop_reason", null);
        start.put("stop_sequence", null);
        Map<String, Object> usage = message.get("usage") instanceof Map<?, ?> u ? (Map<String, Object>) u : Map.of();
        Map<String, Object> startUsage = new LinkedHashMap<>(usage);
        startUsage.put("output_tokens", 0);
        start.put("usage", startUsage);
        events.add(Events.event("message_start", "message", start));
        List<?> content = message.get("content") instanceof List<?> l ? l : List.of();
        for (int i = 0; i < content.size(); i++) {
            Map<String, Object> block = (Map<String, Object>) content.get(i);
            events.add(Events.blockStart(i, emptied(block)));
            if (i == 0) events.add(Events.PING);
            deltas(block, i, events);
            events.add(Events.blockStop(i));
        }
        events.add(Events.messageDelta(message.get("stop_reason"), message.get("stop_sequence"), usage));
        events.add(Events.MESSAGE_STOP);
        return events;
    }

    /** The block as its content_block_start gives it: what its deltas bring left out. */
    private static Map<String, Object> emptied(Map<String, Object> block) {
        Map<String, Object> empty = new LinkedHashMap<>(block);
        switch (String.valueOf(block.get("type"))) {
            case "text" -> empty.put("text", "");
            case "thinking" -> {
                empty.put("thinking", "");
                empty.put("signature", "");
            }
            case "tool_use" -> empty.put("input", Map.of());
            default -> { } // redacted_thinking and the like come whole
        }
        return empty;
    }

    private static void deltas(Map<String, Object> block, int index, List<Map<String, Object>> events) {
        switch (String.valueOf(block.get("type"))) {
            case "text" -> {
                for (String piece : OpenAiObjects.pieces((String) block.get("text"))) events.add(Events.delta(index, "text_delta", "text", piece));
            }
            case "thinking" -> {
                if (block.get("thinking") instanceof String t && !t.isEmpty()) events.add(Events.delta(index, "thinking_delta", "thinking", t));
                if (block.get("signature") instanceof String s && !s.isEmpty()) events.add(Events.delta(index, "signature_delta", "signature", s));
            }
            case "tool_use" -> events.add(Events.delta(index, "input_json_delta", "partial_json", Json.text(block.get("input"))));
            default -> { }
        }
    }
}
