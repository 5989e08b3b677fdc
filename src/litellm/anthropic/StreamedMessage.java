package litellm.anthropic;

import litellm.openai.StreamJoiner;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An Anthropic stream's events put back together as the message a non-streamed call would have given, for the
 * callbacks and the cache: each block's deltas joined (a tool_use block's partial JSON parsed into its input), the
 * stop reason and the usage of message_delta laid over message_start's.
 */
public final class StreamedMessage implements StreamJoiner {
    private Map<String, Object> message;
    private Instant firstAt;
    private final Map<Integer, Map<String, Object>> blocks = new TreeMap<>();
    private final Map<Integer, StringBuilder> partialJson = new TreeMap<>();

    @Override
    @SuppressWarnings("unchecked")
    public synchronized void add(Map<String, Object> event) {
        if (firstAt == null) firstAt = Instant.now();
        int index = event.get("index") instanceof Number n ? n.intValue() : 0;
        switch (String.valueOf(event.get("type"))) {
            case "message_start" -> {
                if (event.get("message") instanceof Map<?, ?> m) message = new LinkedHashMap<>((Map<String, Object>) m);
            }
            case "content_block_start" -> {
                if (event.get("content_block") instanceof Map<?, ?> b) blocks.put(index, new LinkedHashMap<>((Map<String, Object>) b));
            }
            case "content_block_delta" -> {
                if (event.get("delta") instanceof Map<?, ?> d) delta(index, d);
            }
            case "message_delta" -> messageDelta(event);
            default -> { } // ping, content_block_stop, message_stop
        }
    }

    private void delta(int index, Map<?, ?> delta) {
        Map<String, Object> block = blocks.computeIfAbsent(index, i -> new LinkedHashMap<>());
        switch (String.valueOf(delta.get("type"))) {
            case "text_delta" -> append(block, "text", delta.get("text"));
            case "thinking_delta" -> append(block, "thinking", delta.get("thinking"));
            case "signature_delta" -> block.put("signature", delta.get("signature"));
            case "input_json_delta" -> partialJson.computeIfAbsent(index, i -> new StringBuilder()).append(delta.get("partial_json"));
            default -> { }
        }
    }

    private static void append(Map<String, Object> block, String field, Object text) {
        block.put(field, (block.get(field) instanceof String before ? before : "") + (text == null ? "" : text));
    }

    @SuppressWarnings("unchecked")
    private void messageDelta(Map<String, Object> event) {
        if (message == null) message = new LinkedHashMap<>();
        if (event.get("delta") instanceof Map<?, ?> d) ((Map<String, Object>) d).forEach(message::put);
        if (event.get("usage") instanceof Map<?, ?> u) {
            Map<String, Object> usage = message.get("usage") instanceof Map<?, ?> before ? new LinkedHashMap<>((Map<String, Object>) before) : new LinkedHashMap<>();
            ((Map<String, Object>) u).forEach((k, v) -> { if (v != null) usage.put(k, v); });
            message.put("usage", usage);
        }
    }

    @Override
    public synchronized Instant firstChunk() {
        return firstAt;
    }

    @Override
    public synchronized Map<String, Object> response() {
        Map<String, Object> out = message == null ? new LinkedHashMap<>() : new LinkedHashMap<>(message);
        List<Object> content = new ArrayList<>();
        blocks.forEach((index, block) -> {
            StringBuilder json = partialJson.get(index);
            if (json != null) {
                block = new LinkedHashMap<>(block);
                block.put("input", ChatToMessage.input(json.toString()));
            }
            content.add(block);
        });
        out.put("content", content);
        return out;
    }
}
