package litellm.responses;

import litellm.error.LlmError;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static litellm.openai.RequestValidator.invalidType;
import static litellm.openai.RequestValidator.invalidValue;
import static litellm.openai.RequestValidator.missing;

/**
 * The shape of a Responses request, checked before any work as OpenAI checks it (its 400s, with {@code param} the
 * path): the input (a string, or items), the flat function tools, tool_choice, text.format and reasoning. Numbers
 * and ranges are {@link litellm.openai.RequestValidator}'s. What a provider served through chat cannot do is refused
 * later, by the translation.
 */
public final class ResponsesRequest {
    private static final Set<String> ROLES = Set.of("user", "assistant", "system", "developer");
    private static final Set<String> FORMATS = Set.of("text", "json_object", "json_schema");
    private static final Set<String> CHOICES = Set.of("none", "auto", "required");

    private ResponsesRequest() {}

    public static void check(Map<String, Object> request) {
        // a stored prompt or a conversation can stand for the input (OpenAI's own features: translated, they are refused)
        if (request.get("input") != null || (request.get("prompt") == null && request.get("conversation") == null)) checkInput(request.get("input"));
        string(request, "instructions");
        string(request, "previous_response_id");
        object(request, "metadata");
        object(request, "reasoning");
        if (request.get("tools") != null) checkTools(request.get("tools"));
        if (request.get("tool_choice") != null) checkToolChoice(request.get("tool_choice"));
        if (request.get("text") != null) checkText(request.get("text"));
    }

    private static void checkInput(Object input) {
        if (input == null) throw missing("input");
        if (input instanceof String) return;
        if (!(input instanceof List<?> items)) throw invalidType("input", "a string or an array of input items", input);
        for (int i = 0; i < items.size(); i++) {
            String path = "input[" + i + "]";
            if (!(items.get(i) instanceof Map<?, ?> item)) throw invalidType(path, "an object", items.get(i));
            Object type = item.get("type");
            if (type != null && !(type instanceof String)) throw invalidType(path + ".type", "a string", type);
            switch (type == null ? "message" : (String) type) {
                case "message" -> checkMessage(item, path);
                case "function_call" -> {
                    for (String field : List.of("call_id", "name", "arguments")) required(item, path, field);
                }
                case "function_call_output" -> {
                    required(item, path, "call_id");
                    if (item.get("output") == null) throw missing(path + ".output");
                }
                default -> {} // other item types (reasoning, built-in tool calls) are OpenAI's to check, or the translation's to refuse
            }
        }
    }

    private static void checkMessage(Map<?, ?> item, String path) {
        Object role = item.get("role");
        if (role == null) throw missing(path + ".role");
        if (!ROLES.contains(role)) throw invalidValue(path + ".role", role, "'user', 'assistant', 'system', and 'developer'");
        Object content = item.get("content");
        if (content == null) throw missing(path + ".content");
        if (content instanceof String) return;
        if (!(content instanceof List<?> parts)) throw invalidType(path + ".content", "a string or an array of content parts", content);
        for (int j = 0; j < parts.size(); j++) {
            if (!(parts.get(j) instanceof Map<?, ?> part)) throw invalidType(path + ".content[" + j + "]", "an object", parts.get(j));
            if (!(part.get("type") instanceof String)) throw part.get("type") == null ? missing(path + ".content[" + j + "].type")
                    : invalidType(path + ".content[" + j + "].type", "a string", part.get("type"));
        }
    }

    private static void checkTools(Object value) {
        if (!(value instanceof List<?> tools)) throw invalidType("tools", "an array", value);
        for (int i = 0; i < tools.size(); i++) {
            String path = "tools[" + i + "]";
            if (!(tools.get(i) instanceof Map<?, ?> tool)) throw invalidType(path, "an object", tools.get(i));
            if (tool.get("type") == null) throw missing(path + ".type");
            if (!"function".equals(tool.get("type"))) continue;
            if (tool.get("function") != null && tool.get("name") == null)
                throw LlmError.badRequest("Missing required parameter: '" + path + ".name'. The Responses API takes function tools flat: "
                        + "{\"type\": \"function\", \"name\": ..., \"parameters\": ...}, not chat's {\"function\": {...}}.", path + ".name", "missing_required_parameter");
            required(tool, path, "name");
            if (tool.get("parameters") != null && !(tool.get("parameters") instanceof Map<?, ?>))
                throw invalidType(path + ".parameters", "an object", tool.get("parameters"));
        }
    }

    private static void checkToolChoice(Object value) {
        if (value instanceof String s) {
            if (!CHOICES.contains(s)) throw invalidValue("tool_choice", s, "'none', 'auto', and 'required'");
            return;
        }
        if (!(value instanceof Map<?, ?> choice)) throw invalidType("tool_choice", "a string or an object", value);
        if (choice.get("type") == null) throw missing("tool_choice.type");
        if ("function".equals(choice.get("type"))) required(choice, "tool_choice", "name");
    }

    private static void checkText(Object value) {
        if (!(value instanceof Map<?, ?> text)) throw invalidType("text", "an object", value);
        if (text.get("format") == null) return;
        if (!(text.get("format") instanceof Map<?, ?> format)) throw invalidType("text.format", "an object", text.get("format"));
        Object type = format.get("type");
        if (type == null) throw missing("text.format.type");
        if (!FORMATS.contains(type)) throw invalidValue("text.format.type", type, "'text', 'json_object', and 'json_schema'");
        if (!"json_schema".equals(type)) return;
        required(format, "text.format", "name");
        if (format.get("schema") == null) throw missing("text.format.schema");
        if (!(format.get("schema") instanceof Map<?, ?>)) throw invalidType("text.format.schema", "an object", format.get("schema"));
    }

    private static void required(Map<?, ?> map, String path, String field) {
        Object value = map.get(field);
        if (value == null) throw missing(path + "." + field);
        if (!(value instanceof String)) throw invalidType(path + "." + field, "a string", value);
    }

    private static void string(Map<String, Object> request, String field) {
        if (request.get(field) != null && !(request.get(field) instanceof String)) throw invalidType(field, "a string", request.get(field));
    }

    private static void object(Map<String, Object> request, String field) {
        if (request.get(field) != null && !(request.get(field) instanceof Map<?, ?>)) throw invalidType(field, "an object", request.get(field));
    }
}
