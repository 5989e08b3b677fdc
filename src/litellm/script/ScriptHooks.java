package litellm.script;

import groovy.lang.Script;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A script's hooks: the methods of its base class that a script overrides by defining them. A method named as a
 * hook but with other parameters would never be called, so the script is refused instead, with the reason.
 */
public final class ScriptHooks {
    private ScriptHooks() {}

    /**
     * @param example how a hook is written, for the message
     * @throws IllegalArgumentException naming the method that matches no hook
     */
    public static void check(Script script, Class<? extends Script> base, List<String> hooks, String example) {
        for (Method m : script.getClass().getDeclaredMethods()) {
            if (!hooks.contains(m.getName()) || Modifier.isStatic(m.getModifiers()) || m.isSynthetic()) continue;
            if (Arrays.stream(base.getMethods()).noneMatch(b -> b.getName().equals(m.getName()) && Arrays.equals(b.getParameterTypes(), m.getParameterTypes())))
                throw new IllegalArgumentException(m.getName() + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName)
                        .collect(Collectors.joining(", ", "(", ")")) + " does not match the hook; write it as in "
                        + base.getSimpleName() + ", e.g. " + example);
        }
    }

    /** Whether the script defines the hook. */
    public static boolean declares(Script script, String hook) {
        return Arrays.stream(script.getClass().getDeclaredMethods()).anyMatch(m -> m.getName().equals(hook));
    }
}
