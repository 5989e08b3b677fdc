package litellm.engine;

import litellm.error.LlmError;

import java.util.Map;

/** What a provider script's hook returned, checked for the shape the engine needs. */
final class ScriptResults {
    private ScriptResults() {}

    /**
     * A hook's failure for the log: its class and the script's line nearest it ("NullPointerException at
     * ollama.groovy:57"), not its message: Groovy's names the call's arguments, the key among them.
     */
    static String failure(Exception e) {
        for (StackTraceElement frame : e.getStackTrace())
            if (frame.getFileName() != null && frame.getFileName().endsWith(".groovy"))
                return e.getClass().getSimpleName() + " at " + frame.getFileName() + ":" + frame.getLineNumber();
        return e.getClass().getSimpleName();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value, String hook) {
        if (value instanceof Map<?, ?> m) return (Map<String, Object>) m;
        throw LlmError.internal("the provider script's " + hook + "() must return a map, got " + (value == null ? "null" : value.getClass().getSimpleName()));
    }
}
