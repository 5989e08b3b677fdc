package litellm.callbacks;

import litellm.json.Json;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A finished call as Langfuse ingestion events, the way LiteLLM's Langfuse callback logs it: a trace named
 * {@code litellm-<call type>} and in it one generation with the input, the output, the model, its parameters,
 * the token usage and the timings. A failed call's generation has level ERROR and the error as its status message.
 *
 * <p>The request's {@code metadata} names the trace and generation as with LiteLLM ({@code trace_id},
 * {@code existing_trace_id}, {@code trace_name}, {@code session_id}, {@code trace_user_id}, {@code tags},
 * {@code generation_name}, {@code generation_id}, {@code version}); its other keys become the generation's metadata.
 */
final class LangfuseEvents {
    /** Request fields that are neither the input nor a model parameter. */
    private static final Set<String> NOT_PARAMETERS = Set.of("model", "messages", "prompt", "input", "stream", "stream_options",
            "metadata", "user", "tools", "functions", "api_base", "base_url", "api_key", "api_version", "azure_ad_token");
    /** Langfuse's SDK keeps an event under 1 MB and a batch under 2.5 MB (the API takes 3.5 MB). */
    static final int MAX_EVENT_BYTES = 1_000_000;
    static final int MAX_BATCH_BYTES = 2_500_000;
    static final String TRUNCATED = "<truncated due to size exceeding limit>";
    /** Langfuse's limits on an id (idSchema) and on a trace's name (TraceBody). */
    private static final int MAX_ID = 800, MAX_TRACE_NAME = 1000;
    private static final DateTimeFormatter GENERATION_TIME = DateTimeFormatter.ofPattern("HH-mm-ss-SSSSSS").withZone(ZoneOffset.UTC);

    private LangfuseEvents() {}

    static List<Map<String, Object>> of(CallLog call) {
        Map<String, Object> metadata = call.request().get("metadata") instanceof Map<?, ?> m ? new LinkedHashMap<>(stringKeys(m)) : new LinkedHashMap<>();
        String defaultName = "litellm-" + call.callType();
        String existingTrace = id(metadata.remove("existing_trace_id"));
        String traceId = existingTrace != null ? existingTrace : orElse(id(metadata.remove("trace_id")), call.id());
        Object input = input(call);
        Object output = call.failed() ? call.error().getMessage() : output(call);

        Map<String, Object> trace = new LinkedHashMap<>();
        put(trace, "id", traceId);
        String traceName = text(metadata.remove("trace_name"));
        String sessionId = text(metadata.remove("session_id"));
        String userId = orElse(text(metadata.remove("trace_user_id")), text(call.request().get("user")));
        List<String> tags = tags(metadata.remove("tags"));
        String version = text(metadata.remove("version"));
        if (existingTrace == null) { // an existing trace is not renamed or overwritten
            put(trace, "timestamp", call.start().toString());
            put(trace, "name", cut(orElse(traceName, defaultName), MAX_TRACE_NAME));
            put(trace, "userId", userId);
            put(trace, "sessionId", sessionId);
            put(trace, "input", input);
            if (!call.failed()) put(trace, "output", output);
            put(trace, "tags", tags);
            put(trace, "version", version);
        }

        Map<String, Object> generation = new LinkedHashMap<>();
        put(generation, "id", orElse(id(metadata.remove("generation_id")), generationId(call)));
        put(generation, "traceId", traceId);
        put(generation, "name", orElse(text(metadata.remove("generation_name")), defaultName));
        put(generation, "startTime", call.start().toString());
        put(generation, "endTime", call.end().toString());
        if (call.firstChunk() != null) put(generation, "completionStartTime", call.firstChunk().toString());
        put(generation, "model", call.model());
        put(generation, "modelParameters", modelParameters(call.request()));
        put(generation, "input", input);
        put(generation, "output", output);
        Map<String, Object> tokens = call.usage(); // a stream without usage has its tokens counted: once
        Double cost = call.cost(tokens);
        put(generation, "usage", usage(tokens, cost));
        put(metadata, "model_group", call.modelGroup());
        put(metadata, "api_base", call.apiBase());
        metadata.put("cache_hit", call.cacheHit());
        put(metadata, "litellm_response_cost", cost);
        put(generation, "metadata", metadata);
        put(generation, "level", call.failed() ? "ERROR" : "DEFAULT");
        if (call.failed()) put(generation, "statusMessage", output);
        put(generation, "version", version);

        return List.of(event("trace-create", trace), event("generation-create", generation));
    }

