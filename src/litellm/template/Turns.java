package litellm.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A prompt format given as text around each message: what most model families need, and what a
 * deployment's custom template ({@code initial_prompt_value}, {@code roles}, {@code final_prompt_value},
 * {@code bos_token}, {@code eos_token}) declares.
 *
 * <p>The prompt is: bos, start, then per message its role's prefix, its content and its role's
 * suffix (plus eos after an answer, and bos again before the next system or user message), then
 * the generation prompt that opens the model's answer.
 */
public final class Turns {
    String start = "";
    String generation = "";
    String bos = "";
    String eos = "";
    /** Used as the system message when the conversation has none. */
    String defaultSystem;
    /** For models without a system role: the system text, this separator, then the first user message. */
    String systemInFirstUser;
    /** Strip whitespace around each message's content. */
    boolean trim;
    final Map<String, List<String>> roles = new LinkedHashMap<>();

    /** A custom template from a deployment's params, as on the LiteLLM proxy; null when it declares none. */
    public static Turns fromParams(java.util.function.Function<String, Object> param) {
        Object roles = param.apply("roles");
        Object initial = param.apply("initial_prompt_value"), last = param.apply("final_prompt_value");
        if (roles == null && initial == null && last == null) return null;
        Turns t = new Turns();
        t.start = str(initial);
        t.generation = str(last);
        t.bos = str(param.apply("bos_token"));
        t.eos = str(param.apply("eos_token"));
        if (roles instanceof Map<?, ?> m)
            m.forEach((role, v) -> {
                if (v instanceof Map<?, ?> r) t.roles.put(role.toString(), List.of(str(r.get("pre_message")), str(r.get("post_message"))));
            });
        return t;
    }

    public String render(List<Map<String, String>> messages) {
        List<Map<String, String>> list = withSystemPlaced(messages);
        StringBuilder sb = new StringBuilder(bos).append(start);
        boolean bosOpen = true;
        for (Map<String, String> m : list) {
            String role = m.get("role");
            if (!bosOpen && (role.equals("system") || role.equals("user"))) {
                sb.append(bos);
                bosOpen = true;
            }
            List<String> around = roles.getOrDefault(role, List.of("", ""));
            String content = m.get("content");
            sb.append(around.get(0)).append(trim ? content.strip() : content).append(around.get(1));
            if (role.equals("assistant")) {
                sb.append(eos);
                bosOpen = false;
            }
        }
        return sb.append(generation).toString();
    }

    private List<Map<String, String>> withSystemPlaced(List<Map<String, String>> messages) {
        boolean hasSystem = !messages.isEmpty() && messages.get(0).get("role").equals("system");
        List<Map<String, String>> list = new ArrayList<>(messages);
        if (!hasSystem && defaultSystem != null) list.add(0, PromptTemplates.message("system", defaultSystem));
        if (systemInFirstUser == null) return list;
        StringBuilder system = new StringBuilder();
        while (!list.isEmpty() && list.get(0).get("role").equals("system")) {
            if (!system.isEmpty()) system.append(systemInFirstUser);
            system.append(list.remove(0).get("content"));
        }
        if (system.isEmpty()) return list;
        int user = 0;
        while (user < list.size() && !list.get(user).get("role").equals("user")) user++;
        if (user == list.size()) list.add(PromptTemplates.message("user", system.toString()));
        else list.set(user, PromptTemplates.message("user", system + systemInFirstUser + list.get(user).get("content")));
        return list;
    }

    private static String str(Object o) {
        return o == null ? "" : o.toString();
    }
}
