package litellm.e2e.proxy;

import litellm.testing.Launched;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** tests/run.java, the README's test command: a test that lacks an optional tool is skipped with its reason, never failed. */
class TestRunnerTest {
    @Test
    void anUnmetAssumptionIsASkipWithItsReason() {
        var run = Launched.jbang(Map.of(), "tests/run.java", "TestRunnerTest$NeedsAMissingTool");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("skip TestRunnerTest$NeedsAMissingTool needsAToolNoMachineHas()  <- needs no-such-tool: install it, then run the tests again"), run.out());
        assertTrue(run.out().contains("skipped (each needs something this machine lacks):\n  TestRunnerTest$NeedsAMissingTool needsAToolNoMachineHas(): needs no-such-tool"), run.out());
        assertTrue(run.out().contains("tests: 1 passed, 0 failed, 1 skipped"), run.out());
    }

    /** Run by name from the test above; the whole suite leaves it out by its tag. */
    @Tag("runner-fixture")
    static class NeedsAMissingTool {
        @Test
        void needsAToolNoMachineHas() {
            assumeTrue(false, "needs no-such-tool: install it, then run the tests again");
        }

        @Test
        void needsNothing() {
        }
    }
}
