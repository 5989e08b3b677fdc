package litellm.e2e.proxy;

import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.Launched;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The no-install route, {@code jbang litellm@<catalog> ...}, through the ./jbang wrapper: a JBang catalog's alias
 * resolves and starts the proxy. (With the gson that jbang-cli's pom names, JBang read every catalog as empty and
 * answered "No alias found with name 'litellm'".)
 */
class CatalogAliasTest {
    @TempDir
    Path dir;

    /** A catalog outside the checkout whose alias points back at the checkout's litellm.java, as a published catalog points at the repository. */
    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void anAliasFromACatalogElsewhereServesTheOfflineModel() throws IOException {
        Path catalog = dir.resolve("jbang-catalog.json");
        Files.writeString(catalog, """
                {
                  "aliases": {
                    "litellm": {
                      "script-ref": "%s",
                      "description": "a catalog as published, pointing at the repository's litellm.java"
                    }
                  }
                }
                """.formatted(Fixtures.repo().resolve("litellm.java").toString().replace("\\", "\\\\")));
        // --port 0: the system picks a free port, so no other test can take it first
        try (var proxy = Launched.jbang(Map.of(), "litellm@" + catalog, "--model", "offline/echo", "--port", "0")) {
            int port = proxy.listeningPort();
            var r = Http.post("http://127.0.0.1:" + port + "/chat/completions",
                    "{\"model\":\"offline/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hello from a catalog\"}]}");
            assertEquals(200, r.status(), r.body());
            assertTrue(r.body().contains("You said: \\\"hello from a catalog\\\""), r.body());
        }
    }

    /** The checkout's own jbang-catalog.json, named by its folder: {@code jbang litellm@/path/to/checkout}. */
    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void theCheckoutsOwnCatalogNamesTheProxy() {
        var run = Launched.jbang(Map.of(), "litellm@" + Fixtures.repo(), "--version");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().startsWith("litellm.java "), run.toString());
    }
}
