package litellm.engine;

import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * One line of {@link ErrorTable}: which provider errors it takes (the provider's family, the status it answered,
 * words its error holds) and the status and code the client gets instead, as LiteLLM maps them.
 *
 * @param families the provider families it is for ({@link ErrorTable#family}); empty for every provider
 * @param when     the upstream's status it is for
 * @param words    what the error's text holds, in lower case, any one of them; a word "a…b" holds "a" then "b";
 *                 empty for any text
 * @param status   the status the client gets
 * @param code     the code the client gets; null keeps the provider's own
 */
record ErrorRule(Set<String> families, IntPredicate when, List<String> words, int status, String code) {
    boolean matches(String family, int upstreamStatus, String text) {
        return (families.isEmpty() || families.contains(family)) && when.test(upstreamStatus)
                && (words.isEmpty() || words.stream().anyMatch(w -> holds(text, w)));
    }

    /** True when {@code text} holds each part of {@code word} ("a…b"), in order. */
    private static boolean holds(String text, String word) {
        int from = 0;
        for (String part : word.split("…")) {
            int at = text.indexOf(part, from);
            if (at < 0) return false;
            from = at + part.length();
        }
        return true;
    }
}
