package litellm.template;

import litellm.provider.Call;

import java.util.List;
import java.util.Map;

/**
 * Turns chat messages into the prompt string a text-generation model was trained on.
 * For now: a plain "role: content" transcript ending with "assistant:". The model-family
 * templates (templates/*.groovy), config custom templates and Hugging Face chat templates plug in here.
 */
public class PromptTemplates {
    /** The prompt for a call: its {@code prompt} for /completions, its rendered {@code messages} for chat. */
    public String prompt(Call call) {
        Object prompt = call.body().get("prompt");
        if (prompt instanceof String s) return s;
        if (prompt instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof String s) return s;
        return plain(call.body().get("messages"));
    }

    static String plain(Object messages) {
        StringBuilder sb = new StringBuilder();
        if (messages instanceof List<?> list)
            for (Object m : list)
                if (m instanceof Map<?, ?> message) sb.append(message.get("role")).append(": ").append(text(message.get("content"))).append("\n");
        return sb.append("assistant:").toString();
    }

    /** A message's text: its string content, or the text parts of a content array. */
    public static String text(Object content) {
        if (content == null) return "";
        if (content instanceof String s) return s;
        StringBuilder sb = new StringBuilder();
        if (content instanceof List<?> parts)
            for (Object p : parts)
                if (p instanceof Map<?, ?> part && "text".equals(part.get("type"))) sb.append(part.get("text"));
        return sb.toString();
    }
}
