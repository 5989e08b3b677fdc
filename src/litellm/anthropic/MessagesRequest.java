package litellm.anthropic;

import litellm.error.LlmError;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks an Anthropic Messages request ({@code /v1/messages}, {@code /v1/messages/count_tokens}) before any work is
 * done, so bad input gets the 400 Anthropic itself gives, worded as Anthropic words it ({@code max_tokens: Field
 * required}, {@code messages.1.role: Input should be 'user' or 'assistant'}). Only the shape is checked: what a block
 * means is for the upstream, or for the translation when the model is not Anthropic's.
 */
public final class MessagesRequest {
    /**
     * The beta features a client turns on with Anthropic's {@code anthropic-beta} header (Claude Code sends several):
     * the server puts the header's value in the request under this name, which no body field of Anthropic's has, and
     * an Anthropic upstream gets it back as its header. A translated request leaves it out.
     */
    public static final String BETA_HEADER = "anthropic-beta";
    /** Anthropic's roles: a system turn may come anywhere in the conversation (besides the system prompt). */
    private static final Set<String> ROLES = Set.of("user", "assistant", "system");
    private static final Set<String> TOOL_CHOICES = Set.of("auto", "any", "tool", "none");
    private static final Set<String> THINKING = Set.of("enabled", "disabled", "adaptive");
    /** Anthropic's least thinking budget. */
    static final int LEAST_THINKING_BUDGET = 1024;

    private MessagesRequest() {}

    /**
     * @param needsMaxTokens true for {@code /v1/messages}, where Anthropic requires {@code max_tokens}; count_tokens has none
     * @param modelOptional  true when a default model serves requests that name none (a config's first model)
     */
    public static void check(Map<String, Object> body, boolean needsMaxTokens, boolean modelOptional) {
        Object model = body.get("model");
        if (model == null && !modelOptional) throw missing("model");
        if (model != null && (!(model instanceof String s) || s.isBlank())) throw invalid("model", "Input should be a non-empty string");
        Object maxTokens = body.get("max_tokens");
        if (needsMaxTokens && maxTokens == null) throw missing("max_tokens");
        if (maxTokens != null) atLeast("max_tokens", maxTokens, 1);
        checkMessages(body.get("messages"));
        checkSystem(body.get("system"));
        range("temperature", body.get("temperature"));
        range("top_p", body.get("top_p"));
        if (body.get("top_k") != null) atLeast("top_k", body.get("top_k"), 0);
        Object stops = body.get("stop_sequences");
        if (stops != null && !(stops instanceof List<?> l && l.stream().allMatch(s -> s instanceof String)))
            throw invalid("stop_sequences", "Input should be a valid list of strings");
        if (body.get("stream") != null && !(body.get("stream") instanceof Boolean)) throw invalid("stream", "Input should be a valid boolean");
        checkTools(body.get("tools"));
        checkToolChoice(body.get("tool_choice"));
        checkThinking(body.get("thinking"), maxTokens);
        Object metadata = body.get("metadata");
        if (metadata != null && !(metadata instanceof Map<?, ?>)) throw invalid("metadata", "Input should be a valid dictionary");
    }

    private static void checkMessages(Object messages) {
        if (messages == null) throw missing("messages");
        if (!(messages instanceof List<?> list)) throw invalid("messages", "Input should be a valid list");
        if (list.isEmpty()) throw invalid("messages", "List should have at least 1 item");
        for (int i = 0; i < list.size(); i++) {
            String at = "messages." + i;
            if (!(list.get(i) instanceof Map<?, ?> message)) throw invalid(at, "Input should be a valid dictionary");
            Object role = message.get("role");
            if (role == null) throw missing(at + ".role");
            if (!ROLES.contains(role)) throw invalid(at + ".role", "Input should be 'user', 'assistant' or 'system'");
            Object content = message.get("content");
            if (content == null) throw missing(at + ".content");
            if (!(content instanceof String)) checkBlocks(at + ".content", content);
        }
    }

    private static void checkSystem(Object system) {
        if (system == null || system instanceof String) return;
        checkBlocks("system", system);
        for (Object block : (List<?>) system)
            if (!"text".equals(((Map<?, ?>) block).get("type"))) throw invalid("system", "Input should be a string or a list of text blocks");
    }

    /** Content blocks: a list of objects, each with its type. */
    private static void checkBlocks(String at, Object content) {
        if (!(content instanceof List<?> blocks)) throw invalid(at, "Input should be a valid string or a list of content blocks");
        for (int j = 0; j < blocks.size(); j++) {
            if (!(blocks.get(j) instanceof Map<?, ?> block)) throw invalid(at + "." + j, "Input should be a valid dictionary");
            if (!(block.get("type") instanceof String)) throw missing(at + "." + j + ".type");
        }
    }

    private static void checkTools(Object tools) {
        if (tools == null) return;
        if (!(tools instanceof List<?> list)) throw invalid("tools", "Input should be a valid list");
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> tool)) throw invalid("tools." + i, "Input should be a valid dictionary");
            if (!(tool.get("name") instanceof String)) throw missing("tools." + i + ".name");
            boolean custom = tool.get("type") == null || "custom".equals(tool.get("type"));
            if (custom && !(tool.get("input_schema") instanceof Map<?, ?>)) throw missing("tools." + i + ".input_schema");
        }
    }

    private static void checkToolChoice(Object choice) {
        if (choice == null) return;
        if (!(choice instanceof Map<?, ?> c)) throw invalid("tool_choice", "Input should be a valid dictionary");
        if (!TOOL_CHOICES.contains(c.get("type"))) throw invalid("tool_choice.type", "Input should be 'auto', 'any', 'tool' or 'none'");
        if ("tool".equals(c.get("type")) && !(c.get("name") instanceof String)) throw missing("tool_choice.name");
    }

    private static void checkThinking(Object thinking, Object maxTokens) {
        if (thinking == null) return;
        if (!(thinking instanceof Map<?, ?> t)) throw invalid("thinking", "Input should be a valid dictionary");
        if (!THINKING.contains(t.get("type"))) throw invalid("thinking.type", "Input should be 'enabled', 'disabled' or 'adaptive'");
        if (!"enabled".equals(t.get("type"))) return;
        Object budget = t.get("budget_tokens");
        if (budget == null) throw missing("thinking.enabled.budget_tokens");
        atLeast("thinking.enabled.budget_tokens", budget, LEAST_THINKING_BUDGET);
        if (maxTokens instanceof Number max && ((Number) budget).longValue() >= max.longValue())
            throw LlmError.badRequest("`max_tokens` must be greater than `thinking.budget_tokens`", "max_tokens", "invalid_value");
    }

    private static void range(String field, Object value) {
        if (value == null) return;
        if (!(value instanceof Number n)) throw invalid(field, "Input should be a valid number");
        if (n.doubleValue() < 0) throw invalid(field, "Input should be greater than or equal to 0");
        if (n.doubleValue() > 1) throw invalid(field, "Input should be less than or equal to 1");
    }

    private static void atLeast(String field, Object value, long least) {
        if (!(value instanceof Integer || value instanceof Long)) throw invalid(field, "Input should be a valid integer");
        if (((Number) value).longValue() < least) throw invalid(field, "Input should be greater than or equal to " + least);
    }

    private static LlmError missing(String field) {
        return LlmError.badRequest(field + ": Field required", field, "missing_required_parameter");
    }

    private static LlmError invalid(String field, String what) {
        return LlmError.badRequest(field + ": " + what, field, "invalid_value");
    }
}
