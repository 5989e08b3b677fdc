package litellm.eval;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A multiple-choice answer: the letter the reply picks is the expected one. The expected answer is the letter, the
 * choice's text, or (a JSON number) the choice's index from 0, as Hugging Face's MMLU has it. The reply's letter is
 * read, in this order, from "answer is (B)" / "Answer: B" / "option B" / {"answer": "B"}, a reply that starts with it ("B", "B.", "(B) Rome", "B: Rome", not "A cat"), the
 * last "(B)" in it, or the one choice whose text it contains.
 */
record ChoiceScorer() implements Scorer {
    private static final Pattern ANSWER_IS = Pattern.compile("\\b(?i:answer|option|choice)[\"']?\\s*(?i:is)?\\s*:?\\s*[\"*]*\\(?([A-Z])\\)?[\"*]*(?![\\w'])");
    private static final Pattern LEADING = Pattern.compile("^[*\\s]*\\(?([A-Z])(?:\\)|\\**[.:]|\\**\\s*$|\\**\\s*\\n)");
    private static final Pattern PARENTHESISED = Pattern.compile("\\(([A-Z])\\)");

    public String name() {
        return "choice";
    }

    public String problem(EvalItem item) {
        if (item.choices().isEmpty()) return "no 'choices' for the scorer 'choice'";
        if (item.expected() == null) return Scorer.needsExpected(item, name());
        return expectedLetter(item) == null ? "the expected answer '" + item.expected() + "' is neither a letter from A to "
                + EvalItem.letter(item.choices().size() - 1) + " nor one of the choices (the scorer 'choice')" : null;
    }

    public Score score(EvalItem item, String reply) {
        String picked = picked(reply, item);
        if (picked == null) return new Score(0, "no choice in the reply");
        return new Score(picked.equals(expectedLetter(item)) ? 1 : 0, "picked " + picked);
    }

    static String expectedLetter(EvalItem item) {
        String expected = item.expected().strip();
        Object raw = item.fields().get(item.fields().containsKey("expected") ? "expected" : "answer");
        if (raw instanceof Number n && n.intValue() >= 0 && n.intValue() < item.choices().size()) return EvalItem.letter(n.intValue());
        String letter = expected.replaceAll("^\\(?([A-Za-z])[).]?$", "$1").toUpperCase(Locale.ROOT);
        if (letter.length() == 1 && valid(letter, item)) return letter;
        for (int i = 0; i < item.choices().size(); i++) if (item.choices().get(i).strip().equalsIgnoreCase(expected)) return EvalItem.letter(i);
        return null;
    }

    /** The letter the reply picks; null when it picks none. */
    static String picked(String reply, EvalItem item) {
        for (Pattern p : new Pattern[]{ANSWER_IS, LEADING, PARENTHESISED}) {
            String letter = last(p.matcher(reply.strip()), item);
            if (letter != null) return letter;
        }
        String said = reply.toLowerCase(Locale.ROOT), found = null;
        for (int i = 0; i < item.choices().size(); i++) {
            if (!said.contains(item.choices().get(i).strip().toLowerCase(Locale.ROOT))) continue;
            if (found != null) return null; // two choices named: no pick
            found = EvalItem.letter(i);
        }
        return found;
    }

    private static String last(Matcher m, EvalItem item) {
        String letter = null;
        while (m.find()) if (valid(m.group(1), item)) letter = m.group(1);
        return letter;
    }

    private static boolean valid(String letter, EvalItem item) {
        return letter.charAt(0) - 'A' < item.choices().size();
    }
}
