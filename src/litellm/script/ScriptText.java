package litellm.script;

import groovy.lang.GString;

/** The text of a value a script produced: a String, or a GString such as {@code "Bearer ${call.apiKey}"}. */
public final class ScriptText {
    private ScriptText() {}

    public static String of(Object value) {
        return value instanceof GString g ? of(g) : String.valueOf(value);
    }

    /**
     * Joins a GString's parts itself when its values are text, as they are in URLs and headers. Groovy's
     * own toString formats every value through its FormatHelper, whose first use lists the classes of
     * Groovy's default imports by walking the JDK's modules: 60 ms in the first request, and 0.3 s of a
     * start's CPU with the compilation it sets off. Any other value (a number, a list, a closure, null)
     * keeps Groovy's formatting.
     */
    public static String of(GString g) {
        String[] strings = g.getStrings();
        Object[] values = g.getValues();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < strings.length; i++) {
            text.append(strings[i]);
            if (i >= values.length) continue;
            if (values[i] instanceof String s) text.append(s);
            else if (values[i] instanceof GString nested) text.append(of(nested));
            else return g.toString();
        }
        return text.toString();
    }
}
