package litellm.anthropic;

import litellm.json.Json;
import litellm.openai.TokenCounter;

import java.util.Map;
import java.util.Set;

/**
 * {@code /v1/messages/count_tokens} for a model that is not Anthropic's: the prompt as the chat model would get it,
 * counted with the tokenizer the proxy counts usage with (OpenAI's cl100k_base), its tools' definitions included.
 */
public final class TokenCount {
    private TokenCount() {}

    public static Map<String, Object> of(Map<String, Object> request) {
        Map<String, Object> chat = MessagesToChat.translate(request, Set.of()).chat();
        long tokens = TokenCounter.countMessages((java.util.List<?>) chat.get("messages"));
        if (chat.get("tools") != null) tokens += TokenCounter.count(Json.text(chat.get("tools")));
        return Map.of("input_tokens", tokens);
    }
}