    /**
     * An event as JSON, no larger than Langfuse takes: a larger one loses its largest parts (input, output,
     * metadata) one by one, each replaced by a note, as Langfuse's SDK does.
     */
    @SuppressWarnings("unchecked")
    static byte[] json(Map<String, Object> event) {
        byte[] json = Json.bytes(event);
        if (json.length <= MAX_EVENT_BYTES) return json;
        Map<String, Object> body = new LinkedHashMap<>((Map<String, Object>) event.get("body"));
        Map<String, Object> smaller = new LinkedHashMap<>(event);
        smaller.put("body", body);
        List<String> parts = new ArrayList<>(List.of("input", "output", "metadata"));
        parts.removeIf(part -> body.get(part) == null);
        parts.sort(java.util.Comparator.comparingInt((String part) -> Json.bytes(body.get(part)).length).reversed());
        for (String part : parts) {
            body.put(part, TRUNCATED);
            json = Json.bytes(smaller);
            if (json.length <= MAX_EVENT_BYTES) break;
        }
        return json;
    }

    private static Map<String, Object> event(String type, Map<String, Object> body) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", UUID.randomUUID().toString()); // the envelope's id, which Langfuse deduplicates by
        event.put("type", type);
        event.put("timestamp", Instant.now().toString());
        event.put("body", body);
        return event;
    }

    /** The prompt side: the messages (with the tools offered), a completion's prompt, the texts embedded, a response's instructions and input, or a message request's system prompt and messages. */
    private static Map<String, Object> input(CallLog call) {
        Map<String, Object> request = call.request();
        Map<String, Object> input = new LinkedHashMap<>();
        put(input, "system", request.get("system")); // Anthropic's system prompt, outside its messages
        put(input, "instructions", request.get("instructions"));
        put(input, call.endpoint().inputField, request.get(call.endpoint().inputField));
        put(input, "tools", request.get("tools"));
        put(input, "functions", request.get("functions"));
        return input;
    }

    /** The first choice's message, or its text; a response's output items; an Anthropic message as the assistant's message; nothing for embeddings. */
    private static Object output(CallLog call) {
        if (call.response() != null && call.response().get("output") instanceof List<?> items) return items;
        if (call.response() != null && "message".equals(call.response().get("type")))
            return Map.of("role", "assistant", "content", call.response().getOrDefault("content", List.of()));
        if (call.response() == null || !(call.response().get("choices") instanceof List<?> choices) || choices.isEmpty()) return null;
        if (!(choices.getFirst() instanceof Map<?, ?> choice)) return null;
        return choice.containsKey("message") ? choice.get("message") : choice.get("text");
    }

    /**
     * LiteLLM's generation id: the start time and the response's id. A call without an answer (a failure) gets a new
     * id, as Langfuse's SDK gives a generation LiteLLM creates without one: Langfuse refuses a generation without id.
     */
    private static String generationId(CallLog call) {
        Object responseId = call.response() == null ? null : call.response().get("id");
        return responseId == null || responseId.toString().isEmpty() ? UUID.randomUUID().toString()
                : "time-" + GENERATION_TIME.format(call.start()) + "_" + responseId;
    }

    /** Langfuse takes strings, numbers and booleans as parameters; anything else goes as its JSON text. */
    private static Map<String, Object> modelParameters(Map<String, Object> request) {
        Map<String, Object> params = new LinkedHashMap<>();
        request.forEach((key, value) -> {
            if (NOT_PARAMETERS.contains(key) || value == null) return;
            params.put(key, value instanceof String || value instanceof Number || value instanceof Boolean ? value : Json.text(value));
        });
        return params;
    }

    /** Token counts, and the cost when the model's price is known (LiteLLM sends it as total_cost). */
    private static Map<String, Object> usage(Map<String, Object> u, Double cost) {
        if (u == null) return null;
        Map<String, Object> usage = new LinkedHashMap<>();
        put(usage, "input", u.get("prompt_tokens"));
        put(usage, "output", u.get("completion_tokens"));
        put(usage, "total", u.get("total_tokens"));
        usage.put("unit", "TOKENS");
        put(usage, "totalCost", cost);
        return usage;
    }

    private static Map<String, Object> stringKeys(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    /** An id as Langfuse takes one: a string of 1 to 800 characters without a carriage return; else none. */
    private static String id(Object value) {
        String id = text(value);
        return id == null || id.isEmpty() || id.length() > MAX_ID || id.indexOf('\r') >= 0 ? null : id;
    }

    /** A string field: a number or a boolean the request's metadata gave becomes its text, anything else its JSON. */
    private static String text(Object value) {
        return value == null ? null : value instanceof String s ? s
                : value instanceof Number || value instanceof Boolean ? value.toString() : Json.text(value);
    }

    /** Langfuse's tags are strings: one tag alone is a list of one. */
    private static List<String> tags(Object value) {
        if (value == null) return null;
        if (!(value instanceof List<?> list)) return List.of(text(value));
        return list.stream().filter(java.util.Objects::nonNull).map(LangfuseEvents::text).toList();
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    private static <T> T orElse(T value, T otherwise) {
        return value != null ? value : otherwise;
    }

    private static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) map.put(key, value);
    }
}
