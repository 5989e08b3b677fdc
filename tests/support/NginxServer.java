package litellm.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * A real nginx on a free loopback port, with a config made for that port, its files in a folder of its own, in the
 * foreground (it ends with its starter). The tests' load balancer in front of several proxies ({@link #balancing})
 * and the benchmark's reverse proxy (`bench/bench.java` sources this file) start it. The JDK alone: the benchmark has
 * none of the tests' dependencies.
 */
public final class NginxServer implements AutoCloseable {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final long START_MILLIS = 10_000;

    private final Process process;
    private final int port;
    private final Path folder;

    private NginxServer(Process process, int port, Path folder) {
        this.process = process;
        this.port = port;
        this.folder = folder;
    }

    /** The nginx binary on the PATH (or in sbin, where Debian puts it), or null when it is not installed. */
    public static Path binary() {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin";
        return Stream.of(path.split(":")).filter(d -> !d.isEmpty()).map(d -> Path.of(d, "nginx"))
                .filter(Files::isExecutable).findFirst().orElse(null);
    }

    /**
     * nginx with {@code config} given the port it listens on, once it listens.
     *
     * @throws IllegalStateException with nginx's own words, when it does not listen within 10 s
     */
    public static NginxServer start(Path binary, IntFunction<String> config) throws IOException, InterruptedException {
        Path folder = Files.createTempDirectory("nginx");
        int port = freePort();
        Files.writeString(folder.resolve("nginx.conf"), config.apply(port));
        Process process = new ProcessBuilder(binary.toString(), "-p", folder + "/", "-c", folder.resolve("nginx.conf").toString(),
                "-e", "stderr", "-g", "daemon off;").redirectErrorStream(true).redirectOutput(folder.resolve("out.log").toFile()).start();
        NginxServer server = new NginxServer(process, port, folder);
        server.awaitListening();
        return server;
    }

    /**
     * Round-robin over the given ports, as a load balancer in front of several proxies would. One process, no master
     * (so it runs as the test's user).
     */
    public static NginxServer balancing(List<Integer> upstreamPorts) throws IOException, InterruptedException {
        StringBuilder servers = new StringBuilder();
        for (int p : upstreamPorts) servers.append("        server 127.0.0.1:").append(p).append(";\n");
        return start(binary(), port -> """
                master_process off;
                worker_processes 1;
                pid nginx.pid;
                error_log error.log warn;
                events { worker_connections 1024; }
                http {
                    access_log off;
                    client_body_temp_path tmp-body;
                    proxy_temp_path tmp-proxy;
                    fastcgi_temp_path tmp-fastcgi;
                    uwsgi_temp_path tmp-uwsgi;
                    scgi_temp_path tmp-scgi;
                    upstream proxies {
                %s        keepalive 16;
                    }
                    server {
                        listen 127.0.0.1:%d;
                        location / {
                            proxy_pass http://proxies;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                            proxy_buffering off;
                            proxy_next_upstream off;
                        }
                    }
                }
                """.formatted(servers, port));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    private void awaitListening() throws InterruptedException, IOException {
        long giveUp = System.currentTimeMillis() + START_MILLIS;
        while (System.currentTimeMillis() < giveUp && process.isAlive()) {
            try (Socket ignored = new Socket(LOOPBACK, port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        String said = Files.readString(folder.resolve("out.log")).strip();
        Path errors = folder.resolve("error.log");
        if (Files.exists(errors)) said += " " + Files.readString(errors).strip();
        close();
        throw new IllegalStateException("nginx did not listen on port " + port + ": " + said);
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** nginx's processes: the master and its workers, or the one process without a master. */
    public Stream<ProcessHandle> processes() {
        return Stream.concat(Stream.of(process.toHandle()), process.descendants());
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // left behind in the temporary folder
        }
    }
}
