package litellm.openai;

import litellm.json.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --add_function_to_prompt}: for a model without function calling, the request's tools (or
 * legacy functions) are described in a system message instead of being sent as parameters.
 */
public final class FunctionsInPrompt {
    /** The request fields that carry tools or legacy functions. */
    public static final Set<String> FIELDS = Set.of("tools", "tool_choice", "functions", "function_call");

    private FunctionsInPrompt() {}

    /** Moves the tools of {@code body} into its messages (chat) or in front of its prompt (completions). */
    @SuppressWarnings("unchecked")
    public static void move(Map<String, Object> body) {
        List<Object> functions = new ArrayList<>();
        if (body.get("tools") instanceof List<?> tools)
            for (Object t : tools) functions.add(t instanceof Map<?, ?> m && m.get("function") != null ? m.get("function") : t);
        if (body.get("functions") instanceof List<?> legacy) functions.addAll(legacy);
        FIELDS.forEach(body::remove);
        if (functions.isEmpty()) return;
        String description = "You can call these functions. To call one, answer with JSON only, in the form "
                + "{\"name\": \"<function name>\", \"arguments\": {\"<argument>\": <value>}}. The functions:\n"
                + Json.text(functions);
        if (body.get("messages") instanceof List<?> messages) {
            List<Object> withFunctions = new ArrayList<>();
            Map<String, Object> system = new LinkedHashMap<>();
            system.put("role", "system");
            system.put("content", description);
            withFunctions.add(system);
            withFunctions.addAll(messages);
            body.put("messages", withFunctions);
        } else if (body.get("prompt") instanceof String prompt) {
            body.put("prompt", description + "\n\n" + prompt);
        }
    }
}
