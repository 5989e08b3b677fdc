package litellm.e2e.keys;

import litellm.testing.Http;
import litellm.testing.Launched;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The proxy as a user starts it: a master key alone keeps keys in the user's folder; a database that is not there stops the start. */
class KeysCommandLineTest {
    @TempDir
    Path home;

    /** A config serving offline/echo with the master key sk-1234 and {@code general}'s lines. */
    Path config(String general) throws Exception {
        Path config = home.resolve("config.yaml");
        Files.writeString(config, """
                model_list:
                  - model_name: echo
                    litellm_params: {model: offline/echo}
                general_settings:
                  master_key: sk-1234
                """ + general);
        return config;
    }

    @Test
    void aMasterKeyAloneKeepsKeysInAFileOfTheUsersFolderAndSaysWhere() throws Exception {
        Path config = config("");
        String key;
        try (var proxy = Launched.jbang(Map.of("HOME", home.toString()), "litellm.java", "--config", config.toString(), "--port", "0")) {
            int port = proxy.listeningPort();
            String url = "http://127.0.0.1:" + port;
            Http.Response made = Http.post(url + "/key/generate", "{\"models\": [\"echo\"]}", Map.of("Authorization", "Bearer sk-1234"));
            assertEquals(200, made.status(), made.body());
            key = (String) made.json().get("key");
            assertEquals(200, Http.post(url + "/chat/completions", "{\"model\": \"echo\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}",
                    Map.of("Authorization", "Bearer " + key)).status());
            Path file = home.resolve(".litellm/litellm-keys.mv.db");
            assertTrue(proxy.out().contains(file.toString()), proxy.toString());
            assertTrue(Files.exists(file));
            assertFalse(proxy.out().contains(key) || proxy.err().contains(key), "the key is never logged: " + proxy);
        }
        try (var again = Launched.jbang(Map.of("HOME", home.toString()), "litellm.java", "--config", config.toString(), "--port", "0")) {
            String url = "http://127.0.0.1:" + again.listeningPort();
            assertEquals(200, Http.post(url + "/chat/completions", "{\"model\": \"echo\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}",
                    Map.of("Authorization", "Bearer " + key)).status(), "the key outlives the restart");
        }
    }

    @Test
    void anUnreachableDatabaseAtStartIsOneLineAndExit2() throws Exception {
        Path config = config("  database_url: postgresql://litellm:s3cret-pass@127.0.0.1:" + Launched.freePort() + "/litellm\n");
        var proxy = Launched.jbang(Map.of(), "litellm.java", "--config", config.toString(), "--port", "0");
        assertEquals(2, proxy.exitCode(), proxy.toString());
        String lines = proxy.err().lines().filter(l -> !l.startsWith("[jbang]") && !l.startsWith("jbang wrapper:")).reduce("", (a, b) -> a + b + "\n");
        assertEquals(1, lines.lines().count(), proxy.toString());
        assertTrue(lines.startsWith("litellm: the database of keys cannot be opened"), lines);
        assertFalse(proxy.toString().contains("s3cret-pass"), proxy.toString());
    }
}
