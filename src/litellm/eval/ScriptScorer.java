package litellm.eval;

import litellm.script.LiveScripts;
import litellm.script.ScriptLoadError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** A scorer written as a Groovy script ({@link ScorerScript}), loaded and reloaded as provider scripts are. */
final class ScriptScorer implements Scorer {
    private static final Logger log = LoggerFactory.getLogger(ScriptScorer.class);

    private final String name;
    private final LiveScripts<ScorerScript> scripts;
    /** The load problem last reported, so that a broken edit is said once, not once per reply. */
    private volatile String reported;

    private ScriptScorer(String name, LiveScripts<ScorerScript> scripts) {
        this.name = name;
        this.scripts = scripts;
    }

    /** The scripts of a folder; the folder must exist. */
    static LiveScripts<ScorerScript> folder(Path dir) throws BadInput {
        if (!Files.isDirectory(dir)) throw new BadInput("--scorers: no such folder " + dir);
        return new LiveScripts<>("scorers", ScorerScript.class, dir, script -> {
            script.run();
            if (Arrays.stream(script.getClass().getDeclaredMethods()).noneMatch(m -> m.getName().equals("score") && m.getParameterCount() == 2))
                throw new IllegalArgumentException("defines no score(item, reply)");
        }, "litellm.eval");
    }

    /** The names of a folder's scripts, sorted. */
    static List<String> names(Path dir) throws BadInput {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".groovy")).map(f -> f.substring(0, f.length() - 7)).sorted().toList();
        } catch (IOException e) {
            throw new BadInput("--scorers: cannot list " + dir + ": " + e.getMessage());
        }
    }

    /** The script {@code name}, compiled now. @throws BadInput with file:line:column when it does not load */
    static ScriptScorer load(String name, LiveScripts<ScorerScript> scripts) throws BadInput {
        try {
            if (!scripts.exists(name) || scripts.get(name) == null) return null;
        } catch (ScriptLoadError e) {
            throw new BadInput("scorer " + e.getMessage());
        }
        return new ScriptScorer(name, scripts);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Score score(EvalItem item, String reply) throws ScoreError {
        LiveScripts.Loaded<ScorerScript> loaded;
        try {
            loaded = scripts.get(name);
        } catch (ScriptLoadError e) {
            throw new ScoreError(e.getMessage());
        }
        if (loaded == null) throw new ScoreError(name + ".groovy is gone from " + scripts.userDir());
        if (loaded.problem() != null && !loaded.problem().equals(reported)) {
            reported = loaded.problem();
            log.warn("{}; the last good version of the scorer {} goes on scoring", loaded.problem(), name);
        }
        Object result;
        try {
            result = loaded.script().invokeMethod("score", new Object[]{item.variables(), reply});
        } catch (Exception | Error e) { // a Groovy assert fails with an Error: the script's, not the eval's
            throw new ScoreError(e + loaded.where(e));
        }
        return score(result, loaded.origin());
    }

    private static Score score(Object result, String origin) throws ScoreError {
        if (result instanceof Boolean b) return Score.of(b);
        if (result instanceof Number n) return new Score(n.doubleValue(), null);
        if (result instanceof Map<?, ?> m && m.get("score") instanceof Object s && !(s instanceof Map)) {
            Score inner = score(s, origin);
            return new Score(inner.value(), m.get("note") == null ? null : String.valueOf(m.get("note")));
        }
        throw new ScoreError(origin + ": score(item, reply) returned " + result + "; return true/false, a number or [score: n, note: '...']");
    }
}
