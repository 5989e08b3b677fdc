package litellm.openai;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

import java.util.List;
import java.util.Map;

/**
 * Token counts for usage when a backend reports none: OpenAI's cl100k_base tokenizer (tiktoken's),
 * which is close enough for other models' usage and costs.
 */
public final class TokenCounter {
    private static final Encoding CL100K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

    private TokenCounter() {}

    public static int count(String text) {
        return text == null || text.isEmpty() ? 0 : CL100K.countTokensOrdinary(text);
    }

    /** The prompt tokens of chat messages as OpenAI counts them: 3 per message, 1 per name, 3 priming the reply. */
    public static int countMessages(List<?> messages) {
        int tokens = 3;
        for (Object m : messages) {
            if (!(m instanceof Map<?, ?> message)) continue;
            tokens += 3;
            for (var e : message.entrySet()) {
                Object v = e.getKey().equals("content") ? litellm.template.PromptTemplates.text(e.getValue()) : e.getValue();
                if (v instanceof String s) tokens += count(s);
                if (e.getKey().equals("name")) tokens += 1;
            }
        }
        return tokens;
    }
}
