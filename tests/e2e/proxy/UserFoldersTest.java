package litellm.e2e.proxy;

import litellm.script.UserFolders;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.Launched;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The user's folders follow $HOME (and the variables that name them), not the home Java finds for the account. */
class UserFoldersTest {
    @TempDir
    Path home;

    /** Whatever the machine's own environment sets: the folders of the user this test makes up. */
    private Map<String, String> userAt(Path home) {
        return Map.of("HOME", home.toString(), "LITELLM_PROVIDERS", "", "LITELLM_TEMPLATES", "", "LITELLM_CALLBACKS", "", "XDG_CACHE_HOME", "");
    }

    @Test
    void aProxyStartedWithAnotherHomeServesThatHomesProviderAndSaysWhichFoldersItUses() throws IOException {
        Path providers = Files.createDirectories(home.resolve(".litellm/providers"));
        String builtIn = Files.readString(Fixtures.repo().resolve("providers/offline.groovy"));
        Files.writeString(providers.resolve("offline.groovy"), builtIn.replace("This is the offline model of litellm.java.", "The offline model of the new home."));
        Files.writeString(providers.resolve("mine.groovy"), builtIn);
        Files.createDirectories(home.resolve(".litellm/callbacks"));

        try (var proxy = Launched.jbang(userAt(home), "litellm.java", "--port", "0")) {
            int port = proxy.listeningPort();
            proxy.await("callbacks: ");
            assertTrue(proxy.out().contains("INFO: providers: ~/.litellm/providers (overrides offline; adds mine)"), proxy.out());
            assertTrue(proxy.out().contains("INFO: templates: ~/.litellm/templates (missing)"), proxy.out());
            assertTrue(proxy.out().contains("INFO: callbacks: ~/.litellm/callbacks (no scripts)"), proxy.out());

            var r = Http.post("http://127.0.0.1:" + port + "/v1/chat/completions",
                    "{\"model\":\"offline/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}");
            assertEquals(200, r.status(), r.body());
            assertTrue(r.body().contains("The offline model of the new home."), r.body());
        }
        try (Stream<Path> compiled = Files.list(home.resolve(".cache/litellm.java/scripts"))) {
            assertTrue(compiled.findAny().isPresent(), "the compiled override is kept in the new home's cache");
        }
    }

    @Test
    void theStartUpCacheFileFollowsHome() {
        var run = Launched.jbang(userAt(home), "--verbose", "litellm.java", "--version");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.err().contains("-XX:AOTCache=" + home + "/.jbang/cache/litellm.java.aot"), run.err());
    }

    @Test
    void theVariablesThatNameAFolderWinOverHome() {
        var folders = UserFolders.from(Map.of("HOME", "/home/u", "LITELLM_TEMPLATES", "/t", "XDG_CACHE_HOME", "/c")::get);
        assertEquals(Path.of("/home/u/.litellm/providers"), folders.providers());
        assertEquals(Path.of("/t"), folders.templates());
        assertEquals(Path.of("/home/u/.litellm/callbacks"), folders.callbacks());
        assertEquals(Path.of("/c/litellm.java/scripts"), folders.compiledScripts());
        assertEquals(Path.of("/c/litellm.java/chat-templates"), folders.chatTemplates());
        assertEquals(Path.of("/p"), folders.withProviders(Path.of("/p")).providers());
    }
}
