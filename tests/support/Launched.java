package litellm.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** {@code ./jbang litellm.java ...} run as a user runs it, in its own process, with its output collected. */
public final class Launched implements AutoCloseable {
    private final Process process;
    private final StringBuffer out = new StringBuffer();
    private final StringBuffer err = new StringBuffer();
    private final List<Thread> collectors;

    private Launched(Process process) {
        this.process = process;
        collectors = List.of(collect(process.getInputStream(), out), collect(process.getErrorStream(), err));
    }

    /** Starts {@code ./jbang <args>} in the repository's root. */
    public static Launched jbang(Map<String, String> env, String... args) {
        return start(env, null, args);
    }

    /** Starts {@code ./jbang <args>} with {@code input} piped to its standard input, as {@code printf ... | ./jbang ...} does. */
    public static Launched jbangWithInput(Map<String, String> env, String input, String... args) {
        return start(env, input, args);
    }

    /** Starts {@code command} in {@code dir}: a copy of the wrapper in a folder of its own, for one. */
    public static Launched in(Path dir, Map<String, String> env, String... command) {
        return start(dir, env, null, List.of(command));
    }

    private static Launched start(Map<String, String> env, String input, String... args) {
        List<String> command = new ArrayList<>(List.of("./jbang"));
        command.addAll(List.of(args));
        return start(Fixtures.repo(), env, input, command);
    }

    private static Launched start(Path dir, Map<String, String> env, String input, List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        // No start-up cache training beside the tests: it would compete with them for the CPU.
        pb.environment().put("LITELLM_AOT_CACHE", "off");
        pb.environment().putAll(env);
        if (input == null) pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            Process process = pb.start();
            if (input != null) Thread.ofVirtual().start(() -> {
                try (var stdin = process.getOutputStream()) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                    // the process ended before reading it all: its output says why
                }
            });
            return new Launched(process);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits for the process to end (the first run may compile: minutes, not seconds); its exit code. */
    public int exitCode() {
        try {
            if (!process.waitFor(5, TimeUnit.MINUTES)) throw new AssertionError("did not end: " + this);
            // the collectors read what the process wrote last, up to the end of its output (a child it left running
            // may hold the pipe open: then the reading stops after a while)
            for (Thread collector : collectors) collector.join(java.time.Duration.ofSeconds(2));
            process.getInputStream().close();
            return process.exitValue();
        } catch (InterruptedException | IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Waits until stdout or stderr contains {@code text}. */
    public Launched await(String text) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (out.indexOf(text) >= 0 || err.indexOf(text) >= 0) return this;
            if (!process.isAlive()) throw new AssertionError("ended before printing '" + text + "': " + this);
            sleep(50);
        }
        throw new AssertionError("never printed '" + text + "': " + this);
    }

    /** The port a proxy started with {@code --port 0} listens on, read from its "Proxy running on" line. */
    public int listeningPort() {
        await("Proxy running on");
        var m = java.util.regex.Pattern.compile("Proxy running on http://[^:]+:(\\d+)").matcher(out());
        if (!m.find()) throw new AssertionError("no port in: " + this);
        return Integer.parseInt(m.group(1));
    }

    /**
     * Sends SIGTERM, as {@code docker stop}, {@code systemctl stop} and Kubernetes do; {@link #exitCode()} then waits
     * for the end. To the proxy's JVM, through its handle: {@code Process.destroy()} would also close the pipes its
     * last lines come through.
     */
    public void terminate() {
        ProcessHandle.of(proxyJvm()).orElseThrow().destroy();
    }

    /**
     * The resident memory (VmRSS) of the proxy's JVM, in kB, from /proc: JBang runs the app's JVM as its own process
     * or as a child, whose main class is {@code entry.litellm} (the JBang entry litellm.java; {@code litellm} before).
     */
    public long rssKb() {
        return proxyJvmStatusKb("VmRSS:");
    }

    /** The most resident memory the proxy's JVM has had so far (VmHWM), in kB. */
    public long peakRssKb() {
        return proxyJvmStatusKb("VmHWM:");
    }

    private long proxyJvm() {
        return Stream.concat(Stream.of(process.toHandle()), process.descendants())
                .mapToLong(ProcessHandle::pid).filter(Launched::isProxyJvm).findFirst()
                .orElseThrow(() -> new AssertionError("no proxy JVM among the processes of: " + this));
    }

    private long proxyJvmStatusKb(String field) {
        long pid = proxyJvm();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status")))
                if (line.startsWith(field)) return Long.parseLong(line.substring(field.length()).replace("kB", "").strip());
        } catch (IOException e) {
            throw new AssertionError("the proxy's JVM is gone: " + this, e);
        }
        throw new AssertionError("no " + field + " for the proxy's JVM");
    }

    private static boolean isProxyJvm(long pid) {
        try {
            List<String> args = List.of(Files.readString(Path.of("/proc/" + pid + "/cmdline")).split("\0"));
            return args.getFirst().endsWith("java") && (args.contains("entry.litellm") || args.contains("litellm"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    public String out() {
        return out.toString();
    }

    public String err() {
        return err.toString();
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "stdout:\n" + out + "\nstderr:\n" + err;
    }

    private static Thread collect(InputStream in, StringBuffer into) {
        return Thread.ofVirtual().start(() -> {
            try (var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) into.append(line).append('\n');
            } catch (IOException ignored) {
                // the process ended
            }
        });
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
