package litellm.openai;

import litellm.error.LlmError;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks an OpenAI request's shape before any work is done, so bad input gets a 400 naming the field. */
public final class RequestValidator {
    private static final Set<String> NUMBERS = Set.of("temperature", "top_p", "presence_penalty", "frequency_penalty");
    private static final Set<String> INTEGERS = Set.of("max_tokens", "max_completion_tokens", "n", "seed", "best_of", "top_logprobs");
    private static final Set<String> BOOLEANS = Set.of("stream", "echo", "parallel_tool_calls");

    private RequestValidator() {}

    /** @param modelOptional true when a default model serves requests that name none (a config's first model) */
    public static void check(Endpoint endpoint, Map<String, Object> body, boolean modelOptional) {
        Object model = body.get("model");
        if (model == null && !modelOptional) throw LlmError.badRequest("you must provide a model parameter", "model", "missing_required_parameter");
        if (model != null && (!(model instanceof String s) || s.isBlank()))
            throw LlmError.badRequest("'model' must be a non-empty string, got " + describe(model), "model", "invalid_type");
        switch (endpoint) {
            case CHAT -> checkMessages(body.get("messages"));
            case COMPLETIONS -> checkTextOrTokens(body, "prompt");
            case EMBEDDINGS -> checkTextOrTokens(body, "input");
        }
        for (var e : body.entrySet()) checkType(e.getKey(), e.getValue());
    }

    private static void checkMessages(Object messages) {
        if (messages == null) throw LlmError.badRequest("'messages' is a required property", "messages", "missing_required_parameter");
        if (!(messages instanceof List<?> list))
            throw LlmError.badRequest("'messages' must be an array of message objects, got " + describe(messages), "messages", "invalid_type");
        if (list.isEmpty()) throw LlmError.badRequest("'messages' must contain at least one message", "messages", "invalid_value");
        for (int i = 0; i < list.size(); i++) {
            String param = "messages[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> message))
                throw LlmError.badRequest(param + " must be an object, got " + describe(list.get(i)), param, "invalid_type");
            if (!(message.get("role") instanceof String))
                throw LlmError.badRequest(param + ".role must be a string such as \"user\"", param + ".role", "invalid_type");
            Object content = message.get("content");
            if (content != null && !(content instanceof String) && !(content instanceof List<?>))
                throw LlmError.badRequest(param + ".content must be a string or an array of content parts", param + ".content", "invalid_type");
        }
    }

    /** prompt and input: a string, a list of strings, a token list, or a list of token lists. */
    private static void checkTextOrTokens(Map<String, Object> body, String field) {
        Object value = body.get(field);
        if (value == null) throw LlmError.badRequest("'" + field + "' is a required property", field, "missing_required_parameter");
        if (value instanceof String) return;
        if (value instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(RequestValidator::isTextOrTokens)) return;
        throw LlmError.badRequest("'" + field + "' must be a string, an array of strings or an array of tokens, got " + describe(value), field, "invalid_type");
    }

    private static boolean isTextOrTokens(Object item) {
        return item instanceof String || item instanceof Integer || item instanceof Long
                || (item instanceof List<?> l && l.stream().allMatch(t -> t instanceof Integer || t instanceof Long));
    }

    private static void checkType(String key, Object value) {
        if (value == null) return;
        boolean ok = true;
        String expected = null;
        if (NUMBERS.contains(key)) { ok = value instanceof Number; expected = "a number"; }
        else if (INTEGERS.contains(key)) { ok = value instanceof Integer || value instanceof Long; expected = "an integer"; }
        else if (BOOLEANS.contains(key)) { ok = value instanceof Boolean; expected = "a boolean"; }
        else if (key.equals("stop")) { ok = value instanceof String || (value instanceof List<?> l && l.stream().allMatch(s -> s instanceof String)); expected = "a string or an array of strings"; }
        else if (key.equals("stream_options")) { ok = value instanceof Map<?, ?>; expected = "an object"; }
        else if (key.equals("logprobs")) { ok = value instanceof Boolean || value instanceof Integer; expected = "a boolean or an integer"; }
        if (!ok) throw LlmError.badRequest("'" + key + "' must be " + expected + ", got " + describe(value), key, "invalid_type");
    }

    static String describe(Object value) {
        if (value == null) return "null";
        if (value instanceof String s) return "the string \"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
        if (value instanceof List<?>) return "an array";
        if (value instanceof Map<?, ?>) return "an object";
        if (value instanceof Boolean) return "a boolean";
        if (value instanceof Number) return "the number " + value;
        return value.getClass().getSimpleName();
    }
}
