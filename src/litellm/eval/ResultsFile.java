package litellm.eval;

import litellm.json.Json;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --out DIR}'s results.jsonl: a line per item, model and sample, written as each is scored, so that an
 * interrupted run leaves every answer it got, and {@code --resume} reads them back.
 */
public final class ResultsFile implements AutoCloseable {
    public static final String NAME = "results.jsonl";

    private final BufferedWriter out;

    private ResultsFile(BufferedWriter out) {
        this.out = out;
    }

    /** Starts {@code dir}/results.jsonl afresh (a resumed run writes again the answers it keeps). */
    public static ResultsFile create(Path dir) throws BadInput {
        try {
            Files.createDirectories(dir);
            return new ResultsFile(Files.newBufferedWriter(dir.resolve(NAME), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new BadInput("--out: cannot write in " + dir + ": " + e.getMessage());
        }
    }

    /**
     * A previous run's outcomes by {@link Outcome#key()}; none when there is no file. A line cut short by the
     * interruption is left out: its answer is asked again.
     */
    public static Map<String, Outcome> read(Path dir) throws BadInput {
        List<String> lines;
        try {
            lines = Files.readAllLines(dir.resolve(NAME), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            throw new BadInput("--resume: cannot read " + dir.resolve(NAME) + ": " + e.getMessage());
        }
        Map<String, Outcome> outcomes = new HashMap<>();
        for (String line : lines) {
            try {
                Outcome o = outcome(Json.parseObject(line));
                outcomes.put(o.key(), o);
            } catch (IOException | RuntimeException e) {
                // a partial last line, or one edited by hand: asked again
            }
        }
        return outcomes;
    }

    public synchronized void write(Outcome o) {
        try {
            out.write(Json.text(map(o)));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + NAME + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }

    static Map<String, Object> map(Outcome o) {
        return Summary.map("model", o.model(), "id", o.itemId(), "sample", o.sample(), "input", o.input(), "expected", o.expected(),
                "system", o.system(), "prompt", o.prompt(), "reply", o.reply(), "error", o.error(), "scores", o.scores(), "notes", o.notes(),
                "latency_ms", o.latencyMs(), "tokens_in", o.tokensIn(), "tokens_out", o.tokensOut(), "cost_usd", o.cost(), "cached", o.cached());
    }

    private static Outcome outcome(Map<String, Object> m) {
        Map<String, Double> scores = new LinkedHashMap<>();
        if (m.get("scores") instanceof Map<?, ?> s) s.forEach((k, v) -> scores.put(k.toString(), v instanceof Number n ? n.doubleValue() : null));
        Map<String, String> notes = new LinkedHashMap<>();
        if (m.get("notes") instanceof Map<?, ?> n) n.forEach((k, v) -> notes.put(k.toString(), String.valueOf(v)));
        return new Outcome(text(m, "model"), text(m, "id"), ((Number) m.get("sample")).intValue(), text(m, "input"), text(m, "expected"),
                text(m, "system"), text(m, "prompt"), text(m, "reply"), text(m, "error"),
                m.get("latency_ms") instanceof Number l ? l.longValue() : null, number(m, "tokens_in"), number(m, "tokens_out"),
                m.get("cost_usd") instanceof Number c ? c.doubleValue() : null, Boolean.TRUE.equals(m.get("cached")), scores, notes);
    }

    private static String text(Map<String, Object> m, String key) {
        return m.get(key) == null ? null : m.get(key).toString();
    }

    private static long number(Map<String, Object> m, String key) {
        return m.get(key) instanceof Number n ? n.longValue() : 0;
    }
}
