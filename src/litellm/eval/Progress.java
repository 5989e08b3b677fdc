package litellm.eval;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The run's progress on stderr, per model (done/total, errors, elapsed, ETA): bars redrawn in place when stderr is a
 * terminal, else a line every few seconds, so that a log stays readable. Redrawn by a timer, never by the workers.
 */
public final class Progress implements AutoCloseable {
    public enum Style { BAR, LINES, OFF }

    private static final int BAR_WIDTH = 24;

    private final PrintStream err;
    private final Style style;
    private final Map<String, Count> models = new LinkedHashMap<>();
    private final long start = System.nanoTime();
    private final ScheduledExecutorService timer;
    private final int nameWidth;
    private boolean drawn;
    private boolean closed;

    private static final class Count {
        final int total;
        final AtomicInteger done = new AtomicInteger();
        final AtomicInteger errors = new AtomicInteger();

        Count(int total) {
            this.total = total;
        }
    }

    /** @param lineEvery how often a line is written in the {@link Style#LINES} style */
    public Progress(PrintStream err, Style style, List<String> models, int callsPerModel, Duration lineEvery) {
        this.err = err;
        this.style = style;
        models.forEach(m -> this.models.put(m, new Count(callsPerModel)));
        this.nameWidth = models.stream().mapToInt(String::length).max().orElse(0);
        if (style == Style.OFF) {
            timer = null;
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("eval-progress").factory());
        long every = style == Style.BAR ? 200 : lineEvery.toMillis();
        timer.scheduleAtFixedRate(this::show, every, every, TimeUnit.MILLISECONDS);
    }

    /** BAR when stderr is a terminal (and TERM is not dumb), else LINES. */
    public static Style auto() {
        if ("dumb".equals(System.getenv("TERM"))) return Style.LINES;
        try {
            String stderr = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return stderr.startsWith("/dev/pts/") || stderr.startsWith("/dev/tty") ? Style.BAR : Style.LINES;
        } catch (IOException | UnsupportedOperationException e) { // no /proc: ask the JDK, which knows of stdin and stdout
            var console = System.console();
            return console != null && console.isTerminal() ? Style.BAR : Style.LINES;
        }
    }

    public void done(String model, boolean failed) {
        Count c = models.get(model);
        c.done.incrementAndGet();
        if (failed) c.errors.incrementAndGet();
    }

    private synchronized void show() {
        if (closed) return;
        if (style == Style.BAR) drawBars();
        else err.println("eval " + seconds() + ": " + summary(true));
    }

    private void drawBars() {
        StringBuilder out = new StringBuilder();
        if (drawn) out.append("\033[").append(models.size()).append('F'); // back to the first bar's line
        models.forEach((model, c) -> {
            int done = c.done.get(), filled = c.total == 0 ? BAR_WIDTH : done * BAR_WIDTH / c.total;
            out.append(String.format("%-" + nameWidth + "s [%s%s] %d/%d  %d errors  %s%s\033[K%n", model, "#".repeat(filled),
                    "-".repeat(BAR_WIDTH - filled), done, c.total, c.errors.get(), seconds(), eta(c)));
        });
        err.print(out);
        err.flush();
        drawn = true;
    }

    private String summary(boolean withEta) {
        StringJoiner line = new StringJoiner("; ");
        models.forEach((model, c) -> line.add(model + " " + c.done.get() + "/" + c.total + " (" + c.errors.get() + " errors"
                + (withEta ? eta(c).replace("  ETA", ", ETA") : "") + ")"));
        return line.toString();
    }

    private String eta(Count c) {
        int done = c.done.get();
        if (done == 0 || done == c.total) return "";
        long left = (long) ((System.nanoTime() - start) / 1e9 * (c.total - done) / done);
        return "  ETA " + left + " s";
    }

    private String seconds() {
        return String.format("%.1f s", (System.nanoTime() - start) / 1e9);
    }

    /** Stops the timer and shows where the run ended. */
    @Override
    public synchronized void close() {
        if (timer == null || closed) return;
        closed = true;
        timer.shutdownNow();
        if (style == Style.BAR) drawBars();
        else err.println("eval done in " + seconds() + ": " + summary(false));
    }
}
