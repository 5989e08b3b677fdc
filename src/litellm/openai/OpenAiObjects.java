package litellm.openai;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds OpenAI's response and chunk objects, for provider scripts and for the core. */
public final class OpenAiObjects {
    private static final Pattern PIECES = Pattern.compile("\\s*\\S+|\\s+");

    private OpenAiObjects() {}

    public static String newId(String prefix) {
        return prefix + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    }

    public static long now() {
        return System.currentTimeMillis() / 1000;
    }

    public static Map<String, Object> usage(long promptTokens, long completionTokens) {
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("prompt_tokens", promptTokens);
        usage.put("completion_tokens", completionTokens);
        usage.put("total_tokens", promptTokens + completionTokens);
        return usage;
    }

    /** A chat message: its role and content (a text, content parts, or null). */
    public static Map<String, Object> message(String role, Object content) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", role);
        message.put("content", content);
        return message;
    }

    public static Map<String, Object> chatCompletion(String model, String content, String finishReason, Map<String, Object> usage) {
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("message", message("assistant", content));
        choice.put("logprobs", null);
        choice.put("finish_reason", finishReason);
        return envelope(newId("chatcmpl-"), "chat.completion", now(), model, List.of(choice), usage);
    }

    public static Map<String, Object> textCompletion(String model, String text, String finishReason, Map<String, Object> usage) {
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("text", text);
        choice.put("index", 0);
        choice.put("logprobs", null);
        choice.put("finish_reason", finishReason);
        return envelope(newId("cmpl-"), "text_completion", now(), model, List.of(choice), usage);
    }

    public static Map<String, Object> embeddings(String model, List<? extends List<? extends Number>> vectors, Map<String, Object> usage) {
        List<Map<String, Object>> data = new ArrayList<>();
        for (int i = 0; i < vectors.size(); i++) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("object", "embedding");
            item.put("index", i);
            item.put("embedding", vectors.get(i));
            data.add(item);
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("object", "list");
        response.put("data", data);
        response.put("model", model);
        response.put("usage", usage);
        return response;
    }

    /** A chat chunk with one choice; {@code delta} is what is new in it. */
    public static Map<String, Object> chatChunk(String id, long created, String model, Map<String, Object> delta, String finishReason) {
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("delta", delta);
        choice.put("logprobs", null);
        choice.put("finish_reason", finishReason);
        return envelope(id, "chat.completion.chunk", created, model, List.of(choice), null);
    }

    /** The last chunk of a stream when the client asked for {@code stream_options.include_usage}. */
    public static Map<String, Object> usageChunk(String id, String object, long created, String model, Map<String, Object> usage) {
        return envelope(id, object, created, model, List.of(), usage);
    }

    /** True when a request asks for a final usage chunk in its stream ({@code stream_options.include_usage}). */
    public static boolean includeUsage(Map<String, Object> request) {
        return request.get("stream_options") instanceof Map<?, ?> o && Boolean.TRUE.equals(o.get("include_usage"));
    }

    /**
     * Turns a whole response into the chunks a stream of it would have had: for models that
     * answer at once (local ones, or upstreams without streaming). Text is cut at word starts.
     */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> toChunks(Endpoint endpoint, Map<String, Object> response, boolean includeUsage) {
        String id = String.valueOf(response.get("id"));
        long created = response.get("created") instanceof Number n ? n.longValue() : now();
        String model = String.valueOf(response.get("model"));
        List<Map<String, Object>> chunks = new ArrayList<>();
        for (Map<String, Object> choice : (List<Map<String, Object>>) response.get("choices")) {
            int index = ((Number) choice.getOrDefault("index", 0)).intValue();
            if (endpoint == Endpoint.CHAT) {
                Map<String, Object> message = (Map<String, Object>) choice.get("message");
                chunks.add(withIndex(chatChunk(id, created, model, delta("role", "assistant", "content", ""), null), index));
                for (String piece : pieces((String) message.get("content")))
                    chunks.add(withIndex(chatChunk(id, created, model, delta("content", piece), null), index));
                chunks.add(withIndex(chatChunk(id, created, model, new LinkedHashMap<>(), (String) choice.get("finish_reason")), index));
            } else {
                List<String> pieces = pieces((String) choice.get("text"));
                for (int i = 0; i < pieces.size(); i++) {
                    boolean last = i == pieces.size() - 1;
                    chunks.add(textChunk(id, created, model, index, pieces.get(i), last ? choice.get("finish_reason") : null));
                }
            }
        }
        if (includeUsage && response.get("usage") != null)
            chunks.add(usageChunk(id, endpoint == Endpoint.CHAT ? "chat.completion.chunk" : "text_completion", created, model,
                    (Map<String, Object>) response.get("usage")));
        return chunks;
    }

    /** OpenAI's base64 embedding: the little-endian float32 array, base64-encoded. */
    public static String base64Floats(List<? extends Number> vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.size() * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (Number n : vector) buffer.putFloat(n.floatValue());
        return Base64.getEncoder().encodeToString(buffer.array());
    }

    /** Text cut where words start, so a stream of it reads as it would from a model. */
    public static List<String> pieces(String text) {
        List<String> pieces = new ArrayList<>();
        if (text == null) return pieces;
        Matcher m = PIECES.matcher(text);
        while (m.find()) pieces.add(m.group());
        return pieces;
    }

    /** A text completion chunk: {@code text} is what is new in choice {@code index}. */
    public static Map<String, Object> textChunk(String id, long created, String model, int index, String text, Object finishReason) {
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("text", text);
        choice.put("index", index);
        choice.put("logprobs", null);
        choice.put("finish_reason", finishReason);
        return envelope(id, "text_completion", created, model, List.of(choice), null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withIndex(Map<String, Object> chunk, int index) {
        ((List<Map<String, Object>>) chunk.get("choices")).get(0).put("index", index);
        return chunk;
    }

    private static Map<String, Object> delta(Object... keyValues) {
        Map<String, Object> delta = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) delta.put((String) keyValues[i], keyValues[i + 1]);
        return delta;
    }

    private static Map<String, Object> envelope(String id, String object, long created, String model,
                                                List<Map<String, Object>> choices, Map<String, Object> usage) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("object", object);
        m.put("created", created);
        m.put("model", model);
        m.put("choices", choices);
        if (usage != null) m.put("usage", usage);
        return m;
    }
}
