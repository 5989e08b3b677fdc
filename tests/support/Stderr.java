package litellm.testing;

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
        return until(action, text -> true);
    }

    /** What is written while an action runs and after it, until {@code done} holds for it or 10 s have passed. */
    public static String until(Action action, java.util.function.Predicate<String> done) throws Exception {
        PrintStream original = System.err;
        var captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
            for (int i = 0; i < 200 && !done.test(captured.toString(StandardCharsets.UTF_8)); i++) Thread.sleep(50);
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
