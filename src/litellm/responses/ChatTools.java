package litellm.responses;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Responses API's tools in chat's shape: a function tool is flat there ({@code {type, name, description,
 * parameters, strict}}) and nested in chat ({@code {type, function: {name, ...}}}); {@code tool_choice} names a
 * function the same way. Built-in tools (web search, file search...) have no chat equivalent.
 */
final class ChatTools {
    private ChatTools() {}

    static List<Map<String, Object>> tools(List<?> tools, String provider) {
        List<Map<String, Object>> chat = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            Map<?, ?> tool = (Map<?, ?>) tools.get(i);
            if (!"function".equals(tool.get("type")))
                throw InputItems.unsupported("tools[" + i + "].type", "tools of type '" + tool.get("type") + "' (function tools only)", provider);
            Map<String, Object> function = new LinkedHashMap<>();
            function.put("name", tool.get("name"));
            if (tool.get("description") != null) function.put("description", tool.get("description"));
            // Anthropic and others want an object schema even for a function without parameters
            function.put("parameters", tool.get("parameters") != null ? tool.get("parameters") : Map.of("type", "object", "properties", Map.of()));
            if (tool.get("strict") != null) function.put("strict", tool.get("strict"));
            Map<String, Object> nested = new LinkedHashMap<>();
            nested.put("type", "function");
            nested.put("function", function);
            chat.add(nested);
        }
        return chat;
    }

    /** none, auto and required as they are; {@code {type: function, name}} as chat's {@code {type: function, function: {name}}}. */
    static Object toolChoice(Object choice, String provider) {
        if (!(choice instanceof Map<?, ?> c)) return choice;
        if ("function".equals(c.get("type"))) return Map.of("type", "function", "function", Map.of("name", c.get("name")));
        if ("allowed_tools".equals(c.get("type")) && c.get("mode") != null) return c.get("mode");
        throw InputItems.unsupported("tool_choice", "tool_choice of type '" + c.get("type") + "'", provider);
    }
}
