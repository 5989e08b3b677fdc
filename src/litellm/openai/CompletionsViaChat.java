package litellm.openai;

import litellm.error.LlmError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /completions} on a model that only chats (Claude, Gemini, ...), as LiteLLM's text_completion
 * does: the prompt becomes one user message, and the chat answer comes back as text.
 */
public final class CompletionsViaChat {
    /** Completions-only fields that a chat API has no use for. */
    private static final Set<String> COMPLETION_ONLY = Set.of("prompt", "suffix", "best_of", "echo", "logprobs");

    private CompletionsViaChat() {}

    /** The chat request for a completions request; echo and logprobs need a real completions API. */
    public static Map<String, Object> chatRequest(Map<String, Object> request, String provider) {
        for (String needsCompletions : List.of("echo", "logprobs"))
            if (request.get(needsCompletions) != null && !Boolean.FALSE.equals(request.get(needsCompletions)))
                throw LlmError.badRequest("provider '" + provider + "' only chats: '" + needsCompletions
                        + "' needs a completions API (openai, huggingface, vllm, together_ai...)", needsCompletions, "unsupported_parameter");
        Object prompt = request.get("prompt");
        if (prompt instanceof List<?> list) {
            if (list.size() != 1 || !(list.get(0) instanceof String))
                throw LlmError.badRequest("provider '" + provider + "' only chats: send one text prompt per request", "prompt", "invalid_value");
            prompt = list.get(0);
        }
        Map<String, Object> chat = new LinkedHashMap<>();
        request.forEach((k, v) -> { if (!COMPLETION_ONLY.contains(k)) chat.put(k, v); });
        chat.put("messages", List.of(Map.of("role", "user", "content", prompt)));
        return chat;
    }

    /** A chat.completion as a text_completion. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> textResponse(Map<String, Object> chat) {
        Map<String, Object> text = new LinkedHashMap<>(chat);
        text.put("object", "text_completion");
        List<Map<String, Object>> choices = new ArrayList<>();
        for (Map<String, Object> c : (List<Map<String, Object>>) chat.getOrDefault("choices", List.of())) {
            Map<String, Object> message = (Map<String, Object>) c.getOrDefault("message", Map.of());
            choices.add(choice(c, message.get("content") == null ? "" : message.get("content")));
        }
        text.put("choices", choices);
        return text;
    }

    /** A chat chunk as a text_completion chunk; null for a chunk that carries no text and no finish (the role chunk). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> textChunk(Map<String, Object> chunk) {
        List<Map<String, Object>> choices = new ArrayList<>();
        for (Map<String, Object> c : (List<Map<String, Object>>) chunk.getOrDefault("choices", List.of())) {
            Map<String, Object> delta = (Map<String, Object>) c.getOrDefault("delta", Map.of());
            Object content = delta.get("content");
            if ((content == null || "".equals(content)) && c.get("finish_reason") == null) continue;
            choices.add(choice(c, content == null ? "" : content));
        }
        boolean usage = chunk.get("usage") != null;
        if (choices.isEmpty() && !usage) return null;
        Map<String, Object> text = new LinkedHashMap<>(chunk);
        text.put("object", "text_completion");
        text.put("choices", choices);
        return text;
    }

    private static Map<String, Object> choice(Map<String, Object> chatChoice, Object text) {
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("text", text);
        choice.put("index", chatChoice.getOrDefault("index", 0));
        choice.put("logprobs", null);
        choice.put("finish_reason", chatChoice.get("finish_reason"));
        return choice;
    }
}
