package litellm.responses;

import litellm.error.LlmError;
import litellm.openai.OpenAiObjects;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Responses request's input (a string, or items) as chat messages: message items with their content parts,
 * {@code function_call} items as an assistant message's tool calls (calls in a row in one message, as Anthropic
 * and others require), {@code function_call_output} items as tool messages. Reasoning items are left out: chat
 * has no place for them.
 */
final class InputItems {
    private InputItems() {}

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> messages(Object input, String provider) {
        List<Map<String, Object>> messages = new ArrayList<>();
        if (input instanceof String text) {
            messages.add(OpenAiObjects.message("user", text));
            return messages;
        }
        List<?> items = input instanceof List<?> list ? list : List.of();
        for (int i = 0; i < items.size(); i++) {
            Map<String, Object> item = (Map<String, Object>) items.get(i);
            String type = item.get("type") == null ? "message" : String.valueOf(item.get("type"));
            switch (type) {
                case "message" -> messages.add(message(item, "input[" + i + "]", provider));
                case "function_call" -> toolCall(messages, item);
                case "function_call_output" -> messages.add(toolOutput(item));
                case "reasoning" -> {}
                default -> throw unsupported("input[" + i + "].type", "input items of type '" + type + "'", provider);
            }
        }
        return messages;
    }

    /** A message item; {@code developer} becomes {@code system}, which every chat provider knows. */
    private static Map<String, Object> message(Map<String, Object> item, String path, String provider) {
        String role = "developer".equals(item.get("role")) ? "system" : String.valueOf(item.get("role"));
        Object content = item.get("content");
        if (!(content instanceof List<?> parts)) return OpenAiObjects.message(role, content);
        List<Map<String, Object>> chatParts = new ArrayList<>();
        for (int j = 0; j < parts.size(); j++) chatParts.add(part((Map<?, ?>) parts.get(j), path + ".content[" + j + "]", provider));
        boolean textOnly = chatParts.stream().allMatch(p -> "text".equals(p.get("type")));
        // An assistant's turn, or text alone, as one string: what every provider takes
        if (textOnly && (role.equals("assistant") || chatParts.size() == 1))
            return OpenAiObjects.message(role, String.join("", chatParts.stream().map(p -> (String) p.get("text")).toList()));
        return OpenAiObjects.message(role, chatParts);
    }

    private static Map<String, Object> part(Map<?, ?> part, String path, String provider) {
        Object type = part.get("type");
        Map<String, Object> chat = new LinkedHashMap<>();
        switch (String.valueOf(type)) {
            case "input_text", "output_text" -> {
                chat.put("type", "text");
                chat.put("text", part.get("text"));
            }
            case "refusal" -> {
                chat.put("type", "text");
                chat.put("text", part.get("refusal"));
            }
            case "input_image" -> {
                if (part.get("image_url") == null) throw unsupported(path + ".file_id", "images by file_id (send image_url)", provider);
                Map<String, Object> url = new LinkedHashMap<>();
                url.put("url", part.get("image_url"));
                if (part.get("detail") != null) url.put("detail", part.get("detail"));
                chat.put("type", "image_url");
                chat.put("image_url", url);
            }
            case "input_file" -> {
                Map<String, Object> file = new LinkedHashMap<>();
                for (String key : List.of("file_data", "file_id", "filename")) if (part.get(key) != null) file.put(key, part.get(key));
                chat.put("type", "file");
                chat.put("file", file);
            }
            default -> throw unsupported(path + ".type", "content of type '" + type + "'", provider);
        }
        return chat;
    }

    /** A function call, added to the assistant message just before it when there is one. */
    @SuppressWarnings("unchecked")
    private static void toolCall(List<Map<String, Object>> messages, Map<String, Object> item) {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("id", item.get("call_id"));
        call.put("type", "function");
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", item.get("name"));
        function.put("arguments", item.get("arguments"));
        call.put("function", function);
        Map<String, Object> last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
        if (last == null || !"assistant".equals(last.get("role"))) {
            last = OpenAiObjects.message("assistant", null);
            messages.add(last);
        }
        ((List<Object>) last.computeIfAbsent("tool_calls", k -> new ArrayList<>())).add(call);
    }

    private static Map<String, Object> toolOutput(Map<String, Object> item) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", "tool");
        message.put("tool_call_id", item.get("call_id"));
        message.put("content", text(item.get("output")));
        return message;
    }

    /** A tool's output: a string, or content parts whose texts are joined. */
    private static String text(Object output) {
        if (!(output instanceof List<?> parts)) return output == null ? "" : String.valueOf(output);
        StringBuilder text = new StringBuilder();
        for (Object p : parts) if (p instanceof Map<?, ?> part && part.get("text") instanceof String s) text.append(s);
        return text.toString();
    }

    static LlmError unsupported(String param, String what, String provider) {
        return LlmError.badRequest("provider '" + provider + "' is served the Responses API through chat completions, which have no "
                + what, param, "unsupported_parameter");
    }
}
