package litellm.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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

    private static Launched start(Map<String, String> env, String input, String... args) {
        List<String> command = new ArrayList<>(List.of("./jbang"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(Fixtures.repo().toFile());
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
     * for the end. Through the process's handle: {@code Process.destroy()} would also close the pipes its last lines
     * come through.
     */
    public void terminate() {
        process.toHandle().destroy();
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
