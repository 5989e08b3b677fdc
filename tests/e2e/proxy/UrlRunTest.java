package litellm.e2e.proxy;

import com.sun.net.httpserver.HttpServer;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.Launched;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * litellm.java run by URL, as {@code jbang litellm@<org>} runs it from GitHub: the checkout is served over HTTP on a
 * loopback port (JBang trusts localhost and 127.0.0.1 without asking) and JBang fetches litellm.java and every file it
 * names from there. JBang expands no pattern in a script fetched by URL, so this proves src/Sources.java lists enough.
 * Each test uses its own JBANG_DIR: nothing is taken from a cache filled by another run.
 */
class UrlRunTest {
    @TempDir
    Path jbangDir;

    HttpServer server;
    String base;

    @BeforeEach
    void serveTheCheckout() throws IOException {
        Path root = Fixtures.repo().toAbsolutePath().normalize();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = null;
                String path = exchange.getRequestURI().getPath();
                if (path.equals("/catalog/jbang-catalog.json")) {
                    body = catalog().getBytes(StandardCharsets.UTF_8);
                } else {
                    Path file = root.resolve(path.substring(1)).normalize();
                    if (file.startsWith(root) && Files.isRegularFile(file)) body = Files.readAllBytes(file);
                }
                if (body == null || !exchange.getRequestMethod().equals("GET")) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** A published catalog as github.com/<org>/jbang-catalog holds it: its alias names litellm.java by an absolute URL. */
    String catalog() {
        return """
                {
                  "aliases": {
                    "litellm": {
                      "script-ref": "%s/litellm.java",
                      "description": "a catalog as published, pointing at litellm.java by URL"
                    }
                  }
                }
                """.formatted(base);
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void litellmJavaByUrlServesTheOfflineModel() {
        assertServes(base + "/litellm.java", "hello by URL");
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void anAliasFromACatalogServedOverHttpServesTheOfflineModel() {
        assertServes("litellm@" + base + "/catalog/jbang-catalog.json", "hello from a catalog by URL");
    }

    void assertServes(String scriptRef, String prompt) {
        // --port 0: the system picks a free port, so no other test can take it first
        try (var proxy = Launched.jbang(Map.of("JBANG_DIR", jbangDir.toString()), scriptRef, "--model", "offline/echo", "--port", "0")) {
            int port = proxy.listeningPort();
            var r = Http.post("http://127.0.0.1:" + port + "/chat/completions",
                    "{\"model\":\"offline/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}");
            assertEquals(200, r.status(), r.body());
            assertTrue(r.body().contains("You said: \\\"" + prompt + "\\\""), r.body());
            assertFalse(proxy.err().contains("used while using URL"), proxy.toString());
        }
    }
}
