package litellm.provider;

import litellm.error.LlmError;

import java.util.Map;

/**
 * OpenAI's {@code reasoning_effort}, for the provider scripts that turn it into a thinking budget: the values a
 * request may give, and LiteLLM's budgets for them (its DEFAULT_REASONING_EFFORT_*_THINKING_BUDGET). A script
 * raises a budget to its provider's least one where it has to.
 */
public final class ReasoningEffort {
    private static final Map<String, Integer> BUDGETS = Map.of("none", 0, "minimal", 128, "low", 1024, "medium", 2048, "high", 4096);

    private ReasoningEffort() {}

    /** The effort, checked: a 400 naming the values when it is none of them. */
    public static String of(Object effort) {
        if (effort instanceof String s && BUDGETS.containsKey(s)) return s;
        throw LlmError.badRequest("reasoning_effort must be one of none, minimal, low, medium, high; got '" + effort + "'",
                "reasoning_effort", "invalid_value");
    }

    /** The thinking budget in tokens; 0 for none. */
    public static int budget(Object effort) {
        return BUDGETS.get(of(effort));
    }

    /** The effort whose budget a thinking budget reaches (Anthropic's budget_tokens), as LiteLLM buckets it; minimal below low's. */
    public static String forBudget(long budgetTokens) {
        for (String effort : new String[] {"high", "medium", "low"})
            if (budgetTokens >= BUDGETS.get(effort)) return effort;
        return "minimal";
    }

    /**
     * Claude's {@code thinking} parameter, for the scripts that speak Anthropic's API ({@code anthropic}, and
     * {@code bedrock} for Claude): the request's own, as given; else {@code reasoning_effort}'s budget, raised to
     * the least Claude takes (1024 tokens); null without either, and for none.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> claudeThinking(Map<String, Object> body) {
        Object thinking = body.get("thinking");
        if (thinking instanceof Map<?, ?> given) return (Map<String, Object>) given;
        if (thinking != null) throw LlmError.badRequest("thinking must be an object, e.g. {\"type\": \"enabled\", \"budget_tokens\": 2048}", "thinking");
        if (body.get("reasoning_effort") == null) return null;
        int budget = budget(body.get("reasoning_effort"));
        return budget == 0 ? null : Map.of("type", "enabled", "budget_tokens", Math.max(budget, CLAUDE_LEAST_BUDGET));
    }

    private static final int CLAUDE_LEAST_BUDGET = 1024;
}
