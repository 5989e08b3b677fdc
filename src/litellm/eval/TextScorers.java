package litellm.eval;

import java.util.Locale;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;

/** The scorers that compare texts: {@code exact}, {@code contains} (the default) and {@code regex:<pattern>}. */
final class TextScorers {
    private TextScorers() {}

    /** The reply is the expected answer, but for white space around it. */
    static Scorer exact() {
        return new AgainstExpected("exact", (reply, expected) -> reply.strip().equals(expected.strip()));
    }

    /** The reply contains the expected answer, in any case. */
    static Scorer contains() {
        return new AgainstExpected("contains", (reply, expected) -> reply.toLowerCase(Locale.ROOT).contains(expected.strip().toLowerCase(Locale.ROOT)));
    }

    /** A pass/fail test of the reply against the item's expected answer. */
    private record AgainstExpected(String name, BiPredicate<String, String> passes) implements Scorer {
        public String problem(EvalItem item) {
            return Scorer.needsExpected(item, name);
        }

        public Score score(EvalItem item, String reply) {
            return Score.of(passes.test(reply, item.expected()));
        }
    }

    /** The pattern (Java's regular expressions) is found in the reply. */
    record Matches(Pattern pattern) implements Scorer {
        public String name() {
            return "regex:" + pattern.pattern();
        }

        public Score score(EvalItem item, String reply) {
            return Score.of(pattern.matcher(reply).find());
        }
    }
}
