package litellm.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An item with its prompt rendered: what each model is asked.
 *
 * @param system the system message; null for none
 */
public record Question(EvalItem item, String system, String prompt) {
    /** The sampling settings of every call: each null when not given, so that the model's default holds. */
    public record Sampling(Double temperature, Integer seed, Integer maxTokens) {}

    /**
     * Renders every item's prompt before any call: a placeholder an item lacks stops the run at that item.
     * @param prompt the user message; null for the default
     * @param system the system message; null for none
     */
    public static List<Question> of(List<EvalItem> items, PromptTemplate prompt, PromptTemplate system) throws BadInput {
        List<Question> questions = new ArrayList<>(items.size());
        for (EvalItem item : items)
            questions.add(new Question(item, system == null ? null : system.render(item.variables(), item.where()), PromptTemplate.userMessage(prompt, item)));
        return questions;
    }

    /** The chat request for {@code model}: a parameter its provider does not take is dropped (drop_params), not refused. */
    public Map<String, Object> request(String model, Sampling sampling) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("model", model);
        request.put("messages", system == null ? List.of(message("user", prompt))
                : List.of(message("system", system), message("user", prompt)));
        if (sampling.temperature() != null) request.put("temperature", sampling.temperature());
        if (sampling.seed() != null) request.put("seed", sampling.seed());
        if (sampling.maxTokens() != null) request.put("max_tokens", sampling.maxTokens());
        if (request.size() > 2) request.put("drop_params", true);
        return request;
    }

    private static Map<String, Object> message(String role, String content) {
        return Map.of("role", role, "content", content);
    }
}
