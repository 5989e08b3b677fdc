package litellm.eval;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A judge model's verdict as a score from 0 to 1, read from what judges actually write: "SCORE: 7", "Score: 7/10",
 * "Rating: 4 out of 5", "**Grade:** 85%", "Verdict: PASS", a last line "correct", or a bare number. The last such
 * statement wins (a judge often restates its verdict at the end). A number without a scale is out of 1 when at most
 * 1, of 10 when at most 10, else of 100.
 */
public final class Verdict {
    private static final String NUMBER = "(-?\\d+(?:\\.\\d+)?)";
    private static final String SCALE = "(?:\\s*(?:/|out\\s+of|of)\\s*" + NUMBER + ")?\\s*(%)?";
    private static final Pattern LABELLED = Pattern.compile("(?i)\\b(?:score|rating|grade|verdict|mark)\\b[*_\\s]*[:=]?[*_\\s]*" + NUMBER + SCALE);
    private static final Pattern LABELLED_WORD = Pattern.compile("(?i)\\b(?:score|rating|grade|verdict|result)\\b[*_\\s]*[:=]?[*_\\s]*"
            + "(pass(?:ed)?|fail(?:ed)?|correct|incorrect|wrong|yes|no|right)\\b");
    private static final Pattern FRACTION = Pattern.compile("(?<![\\w.])" + NUMBER + "\\s*/\\s*" + NUMBER + "(?!\\w|\\.\\d)");
    private static final Pattern WORD = Pattern.compile("(?i)\\b(not\\s+correct|incorrect|correct|pass(?:ed)?|fail(?:ed)?|wrong)\\b");
    private static final Pattern BARE = Pattern.compile("^\\W*" + NUMBER + SCALE + "\\W*$");

    private Verdict() {}

    /** The score from 0 to 1; null when the text states none. */
    public static Double score(String text) {
        if (text == null) return null;
        Matcher m = last(LABELLED.matcher(text));
        if (m != null) return scaled(m.group(1), m.group(2), m.group(3));
        m = last(LABELLED_WORD.matcher(text));
        if (m != null) return word(m.group(1));
        m = last(FRACTION.matcher(text));
        if (m != null) return scaled(m.group(1), m.group(2), null);
        m = BARE.matcher(text.strip());
        if (m.matches()) return scaled(m.group(1), m.group(2), m.group(3));
        m = last(WORD.matcher(text));
        return m == null ? null : word(m.group(1));
    }

    private static Matcher last(Matcher m) {
        int start = -1;
        while (m.find()) start = m.start();
        return start < 0 ? null : m.find(start) ? m : null;
    }

    private static double scaled(String value, String outOf, String percent) {
        double v = Double.parseDouble(value);
        double scale = outOf != null ? Double.parseDouble(outOf) : percent != null ? 100 : v <= 1 ? 1 : v <= 10 ? 10 : 100;
        return scale <= 0 ? 0 : Math.max(0, Math.min(1, v / scale));
    }

    private static double word(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        return w.startsWith("pass") || w.equals("correct") || w.equals("yes") || w.equals("right") ? 1 : 0;
    }
}
