package litellm.testing;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real nginx on a free loopback port, balancing round-robin over the given ports as a load balancer in front of
 * several proxies would (`.ci/run` installs it). One process, no master (so it runs as the test's user), its files
 * in a folder of its own.
 */
public final class NginxServer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path folder;

    private NginxServer(Process process, int port, Path folder) {
        this.process = process;
        this.port = port;
        this.folder = folder;
    }

    public static NginxServer balancing(List<Integer> upstreamPorts) throws IOException, InterruptedException {
        Tools.assumeInstalled("nginx", "install nginx (apt-get install nginx; .ci/run does)");
        int port = Launched.freePort();
        Path folder = Files.createTempDirectory("nginx");
        Files.writeString(folder.resolve("nginx.conf"), config(port, upstreamPorts));
        Process process = new ProcessBuilder("nginx", "-p", folder + "/", "-c", "nginx.conf", "-e", "error.log")
                .redirectErrorStream(true).redirectOutput(folder.resolve("out.log").toFile()).start();
        NginxServer server = new NginxServer(process, port, folder);
        server.awaitListening();
        return server;
    }

    private static String config(int port, List<Integer> upstreamPorts) {
        StringBuilder servers = new StringBuilder();
        for (int p : upstreamPorts) servers.append("        server 127.0.0.1:").append(p).append(";\n");
        return """
                daemon off;
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
                """.formatted(servers, port);
    }

    private void awaitListening() throws InterruptedException, IOException {
        for (int i = 0; i < 100; i++) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                if (!process.isAlive()) break;
                Thread.sleep(50);
            }
        }
        close();
        throw new IllegalStateException("nginx did not listen on port " + port + ": " + Files.readString(folder.resolve("out.log"))
                + (Files.exists(folder.resolve("error.log")) ? Files.readString(folder.resolve("error.log")) : ""));
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        Tools.stop(process);
    }
}
