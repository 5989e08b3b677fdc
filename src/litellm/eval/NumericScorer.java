package litellm.eval;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The last number in the reply equals the expected one, within a relative tolerance: "The answer is 1,234." scores
 * 1 for an expected 1234. The last, as GSM8K-style evals read it: a model works its way to the answer.
 */
record NumericScorer(double tolerance) implements Scorer {
    /** A number as people write it: -12, 3.5, .5, 1,234,567 (thousands separated by commas), 6.02e23. */
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w.])[-+]?(?:(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?|\\.\\d+)(?:[eE][-+]?\\d+)?");

    public String name() {
        return "numeric";
    }

    public String problem(EvalItem item) {
        if (item.expected() == null) return Scorer.needsExpected(item, name());
        return number(item.expected()) == null ? "the expected answer '" + item.expected() + "' is not a number (the scorer 'numeric')" : null;
    }

    public Score score(EvalItem item, String reply) {
        Double found = lastNumber(reply);
        if (found == null) return new Score(0, "no number in the reply");
        double expected = number(item.expected());
        boolean close = Math.abs(found - expected) <= tolerance * Math.max(Math.abs(expected), Double.MIN_NORMAL) || found == expected;
        return new Score(close ? 1 : 0, close ? null : "read " + format(found));
    }

    /** The last number written in {@code text}; null when there is none. */
    static Double lastNumber(String text) {
        Matcher m = NUMBER.matcher(text.replace('\u2212', '-'));
        String last = null;
        while (m.find()) last = m.group();
        return last == null ? null : Double.valueOf(last.replace(",", ""));
    }

    /** The whole text as a number: the expected answer. */
    private static Double number(String text) {
        String t = text.strip().replace(",", "").replace('\u2212', '-');
        try {
            return Double.valueOf(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value) : String.valueOf(value);
    }
}
