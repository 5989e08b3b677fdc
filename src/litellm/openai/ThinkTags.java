package litellm.openai;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reasoning that a model wrote into its answer's text, {@code <think>...</think>} first (DeepSeek-R1 on vLLM or
 * Together, qwen3 on llama.cpp or Ollama), moved to {@code reasoning_content}, where clients written against LiteLLM
 * read it: LiteLLM does this to every chat answer it converts ({@code _parse_content_for_reasoning}).
 */
public final class ThinkTags {
    // As LiteLLM's re.match: anchored at the start, up to the first </think>, the rest left untrimmed
    private static final Pattern LEADING = Pattern.compile("<think>(.*?)</think>(.*)", Pattern.DOTALL);

    private ThinkTags() {}

    /** Each choice's message of a chat completion, moved as {@link #toReasoning} does. */
    @SuppressWarnings("unchecked")
    public static void inChoices(Map<String, Object> completion) {
        if (!(completion.get("choices") instanceof List<?> choices)) return;
        for (Object choice : choices)
            if (choice instanceof Map<?, ?> c && c.get("message") instanceof Map<?, ?> message) toReasoning((Map<String, Object>) message);
    }

    /**
     * A message whose text opens with {@code <think>...</think>} gets that reasoning as {@code reasoning_content} and
     * the rest as {@code content}; a message that has {@code reasoning_content} already, or another text, stays as it
     * is. Every chat answer passes here, so one without the tag costs a {@code startsWith}.
     */
    public static void toReasoning(Map<String, Object> message) {
        if (!(message.get("content") instanceof String content) || !content.startsWith("<think>") || message.containsKey("reasoning_content"))
            return;
        Matcher m = LEADING.matcher(content);
        if (!m.lookingAt()) return; // never closed
        message.put("reasoning_content", m.group(1));
        message.put("content", m.group(2));
    }
}
