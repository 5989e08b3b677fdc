package litellm.testing;

import java.io.File;

import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Programs some tests need beyond the JDK. Without one such a test is skipped, not failed, so that a fresh clone
 * passes with a JDK alone; the reason names what to install, and .ci/run installs them all.
 */
public final class Tools {
    private Tools() {}

    public static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            if (!dir.isEmpty() && new File(dir, command).canExecute()) return true;
        return false;
    }

    /** Skips the test unless {@code command} is on the PATH; {@code howToGetIt} says how to enable the test. */
    public static void assumeInstalled(String command, String howToGetIt) {
        assumeTrue(onPath(command), () -> "needs " + command + ": " + howToGetIt);
    }

    /** Skips the test when {@code command} is on the PATH, for a test of what happens without it. */
    public static void assumeNotInstalled(String command, String why) {
        assumeFalse(onPath(command), () -> why);
    }

    /** Stops a server the test started (SIGTERM) and waits for its end. */
    public static void stop(Process process) {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
