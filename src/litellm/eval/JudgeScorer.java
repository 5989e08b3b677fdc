package litellm.eval;

import java.util.List;
import java.util.Map;

/**
 * {@code judge:<model>}: another model grades the reply against a rubric ({@code --rubric TEXT|@FILE}), with the
 * question and the expected answer when there is one; its verdict ({@link Verdict}) is the score. The judge is asked
 * at temperature 0, through the same answer cache and the same concurrency limit as the models evaluated.
 */
public record JudgeScorer(String model, String rubric, Judge judge) implements Scorer {
    public static final String DEFAULT_RUBRIC = "The answer is correct: it answers the question and agrees with the reference answer, when there is one.";
    static final String INSTRUCTIONS = "You grade answers to questions, strictly and fairly, against a rubric. Think briefly, then end with "
            + "one line \"SCORE: N\", N from 0 (the answer fails the rubric) to 10 (it fully meets it).";

    /** Asks the judge model; returns its reply. @throws ScoreError when the call fails */
    @FunctionalInterface
    public interface Judge {
        String ask(String model, Map<String, Object> request) throws ScoreError;
    }

    public String name() {
        return "judge:" + model;
    }

    public Score score(EvalItem item, String reply) throws ScoreError {
        String verdict = judge.ask(model, request(item, reply));
        Double score = Verdict.score(verdict);
        if (score == null) throw new ScoreError("the judge's verdict states no score: " + excerpt(verdict));
        return new Score(score, excerpt(verdict));
    }

    Map<String, Object> request(EvalItem item, String reply) {
        StringBuilder user = new StringBuilder("[Question]\n").append(item.input());
        if (!item.choices().isEmpty()) user.append("\n\n[Choices]\n").append(item.choicesText());
        if (item.expected() != null) user.append("\n\n[Reference answer]\n").append(item.expected());
        user.append("\n\n[Answer to grade]\n").append(reply).append("\n\n[Rubric]\n").append(rubric);
        return Map.of("model", model, "temperature", 0, "messages", List.of(
                Map.of("role", "system", "content", INSTRUCTIONS), Map.of("role", "user", "content", user.toString())));
    }

    private static String excerpt(String text) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 300 ? oneLine : "…" + oneLine.substring(oneLine.length() - 299);
    }
}
