package litellm.eval;

/** Scores a model's reply to an item. Made once per run; called from many threads at once. */
public interface Scorer {
    /** As given to {@code --scorer}: {@code contains}, {@code regex:^\d+$}, {@code judge:gpt-4o}, a script's name. */
    String name();

    /** What keeps this item from being scored by this scorer, checked on every item before any call; null when nothing. */
    default String problem(EvalItem item) {
        return null;
    }

    Score score(EvalItem item, String reply) throws ScoreError;

    /** For scorers that need the expected answer. */
    static String needsExpected(EvalItem item, String scorer) {
        return item.expected() == null ? "no 'expected' (or 'answer') for the scorer '" + scorer + "'" : null;
    }
}
