package litellm.e2e.proxy;

import litellm.testing.Launched;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** scripts/eval.java as a user runs it: each question to the model, scored by whether the reply holds the answer. */
class EvalScriptTest {
    @Test
    void scoresEachQuestionAndPrintsTheAccuracy() {
        var run = Launched.jbang(Map.of(), "scripts/eval.java", "--model", "offline/echo", "--data", "tests/fixtures/eval/echo.jsonl");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("ok   Repeat after me: Paris"), run.out());
        assertTrue(run.out().contains("miss What is the capital of Italy?"), run.out());
        assertTrue(run.out().contains("accuracy: 2/3 (66.7%), errors: 0"), run.out());
    }

    @Test
    void aModelThatCannotBeReachedIsCountedAsErrors() {
        var run = Launched.jbang(Map.of(), "scripts/eval.java", "--model", "no-such-model", "--data", "tests/fixtures/eval/echo.jsonl");
        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.out().contains("errors: 3"), run.out());
    }
}
