package litellm.eval;

/**
 * What a scorer made of one reply.
 *
 * @param value 1 for right and 0 for wrong (pass/fail scorers); anything between, or any number (a judge, a script)
 * @param note  why, when it helps reading the results (the judge's verdict, the letter found); null otherwise
 */
public record Score(double value, String note) {
    public static Score of(boolean pass) {
        return new Score(pass ? 1 : 0, null);
    }
}
