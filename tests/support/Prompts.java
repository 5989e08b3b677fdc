package litellm.testing;

import litellm.openai.Endpoint;
import litellm.provider.Call;
import litellm.template.PromptTemplates;

import java.util.List;
import java.util.Map;

/** The prompt a text-generation provider should send: the chat messages rendered as the proxy's templates render them. */
public final class Prompts {
    private Prompts() {}

    public static String chat(String model, List<Map<String, Object>> messages) {
        return chat(model, messages, Map.of());
    }

    public static String chat(String model, List<Map<String, Object>> messages, Map<String, Object> deploymentParams) {
        Call call = new Call(Endpoint.CHAT, model, Map.of("messages", messages), false, null, null, null, deploymentParams);
        return new PromptTemplates().prompt(call.model(), call.body(), call::param);
    }

    public static Map<String, Object> user(String content) {
        return Map.of("role", "user", "content", content);
    }

    public static Map<String, Object> system(String content) {
        return Map.of("role", "system", "content", content);
    }
}
