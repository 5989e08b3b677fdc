package litellm.engine;

import litellm.error.LlmError;

import java.util.Map;

/** What a provider script's hook returned, checked for the shape the engine needs. */
final class ScriptResults {
    private ScriptResults() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value, String hook) {
        if (value instanceof Map<?, ?> m) return (Map<String, Object>) m;
        throw LlmError.internal("the provider script's " + hook + "() must return a map, got " + (value == null ? "null" : value.getClass().getSimpleName()));
    }
}
