package litellm.eval;

/** A reply that could not be scored (the judge did not answer, a scorer script failed): no score, this message. */
public final class ScoreError extends Exception {
    public ScoreError(String message) {
        super(message, null, false, false);
    }
}
