package litellm.cli;

import litellm.engine.Setup;
import litellm.LiteLLM;
import litellm.config.Settings;
import litellm.provider.ProviderScripts;
import litellm.routing.Deployment;
import litellm.routing.Router;
import litellm.log.Logging;
import litellm.server.ProxyServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JDK's ahead-of-time cache (JEP 483, 514) of the proxy's classes, loaded and linked: it brings
 * start-up to the first served request from about 1 s to about 0.6 s.
 *
 * <p>litellm.java's {@code //JAVA_OPTIONS} name the cache file. The JVM uses it when it was made for
 * the running build and silently ignores it otherwise. JDK 25 cannot use one cache and write another
 * in the same run, so after a start without a matching cache, a second JVM is run once in the
 * background, at low priority, to make one: it starts a proxy, sends it the requests clients send
 * (through the OpenAI provider and the HTTP client, streamed and not) and exits; the JVM writes the
 * cache as it exits. The next start uses it. {@code LITELLM_AOT_CACHE=off} turns this off.
 */
public final class AotCache {
    private static final Logger log = LoggerFactory.getLogger(AotCache.class);
    /** The hidden flag that makes the JVM a training run. */
    public static final String TRAINING_FLAG = "--aot-training";
    private static final String CACHE_OPTION = "-XX:AOTCache=";
    private static final Duration STALE_LOCK = Duration.ofMinutes(5);
    private static final Duration TRAINING_LIMIT = Duration.ofMinutes(2);
    private static final Path SHELL = Path.of("/bin/sh");
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    /** The providers {@link #train} calls. */
    private static final List<String> TRAINING_PROVIDERS = List.of("offline", "openai");
    /**
     * Runs the training JVM ("$@"), then puts its cache and the build stamp in place. A shell does
     * this last step because the cache is written as the training JVM exits, when the proxy that
     * started it may be gone. It runs in a subshell of its own that the first shell leaves behind,
     * so nothing that stops the proxy and its child processes stops it half-way.
     */
    private static final String FINISH = """
            (
              trap 'rm -f "$AOT_LOCK" "$AOT_STAMP.new"' EXIT
              rm -f "$AOT_NEW"
              nice -n 19 "$@" && [ -s "$AOT_NEW" ] && mv -f "$AOT_NEW" "$AOT_CACHE" && mv -f "$AOT_STAMP.new" "$AOT_STAMP"
            ) </dev/null &
            """;

    private AotCache() {}

    /** {@code LITELLM_AOT_CACHE=build}: make the cache now and wait for it, then exit (a container image's build). */
    public static boolean buildRequested() {
        return "build".equalsIgnoreCase(System.getenv("LITELLM_AOT_CACHE"));
    }

    /** Starts making the cache of this build in the background if the JVM was given a cache file that is not one. */
    public static void refreshInBackground() {
        if ("off".equalsIgnoreCase(System.getenv("LITELLM_AOT_CACHE"))) return;
        Thread.ofVirtual().name("aot-cache").start(() -> {
            try {
                refresh();
            } catch (IOException | RuntimeException e) {
                log.debug("no AOT cache made: {}", e.toString());
            }
        });
    }

    /**
     * Makes the cache of this build now, as a first start does in the background, and waits for it: for an image
     * whose every container should start fast from the first.
     *
     * @return the process exit code: 0 once the cache is in place
     */
    public static int buildNow() {
        try {
            Path cache = cacheFile(ManagementFactory.getRuntimeMXBean().getInputArguments());
            if (cache == null) throw new IOException("the JVM was given no -XX:AOTCache file: run it as ./jbang litellm.java");
            long deadline = System.nanoTime() + TRAINING_LIMIT.plusMinutes(1).toNanos();
            refresh();
            while (!upToDate(cache, build(ManagementFactory.getRuntimeMXBean().getInputArguments()))) {
                if (System.nanoTime() > deadline) throw new IOException("no cache after " + TRAINING_LIMIT.plusMinutes(1).toMinutes() + " min; see " + sibling(cache, ".log"));
                Thread.sleep(200);
            }
            LoggerFactory.getLogger(Logging.LIFECYCLE).info("start-up cache made: {}", cache);
            return 0;
        } catch (IOException | InterruptedException e) {
            LoggerFactory.getLogger(Logging.EXIT).error("no start-up cache made: {}", e.getMessage());
            return 1;
        }
    }

    /** The cache file the JVM was given: the last one, as for the JVM (jbang --java-options come after //JAVA_OPTIONS). */
    private static Path cacheFile(List<String> jvmOptions) {
        Path cache = null;
        for (String option : jvmOptions)
            if (option.startsWith(CACHE_OPTION)) cache = Path.of(option.substring(CACHE_OPTION.length()));
        return cache;
    }

    private static boolean upToDate(Path cache, String build) throws IOException {
        Path stamp = sibling(cache, ".build");
        return Files.isRegularFile(cache) && Files.isRegularFile(stamp) && Files.readString(stamp).equals(build);
    }

