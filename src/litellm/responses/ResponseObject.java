package litellm.responses;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * OpenAI's Response object with every field OpenAI returns, in OpenAI's order: the request's settings echoed (with
 * OpenAI's defaults where the request gave none) around the output and its usage.
 */
final class ResponseObject {
    private ResponseObject() {}

    /** An id as OpenAI's look: a prefix ({@code resp_}, {@code msg_}, {@code fc_}) and 48 hex digits. */
    static String newId(String prefix) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return prefix + hex(random.nextLong()) + hex(random.nextLong()) + hex(random.nextLong());
    }

    private static String hex(long bits) {
        String h = Long.toHexString(bits);
        return "0".repeat(16 - h.length()) + h;
    }

    /**
     * @param status            {@code in_progress}, {@code completed}, {@code incomplete} or {@code failed}
     * @param error             {@code {code, message}} of a failed response, else null
     * @param incompleteDetails {@code {reason}} of an incomplete one, else null
     */
    static Map<String, Object> of(String id, long createdAt, String status, String model, Map<String, Object> request,
                                  List<Map<String, Object>> output, Map<String, Object> usage, Map<String, Object> error,
                                  Map<String, Object> incompleteDetails) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", id);
        r.put("object", "response");
        r.put("created_at", createdAt);
        r.put("status", status);
        r.put("background", false);
        r.put("error", error);
        r.put("incomplete_details", incompleteDetails);
        r.put("instructions", request.get("instructions"));
        r.put("max_output_tokens", request.get("max_output_tokens"));
        r.put("max_tool_calls", request.get("max_tool_calls"));
        r.put("model", model);
        r.put("output", output);
        r.put("parallel_tool_calls", or(request.get("parallel_tool_calls"), true));
        r.put("previous_response_id", request.get("previous_response_id"));
        r.put("prompt_cache_key", request.get("prompt_cache_key"));
        r.put("reasoning", reasoning(request.get("reasoning")));
        r.put("safety_identifier", request.get("safety_identifier"));
        r.put("service_tier", "default");
        r.put("store", or(request.get("store"), true));
        r.put("temperature", or(request.get("temperature"), 1.0));
        r.put("text", text(request.get("text")));
        r.put("tool_choice", or(request.get("tool_choice"), "auto"));
        r.put("tools", or(request.get("tools"), List.of()));
        r.put("top_logprobs", or(request.get("top_logprobs"), 0));
        r.put("top_p", or(request.get("top_p"), 1.0));
        r.put("truncation", or(request.get("truncation"), "disabled"));
        r.put("usage", usage);
        r.put("user", request.get("user"));
        r.put("metadata", or(request.get("metadata"), Map.of()));
        return r;
    }

    /** A chat completion's usage in the Responses API's terms; null for none. */
    static Map<String, Object> usage(Object chatUsage) {
        if (!(chatUsage instanceof Map<?, ?> u)) return null;
        long input = number(u.get("prompt_tokens")), output = number(u.get("completion_tokens"));
        long total = u.get("total_tokens") instanceof Number n ? n.longValue() : input + output;
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("input_tokens", input);
        usage.put("input_tokens_details", Map.of("cached_tokens", u.get("prompt_tokens_details") instanceof Map<?, ?> d ? number(d.get("cached_tokens")) : 0));
        usage.put("output_tokens", output);
        usage.put("output_tokens_details", Map.of("reasoning_tokens",
                u.get("completion_tokens_details") instanceof Map<?, ?> d ? number(d.get("reasoning_tokens")) : 0));
        usage.put("total_tokens", total);
        return usage;
    }

    private static Map<String, Object> reasoning(Object requested) {
        Map<String, Object> reasoning = new LinkedHashMap<>();
        reasoning.put("effort", requested instanceof Map<?, ?> r ? r.get("effort") : null);
        reasoning.put("summary", requested instanceof Map<?, ?> r ? r.get("summary") : null);
        return reasoning;
    }

    private static Map<String, Object> text(Object requested) {
        Map<String, Object> text = new LinkedHashMap<>();
        text.put("format", requested instanceof Map<?, ?> t && t.get("format") != null ? t.get("format") : Map.of("type", "text"));
        text.put("verbosity", requested instanceof Map<?, ?> t && t.get("verbosity") != null ? t.get("verbosity") : "medium");
        return text;
    }

    private static Object or(Object value, Object otherwise) {
        return value != null ? value : otherwise;
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }
}
