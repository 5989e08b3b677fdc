package litellm.openai;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import litellm.template.PromptTemplates;

import java.util.LinkedHashMap;
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
                Object v = e.getKey().equals("content") ? PromptTemplates.text(e.getValue()) : e.getValue();
                if (v instanceof String s) tokens += count(s);
                if (e.getKey().equals("name")) tokens += 1;
            }
        }
        return tokens;
    }

    /**
     * A call's token usage, the one place it is worked out for the callbacks, the budget and the logs: the answer's
     * own {@code usage} when the upstream reported one, else counted as LiteLLM counts a stream that did not ask for
     * it: the prompt (the messages, a completion's prompt, the texts embedded) and the answer's text, reasoning and
     * tool calls. A counted usage is OpenAI's shape with {@code "counted": true}.
     *
     * @return null when there is no answer
     */
    public static Map<String, Object> usage(Endpoint endpoint, Map<String, Object> request, Map<String, Object> response) {
        if (response == null) return null;
        if (response.get("usage") instanceof Map<?, ?> reported && reported.get("prompt_tokens") instanceof Number) {
            Map<String, Object> usage = new LinkedHashMap<>();
            reported.forEach((k, v) -> usage.put(String.valueOf(k), v));
            return usage;
        }
        if (response.get("usage") instanceof Map<?, ?> reported && reported.get("input_tokens") instanceof Number input) {
            // Anthropic's and the Responses API's names; Anthropic's prompt is its input and the tokens read from and
            // written to its prompt cache (a response's input_tokens already counts its cached ones)
            long prompt = input.longValue() + tokens(reported, "cache_read_input_tokens") + tokens(reported, "cache_creation_input_tokens");
            return OpenAiObjects.usage(prompt, tokens(reported, "output_tokens"));
        }
        Map<String, Object> usage = counted(endpoint, request, response);
        usage.put("counted", true);
        return usage;
    }

    /**
     * The usage of a call counted here, whatever the upstream reported, in OpenAI's shape: the prompt (the messages,
     * a completion's prompt, the texts embedded) and the answer's text, reasoning and tool calls.
     */
    public static Map<String, Object> counted(Endpoint endpoint, Map<String, Object> request, Map<String, Object> response) {
        long prompt = endpoint == Endpoint.CHAT && request.get("messages") instanceof List<?> messages ? countMessages(messages)
                : countInput(request.get(endpoint.inputField));
        long completion = 0;
        if (response.get("choices") instanceof List<?> choices)
            for (Object c : choices)
                if (c instanceof Map<?, ?> choice) completion += choice.get("message") instanceof Map<?, ?> m ? countMessage(m) : countInput(choice.get("text"));
        return OpenAiObjects.usage(prompt, completion);
    }

    private static long tokens(Map<?, ?> usage, String key) {
        return usage.get(key) instanceof Number n ? n.longValue() : 0;
    }

    /** An answer's message: its text, its reasoning and its tool calls' names and arguments. */
    private static long countMessage(Map<?, ?> message) {
        long tokens = count(PromptTemplates.text(message.get("content")));
        if (message.get("reasoning_content") instanceof String s) tokens += count(s);
        if (message.get("tool_calls") instanceof List<?> calls)
            for (Object o : calls)
                if (o instanceof Map<?, ?> call && call.get("function") instanceof Map<?, ?> f)
                    tokens += countInput(f.get("name")) + countInput(f.get("arguments"));
        return tokens;
    }

    /** A prompt or an embedding's input: a text, texts, or tokens already (a list of numbers, or of lists of them). */
    private static long countInput(Object input) {
        if (input instanceof String s) return count(s);
        if (input instanceof Number) return 1;
        long tokens = 0;
        if (input instanceof List<?> list) for (Object o : list) tokens += countInput(o);
        return tokens;
    }
}
