package litellm.script;

import groovy.lang.GroovyClassLoader;
import groovy.lang.Script;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.Phases;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.customizers.ImportCustomizer;
import org.codehaus.groovy.control.messages.ExceptionMessage;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Groovy scripts of one kind ({@code providers}, {@code templates}) by name, compiled once and
 * recompiled when their file changes. A script in the user's folder overrides the built-in one of
 * the same name. A script that fails to load is reported with file and line while the last good
 * version keeps serving.
 *
 * <p>An edit is compiled off the requests' path: a watching thread looks at the user's files every
 * {@link #WATCH_EVERY}, compiles the one that changed, and swaps it in whole; until then requests
 * keep the version they have, and none waits for the compiler. Only a script's first load, which has
 * nothing to serve yet, is compiled by the request that needs it.
 *
 * <p>The per-request cost of a loaded script is a map lookup: no stat, no compilation, no class or resource lookup.
 */
public final class LiveScripts<T extends Script> {
    private static final Logger log = LoggerFactory.getLogger(LiveScripts.class);
    /** How often the user's files are looked at: an edit serves this long after it is saved, plus its compile. */
    static final Duration WATCH_EVERY = Duration.ofMillis(100);

    /** A loaded script and, when its newer file failed to load, why (the script is then the last good one). */
    public record Loaded<T>(T script, String origin, String problem) {
        /** Where in the script {@code e} was thrown: " at FILE:LINE", else " in FILE". */
        public String where(Throwable e) {
            String scriptClass = script.getClass().getName();
            for (StackTraceElement frame : e.getStackTrace())
                if (frame.getClassName().startsWith(scriptClass) && frame.getLineNumber() > 0) return " at " + origin + ":" + frame.getLineNumber();
            return " in " + origin;
        }
    }

    private final String kind;
    private final Class<T> baseClass;
    private final Path userDir;
    private final Consumer<T> start;
    private final String[] starImports;
    private final CompiledScripts compiled = CompiledScripts.fromSystem();
    private CompilerConfiguration config; // made on the first compile: a start from the disk cache never loads the compiler
    private final Map<String, Entry<T>> entries = new ConcurrentHashMap<>();
    /** Whether a built-in script exists: the classpath does not change, and a resource lookup walks every jar. */
    private final Map<String, Boolean> builtIn = new ConcurrentHashMap<>();
    private volatile Thread watcher;

    /**
     * @param kind      the folder name of the built-in scripts on the classpath, e.g. "providers"
     * @param userDir   the user's folder of overriding scripts, or null
     * @param start     runs a newly compiled script's body and checks it; throws to refuse it
     * @param starImports packages every script sees without importing them
     */
    public LiveScripts(String kind, Class<T> baseClass, Path userDir, Consumer<T> start, String... starImports) {
        this.kind = kind;
        this.baseClass = baseClass;
        this.userDir = userDir;
        this.start = start;
        this.starImports = starImports;
    }

    private synchronized CompilerConfiguration config() {
        if (config == null) {
            config = new CompilerConfiguration();
            config.setScriptBaseClass(baseClass.getName());
            config.setSourceEncoding("UTF-8");
            config.addCompilationCustomizers(new ImportCustomizer().addStarImports(starImports));
        }
        return config;
    }

    public Path userDir() {
        return userDir;
    }

    /**
     * The script named {@code name}: the version loaded last, or loaded now when it never was; null if there is none.
     * Edits reach it through the watching thread ({@link #WATCH_EVERY}).
     */
    public Loaded<T> get(String name) throws ScriptLoadError {
        Entry<T> entry = entries.computeIfAbsent(name, n -> new Entry<>(userFile(n)));
        Loaded<T> loaded = entry.loaded;
        if (loaded != null) return loaded;
        synchronized (entry) {
            if (entry.loaded != null) return entry.loaded;
            loaded = load(name, entry, stamp(entry.userFile));
        }
        if (loaded != null) watch();
        return loaded;
    }

    /** Starts the watching thread, once, when a user's folder can hold edits. */
    private void watch() {
        if (watcher != null || userDir == null) return;
        synchronized (this) {
            if (watcher == null) watcher = Thread.ofPlatform().daemon().name(kind + "-watcher").start(this::watchForever);
        }
    }

    private void watchForever() {
        while (true) {
            try {
                Thread.sleep(WATCH_EVERY);
            } catch (InterruptedException e) {
                return;
            }
            entries.forEach(this::reloadIfEdited);
        }
    }

    /**
     * Compiles a loaded script whose file changed, and swaps the new version in (one volatile write); a broken edit
     * leaves the last good one serving. Requests never take the entry's lock while a version is loaded.
     */
    private void reloadIfEdited(String name, Entry<T> entry) {
        if (entry.loaded == null) return; // never loaded: the request that wants it loads it
        long stamp = stamp(entry.userFile);
        if (stamp == entry.stamp) return;
        synchronized (entry) {
            try {
                load(name, entry, stamp);
            } catch (ScriptLoadError | RuntimeException e) {
                // logged by load()
            }
            entry.stamp = stamp; // gone with no built-in to fall back on: the last version serves on, looked at again when the file is
        }
    }

    /** True if a user or built-in script of that name exists (without loading it). */
    public boolean exists(String name) {
        if (builtIn.computeIfAbsent(name, n -> getClass().getResource(resourcePath(n)) != null)) return true;
        Path f = userFile(name);
        return f != null && Files.isRegularFile(f);
    }

    /** Compiles a script on a background thread so that the first request does not wait for the compiler. */
    public void preload(String name) {
        Thread.ofVirtual().name("preload-" + name).start(() -> {
            try {
                get(name);
            } catch (ScriptLoadError e) {
                // already logged by load()
            }
        });
    }

    private Loaded<T> load(String name, Entry<T> entry, long stamp) throws ScriptLoadError {
        if (stamp == entry.failedStamp) { // the same broken file: no recompiling on every request
            if (entry.loaded != null) return entry.loaded;
            throw entry.failure;
        }
        Path file = entry.userFile;
        String origin;
        String text;
        try {
            if (file != null && Files.isRegularFile(file)) {
                origin = file.toString();
                text = Files.readString(file);
            } else {
                origin = kind + "/" + name + ".groovy (built-in)";
                try (InputStream in = getClass().getResourceAsStream(resourcePath(name))) {
                    if (in == null) return null;
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        } catch (IOException e) {
            return keepLastGood(name, entry, stamp, new ScriptLoadError(kind + "/" + name + ".groovy: cannot read: " + e.getMessage(), e));
        }
        try {
            T script = compile(origin, text);
            boolean reload = entry.loaded != null;
            entry.loaded = new Loaded<>(script, origin, null);
            entry.stamp = stamp;
            entry.failedStamp = Long.MIN_VALUE;
            if (reload) log.info("reloaded {}", origin);
            else log.debug("loaded {}", origin);
            return entry.loaded;
        } catch (ScriptLoadError e) {
            return keepLastGood(name, entry, stamp, e);
        }
    }

    /** Logs the failure once per file version; serves the last good script, or throws when there is none. */
    private Loaded<T> keepLastGood(String name, Entry<T> entry, long stamp, ScriptLoadError e) throws ScriptLoadError {
        entry.failedStamp = stamp;
        entry.failure = e;
        if (entry.loaded == null) {
            log.error("{} script '{}' does not load: {}", kind, name, e.getMessage());
            throw e;
        }
        log.error("{}; the last good version ({}) keeps serving", e.getMessage(), entry.loaded.origin());
        entry.loaded = new Loaded<>(entry.loaded.script(), entry.loaded.origin(), e.getMessage());
        entry.stamp = stamp;
        return entry.loaded;
    }

    private T compile(String origin, String text) throws ScriptLoadError {
        String fileName = origin.replace(" (built-in)", "");
        String sourceName = new File(fileName).getName();
        try {
            String key = CompiledScripts.key(baseClass, starImports, sourceName, text);
            Map<String, byte[]> classes = compiled.get(key);
            if (classes == null) {
                classes = bytecode(sourceName, text);
                compiled.put(key, classes);
            }
            String main = classes.keySet().iterator().next();
            Class<?> cls = Class.forName(main, true, new CompiledScripts.Loader(baseClass.getClassLoader(), classes));
            T script = baseClass.cast(cls.getDeclaredConstructor().newInstance());
            start.accept(script);
            return script;
        } catch (MultipleCompilationErrorsException e) {
            throw new ScriptLoadError(compileMessage(fileName, e), e);
        } catch (ReflectiveOperationException | IOException | LinkageError e) {
            throw new ScriptLoadError(fileName + ": cannot start: " + e, e);
        } catch (RuntimeException e) {
            throw new ScriptLoadError(fileName + lineOf(e, sourceName) + ": " + e.getMessage(), e);
        }
    }

    /** Compiles a script: its classes by name, the script class first. */
    private Map<String, byte[]> bytecode(String sourceName, String text) throws IOException {
        try (GroovyClassLoader loader = new GroovyClassLoader(baseClass.getClassLoader(), config())) {
            CompilationUnit unit = new CompilationUnit(config(), null, loader);
            var source = unit.addSource(sourceName, text);
            unit.compile(Phases.CLASS_GENERATION);
            Map<String, byte[]> classes = new LinkedHashMap<>();
            String main = source.getAST().getMainClassName();
            unit.getClasses().stream().filter(c -> c.getName().equals(main)).forEach(c -> classes.put(c.getName(), c.getBytes()));
            unit.getClasses().forEach(c -> classes.putIfAbsent(c.getName(), c.getBytes()));
            return classes;
        }
    }

    private static String compileMessage(String fileName, MultipleCompilationErrorsException e) {
        return e.getErrorCollector().getErrors().stream().map(m -> {
            if (m instanceof SyntaxErrorMessage s) {
                var cause = s.getCause();
                return fileName + ":" + cause.getLine() + ":" + cause.getStartColumn() + ": " + cause.getOriginalMessage();
            }
            if (m instanceof ExceptionMessage x) return fileName + ": " + x.getCause().getMessage();
            return fileName + ": " + m;
        }).collect(Collectors.joining("; "));
    }

    /** ":line" of the first stack frame in the script, for errors thrown while its body runs. */
    private static String lineOf(Throwable e, String scriptFile) {
        for (Throwable t = e; t != null; t = t.getCause())
            for (StackTraceElement frame : t.getStackTrace())
                if (scriptFile.equals(frame.getFileName()) && frame.getLineNumber() > 0) return ":" + frame.getLineNumber();
        return "";
    }

    private Path userFile(String name) {
        return userDir == null ? null : userDir.resolve(name + ".groovy");
    }

    private String resourcePath(String name) {
        return "/" + kind + "/" + name + ".groovy";
    }

    /**
     * Changes when the file is created, deleted, edited or replaced; 0 when there is none. One stat, on every
     * request: {@code File.lastModified} and {@code length} were two, each converting the path again.
     */
    private static long stamp(Path file) {
        if (file == null) return 0;
        try {
            BasicFileAttributes a = file.getFileSystem().provider().readAttributesIfExists(file, BasicFileAttributes.class);
            return a == null ? 0 : a.lastModifiedTime().to(TimeUnit.NANOSECONDS) * 31 + a.size();
        } catch (IOException e) {
            return 0; // unreadable: as if absent, which the load then reports
        }
    }

    private static final class Entry<T> {
        final Path userFile;
        volatile Loaded<T> loaded;
        volatile long stamp = Long.MIN_VALUE;
        volatile long failedStamp = Long.MIN_VALUE;
        volatile ScriptLoadError failure;

        Entry(Path userFile) {
            this.userFile = userFile;
        }
    }
}
