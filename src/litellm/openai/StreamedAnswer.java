package litellm.openai;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stream's chunks put back together as the whole answer a non-streamed call would have given (what LiteLLM's
 * stream_chunk_builder does for its callbacks and its cache): text, reasoning and tool calls joined per choice.
 * A Responses API stream needs no joining: its events carry the response, whole in the last of them.
 */
public final class StreamedAnswer implements StreamJoiner {
    private final Map<Integer, Choice> choices = new TreeMap<>();
    private Map<String, Object> first;
    private Instant firstAt;
    private Object usage;
    /** The latest response a Responses API event carried; null for chat and completion streams. */
    private Map<String, Object> response;

    private static final class Choice {
        final StringBuilder text = new StringBuilder();
        final StringBuilder reasoning = new StringBuilder();
        final Map<Integer, ToolCall> toolCalls = new TreeMap<>();
        /** A provider's own fields (Gemini's thought_signatures): lists joined, as LiteLLM's stream builder merges them. */
        final Map<String, Object> providerFields = new LinkedHashMap<>();
        Object role = "assistant";
        Object finishReason;
    }

    private static final class ToolCall {
        Object id;
        Object providerFields;
        Object type = "function";
        final StringBuilder name = new StringBuilder();
        final StringBuilder arguments = new StringBuilder();
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized void add(Map<String, Object> chunk) {
        if (first == null) {
            first = chunk;
            firstAt = Instant.now();
        }
        if (chunk.get("usage") instanceof Map<?, ?> u) usage = u;
        if (chunk.get("response") instanceof Map<?, ?> r && chunk.get("type") instanceof String) response = (Map<String, Object>) r;
        if (!(chunk.get("choices") instanceof List<?> list)) return;
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> c)) continue;
            Choice choice = choices.computeIfAbsent(c.get("index") instanceof Number n ? n.intValue() : 0, i -> new Choice());
            if (c.get("finish_reason") != null) choice.finishReason = c.get("finish_reason");
            if (c.get("text") instanceof String text) choice.text.append(text); // a text completion's chunk
            if (c.get("delta") instanceof Map<?, ?> delta) addDelta(choice, (Map<String, Object>) delta);
        }
    }

    private static void addDelta(Choice choice, Map<String, Object> delta) {
        if (delta.get("role") != null) choice.role = delta.get("role");
        if (delta.get("content") instanceof String s) choice.text.append(s);
        if (delta.get("reasoning_content") instanceof String s) choice.reasoning.append(s);
        if (delta.get("provider_specific_fields") instanceof Map<?, ?> fields)
            fields.forEach((k, v) -> choice.providerFields.merge(String.valueOf(k), v, StreamedAnswer::joined));
        if (delta.get("tool_calls") instanceof List<?> calls)
            for (Object o : calls)
                if (o instanceof Map<?, ?> call) {
                    ToolCall t = choice.toolCalls.computeIfAbsent(call.get("index") instanceof Number n ? n.intValue() : 0, i -> new ToolCall());
                    if (call.get("id") != null) t.id = call.get("id");
                    if (call.get("type") != null) t.type = call.get("type");
                    if (call.get("provider_specific_fields") != null) t.providerFields = call.get("provider_specific_fields");
                    if (call.get("function") instanceof Map<?, ?> f) {
                        if (f.get("name") instanceof String s) t.name.append(s);
                        if (f.get("arguments") instanceof String s) t.arguments.append(s);
                    }
                }
    }

    @Override
    public synchronized Instant firstChunk() {
        return firstAt;
    }

    /** The whole answer: a chat.completion, or a text_completion when the chunks were a text completion's. */
    @Override
    public synchronized Map<String, Object> response() {
        if (response != null) return response;
        Map<String, Object> out = new LinkedHashMap<>();
        boolean text = first != null && "text_completion".equals(first.get("object"));
        if (first != null) {
            out.put("id", first.get("id"));
            out.put("object", text ? "text_completion" : "chat.completion");
            out.put("created", first.get("created"));
            out.put("model", first.get("model"));
        }
        List<Map<String, Object>> list = new ArrayList<>();
        choices.forEach((index, c) -> list.add(text ? textChoice(index, c) : chatChoice(index, c)));
        out.put("choices", list);
        if (usage != null) out.put("usage", usage);
        return out;
    }

    private static Object joined(Object before, Object after) {
        if (!(before instanceof List<?> a) || !(after instanceof List<?> b)) return after;
        List<Object> both = new ArrayList<>(a);
        both.addAll(b);
        return both;
    }

    private static Map<String, Object> textChoice(int index, Choice c) {
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", index);
        choice.put("text", c.text.toString());
        choice.put("finish_reason", c.finishReason);
        return choice;
    }

    private static Map<String, Object> chatChoice(int index, Choice c) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", c.role);
        message.put("content", c.text.isEmpty() && !c.toolCalls.isEmpty() ? null : c.text.toString());
        if (!c.reasoning.isEmpty()) message.put("reasoning_content", c.reasoning.toString());
        if (!c.toolCalls.isEmpty()) {
            List<Map<String, Object>> calls = new ArrayList<>();
            for (ToolCall t : c.toolCalls.values()) {
                Map<String, Object> call = new LinkedHashMap<>();
                call.put("id", String.valueOf(t.id));
                call.put("type", t.type);
                call.put("function", Map.of("name", t.name.toString(), "arguments", t.arguments.toString()));
                if (t.providerFields != null) call.put("provider_specific_fields", t.providerFields);
                calls.add(call);
            }
            message.put("tool_calls", calls);
        }
        if (!c.providerFields.isEmpty()) message.put("provider_specific_fields", c.providerFields);
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", index);
        choice.put("message", message);
        choice.put("finish_reason", c.finishReason);
        return choice;
    }
}