    private static void refresh() throws IOException {
        List<String> jvmOptions = ManagementFactory.getRuntimeMXBean().getInputArguments();
        Path cache = cacheFile(jvmOptions);
        if (cache == null || !Files.isExecutable(SHELL)) return; // not started by litellm.java's options (tests, JShell), or no POSIX shell
        Path stamp = sibling(cache, ".build");
        String build = build(jvmOptions);
        if (upToDate(cache, build)) return;
        Files.createDirectories(cache.getParent());
        Path lock = sibling(cache, ".lock");
        if (!takeLock(lock)) return; // another start of the same build is making it
        Files.writeString(sibling(stamp, ".new"), build);
        Files.deleteIfExists(cache.resolveSibling("litellm.java.jsa")); // the AppCDS archive earlier versions made, 30 MB

        compileTrainingScripts();
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) command.add(SETSID.toString()); // out of the terminal's process group: Ctrl-C on the proxy does not stop it
        command.addAll(List.of(SHELL.toString(), "-c", FINISH, "sh"));
        command.addAll(trainingCommand(jvmOptions, sibling(cache, ".new")));
        ProcessBuilder training = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(sibling(cache, ".log").toFile());
        training.environment().putAll(Map.of("AOT_NEW", sibling(cache, ".new").toString(), "AOT_CACHE", cache.toString(),
                "AOT_STAMP", stamp.toString(), "AOT_LOCK", lock.toString()));
        training.start();
        log.debug("making the start-up cache {} in the background", cache);
    }

    /**
     * Compiles the training's provider scripts here, into the disk cache of compiled scripts, so that the
     * training run loads them compiled. Otherwise it runs Groovy's compiler, and the compiler's classes go into
     * the cache, which every start loads whole: about 1,400 more classes (a quarter more), 6 MB more RSS.
     */
    private static void compileTrainingScripts() {
        ProviderScripts builtIn = new ProviderScripts(null);
        for (String provider : TRAINING_PROVIDERS) builtIn.get(provider);
    }

    /** What a cache is only valid for: the JDK, the classpath (JBang's jar path changes with every build) and the options. */
    private static String build(List<String> jvmOptions) {
        return String.join("\n", System.getProperty("java.home"), Runtime.version().toString(),
                System.getProperty("java.class.path"), String.join(" ", jvmOptions));
    }

    private static List<String> trainingCommand(List<String> jvmOptions, Path output) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : jvmOptions) if (!option.startsWith(CACHE_OPTION)) command.add(option);
        command.add("-XX:AOTCacheOutput=" + output);
        // The cache keeps the loaded and linked classes, not the training's compilations. Replayed, those
        // made a start 0.1-0.2 s faster, but they kept about 200 of the request path's methods from C2 for
        // good: added latency +0.15 instead of +0.10 ms at c=1, 10k instead of 13k req/s at c=8 (wrk + nginx).
        command.addAll(List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTRecordTraining"));
        command.add("-XX:TieredStopAtLevel=1"); // C1 alone: a cheaper training run, now that its compilations are not kept
        command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        command.add(System.getProperty("sun.java.command").split(" ")[0]); // the main class
        // A start like a user's, on a free port and with the built-in scripts only: a user's own script would be
        // compiled, and Groovy's compiler would go into the cache
        command.addAll(List.of(TRAINING_FLAG, "--host", "127.0.0.1", "--port", "0", "--providers", output.resolveSibling("no-user-scripts").toString()));
        return command;
    }

    private static boolean takeLock(Path lock) throws IOException {
        try {
            Files.createFile(lock);
            return true;
        } catch (FileAlreadyExistsException e) {
            FileTime taken = Files.getLastModifiedTime(lock);
            if (taken.toInstant().isAfter(Instant.now().minus(STALE_LOCK))) return false;
            Files.setLastModifiedTime(lock, FileTime.from(Instant.now())); // left by a run that died
            return true;
        }
    }

    private static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }

    /**
     * The training run, once the proxy has started as any start does (serving the offline model): its model
     * {@code gpt-3.5-turbo} becomes the OpenAI provider calling the same proxy's offline model over HTTP, so
     * one request passes through the server, the engine, both provider scripts and the upstream client.
     * {@link SelfTest} sends the requests.
     *
     * @return the process exit code
     */
    public static int train(LiteLLM engine, ProxyServer server) {
        Thread.ofPlatform().daemon().start(() -> { // a training run that hangs must not hold the lock
            try {
                Thread.sleep(TRAINING_LIMIT);
            } catch (InterruptedException e) {
                return;
            }
            Runtime.getRuntime().halt(1);
        });
        String url = "http://127.0.0.1:" + server.port();
        Deployment offline = new Deployment("echo", "offline", "echo", null, null, null, Map.of());
        Deployment loop = new Deployment("gpt-3.5-turbo", "openai", "echo", url + "/v1", "sk-training", null, Map.of());
        engine.reconfigure(new Setup(Settings.defaults(), Router.of(List.of(loop, offline), Router.Policy.DEFAULT)));
        try (PrintStream quiet = new PrintStream(OutputStream.nullOutputStream())) {
            for (int round = 0; round < 3; round++)
                if (SelfTest.run(url, quiet) != 0) return 1;
        } finally {
            server.stop();
        }
        return 0;
    }
}
