package litellm.runtime;

import java.util.List;
import java.util.Map;

/**
 * Environment variables as the proxy sees them: the process's, with a config's
 * {@code environment_variables} laid over them (Java cannot change its own environment).
 */
public final class Env {
    private static volatile Map<String, String> overlay = Map.of();

    private Env() {}

    public static String get(String name) {
        String v = overlay.get(name);
        return v != null ? v : System.getenv(name);
    }

    /** The value of the first of {@code names} that is set and not blank; null if none is (LiteLLM's {@code get_secret(A) or get_secret(B)}). */
    public static String first(List<String> names) {
        for (String name : names) {
            String v = get(name);
            if (v != null && !v.isBlank()) return v;
        }
        return null;
    }

    public static void overlay(Map<String, String> variables) {
        overlay = Map.copyOf(variables);
    }
}
