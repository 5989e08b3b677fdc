package litellm.tests.support;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** What is written to standard error, where the proxy's log goes, while an action runs. */
public final class Stderr {
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    private Stderr() {}

    public static String of(Action action) throws Exception {
        PrintStream original = System.err;
        var captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
