package litellm.eval;

import java.util.Map;

/**
 * One model's answer to one item (one sample of it), scored: a line of results.jsonl.
 *
 * @param scores each scorer's score by name; null for a reply that could not be scored; empty when the call failed
 * @param notes  each scorer's note (why, or why it could not score), for the scorers that left one
 */
public record Outcome(String model, String itemId, int sample, String input, String expected, String system, String prompt,
                      String reply, String error, Long latencyMs, long tokensIn, long tokensOut, Double cost, boolean cached,
                      Map<String, Double> scores, Map<String, String> notes) {
    public boolean failed() {
        return error != null;
    }

    /** The same answer scored again (a resumed run's answers, by this run's scorers). */
    Outcome rescored(Map<String, Double> newScores, Map<String, String> newNotes) {
        return new Outcome(model, itemId, sample, input, expected, system, prompt, reply, error, latencyMs, tokensIn, tokensOut, cost, cached,
                newScores, newNotes);
    }

    /** What identifies it across runs: a resumed run reuses the answer when the model, item, sample and prompt are the same. */
    String key() {
        return key(model, itemId, sample);
    }

    static String key(String model, String itemId, int sample) {
        return model + "\u0000" + itemId + "\u0000" + sample;
    }
}
