package litellm.responses;

import litellm.error.LlmError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Responses request as a chat completion request: instructions a system message, input items messages
 * ({@link InputItems}), flat function tools chat's nested ones ({@link ChatTools}), {@code text.format} the
 * response_format, {@code reasoning.effort} the reasoning_effort, {@code max_output_tokens} max_tokens. What chat
 * cannot do is refused, as is a previous_response_id no stored response resolved.
 */
final class ChatRequest {
    /** Fields that would change what the answer is, which a chat completion cannot do. */
    private static final Set<String> REFUSED = Set.of("conversation", "prompt");

    private ChatRequest() {}

    /** The chat completion request for a Responses request. */
    static Map<String, Object> of(Map<String, Object> request, String provider, boolean stream) {
        for (String field : REFUSED)
            if (request.get(field) != null) throw InputItems.unsupported(field, "'" + field + "'", provider);
        if (Boolean.TRUE.equals(request.get("background"))) throw InputItems.unsupported("background", "background responses", provider);
        if (request.get("previous_response_id") != null)
            throw new LlmError(400, "invalid_request_error", "Previous response with id '" + request.get("previous_response_id") + "' not found.",
                    "previous_response_id", "previous_response_not_found", null);
        Map<String, Object> chat = new LinkedHashMap<>();
        if (request.get("model") != null) chat.put("model", request.get("model"));
        List<Map<String, Object>> messages = new ArrayList<>();
        if (request.get("instructions") instanceof String instructions) messages.add(Map.of("role", "system", "content", instructions));
        messages.addAll(InputItems.messages(request.get("input"), provider));
        chat.put("messages", messages);
        if (request.get("tools") instanceof List<?> tools && !tools.isEmpty()) chat.put("tools", ChatTools.tools(tools, provider));
        if (request.get("tool_choice") != null) chat.put("tool_choice", ChatTools.toolChoice(request.get("tool_choice"), provider));
        Object format = request.get("text") instanceof Map<?, ?> text ? text.get("format") : null;
        if (format instanceof Map<?, ?> f && !"text".equals(f.get("type"))) chat.put("response_format", responseFormat(f));
        if (request.get("reasoning") instanceof Map<?, ?> r && r.get("effort") != null) chat.put("reasoning_effort", r.get("effort"));
        if (request.get("max_output_tokens") != null) chat.put("max_tokens", request.get("max_output_tokens"));
        for (String same : List.of("temperature", "top_p", "user", "parallel_tool_calls"))
            if (request.get(same) != null) chat.put(same, request.get(same));
        if (stream) {
            chat.put("stream", true);
            chat.put("stream_options", Map.of("include_usage", true)); // response.completed carries the usage
        }
        return chat;
    }

    /** {@code text.format} as chat's response_format: json_schema's name, schema and strict move under json_schema. */
    private static Map<String, Object> responseFormat(Map<?, ?> format) {
        if (!"json_schema".equals(format.get("type"))) return Map.of("type", format.get("type"));
        Map<String, Object> schema = new LinkedHashMap<>();
        for (String key : List.of("name", "description", "schema", "strict")) if (format.get(key) != null) schema.put(key, format.get(key));
        return Map.of("type", "json_schema", "json_schema", schema);
    }

}
