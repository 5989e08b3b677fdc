package litellm.e2e.proxy;

import litellm.config.ConfigError;
import litellm.config.ConfigFile;
import litellm.provider.ProviderScripts;
import litellm.testing.CallRecorder;
import litellm.testing.Configs;
import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.ProxyUnderTest;
import litellm.testing.Stderr;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static litellm.testing.FakeUpstream.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LiteLLM's custom callbacks ({@code callbacks: custom_callbacks.proxy_handler_instance}, a Python module) as a Groovy
 * script of the same name in the user's folder of callbacks, edited while the proxy runs.
 */
class CallbackScriptTest {
    static final String CHAT = "{\"model\":\"gpt-3.5-turbo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private final AtomicInteger edits = new AtomicInteger();

    @TempDir
    Path dir;
    FakeUpstream openai;
    Path out;

    @BeforeEach
    void start() throws IOException {
        openai = FakeUpstream.start().on("/v1/chat/completions", json(200, Fixtures.read("openai/chat/response.json")));
        Files.createDirectories(dir.resolve("callbacks"));
        out = dir.resolve("calls.jsonl");
    }

    @AfterEach
    void stop() {
        openai.close();
    }

    String config() {
        return """
                environment_variables:
                  LITELLM_CALLBACKS: %s
                model_list:
                %slitellm_settings:
                  callbacks: [custom_callbacks.proxy_handler_instance]
                """.formatted(dir.resolve("callbacks"), Configs.gpt35At(openai));
    }

    /** A script that appends one JSON line per call to {@link #out}, tagged {@code version}. */
    String script(String version) {
        return """
                void onSuccess(CallLog call) {
                    write([version: '%1$s', model: call.model(), group: call.modelGroup(), said: call.response().choices[0].message.content])
                }

                void onFailure(CallLog call) {
                    write([version: '%1$s', status: call.error().status(), map: call.asMap().error])
                }

                private void write(Map line) {
                    new File('%2$s') << toJson(line) + '\\n'
                }
                """.formatted(version, out.toString().replace("\\", "/"));
    }

    @Test
    void theScriptGetsEachCallAndAnEditTakesEffectOnceCompiled() throws Exception {
        write(script("one"));
        try (var proxy = ProxyUnderTest.withConfig(dir, config())) {
            assertEquals(200, Http.post(proxy.url("/chat/completions"), CHAT).status());
            assertEquals(Map.of("version", "one", "model", "gpt-4o-mini", "group", "gpt-3.5-turbo", "said", "Hello! How can I assist you today?"),
                    awaitLines(1).get(0));

            openai.on("/v1/chat/completions", json(429, Fixtures.read("openai/errors/429-rate-limit.json")));
            assertEquals(429, Http.post(proxy.url("/chat/completions"), CHAT).status());
            var failure = awaitLines(2).get(1);
            assertEquals(429, failure.get("status"));
            assertEquals("rate_limit_error", ((Map<?, ?>) failure.get("map")).get("type"));

            write(script("two"));
            // compiled off the calls' path: the calls go to "one" until "two" is ready
            long until = System.nanoTime() + 10_000_000_000L;
            int lines = 2;
            Object version;
            do {
                assertEquals(429, Http.post(proxy.url("/chat/completions"), CHAT).status());
                version = awaitLines(++lines).get(lines - 1).get("version");
                assertTrue(version.equals("one") || version.equals("two"), String.valueOf(version));
            } while (!version.equals("two") && System.nanoTime() < until);
            assertEquals("two", version, "no restart needed");
        }
    }

    @Test
    void aBrokenEditIsReportedWithFileAndLineWhileTheLastGoodVersionGoesOn() throws Exception {
        write(script("good"));
        try (var proxy = ProxyUnderTest.withConfig(dir, config())) {
            assertEquals(200, Http.post(proxy.url("/chat/completions"), CHAT).status());
            awaitLines(1);
            String log = Stderr.until(() -> write("void onSuccess(CallLog call) {\n    [broken: \n}\n"), text -> text.contains("keeps serving"));
            assertEquals(200, Http.post(proxy.url("/chat/completions"), CHAT).status());
            assertTrue(log.matches("(?s).*custom_callbacks\\.groovy:\\d+:\\d+: .*"), "the log names file, line and column: " + log);
            assertEquals("good", awaitLines(2).get(1).get("version"), "the last good version goes on");
        }
    }

    @Test
    void aScriptThatThrowsIsLoggedWithItsLineAndTheCallIsServed() throws Exception {
        // the first call fails an assert (an Error, in Groovy), the next ones throw: calls go on being handed to the script
        write("void onSuccess(CallLog call) {\n    new File('%s') << '{}\\n'\n    assert new File('%s').readLines().size() > 1\n    throw new IllegalStateException('no disk left')\n}\n"
                .formatted(out.toString().replace("\\", "/"), out.toString().replace("\\", "/")));
        try (var proxy = ProxyUnderTest.withConfig(dir, config())) {
            String log = Stderr.of(() -> {
                // the calls are handed to the script one after the other: once the second is written, the first one's failure is logged
                for (int call = 1; call <= 3; call++) {
                    assertEquals(200, Http.post(proxy.url("/chat/completions"), CHAT).status());
                    awaitLines(call);
                }
            });
            // the first failure is logged with its line (then every hundredth); the script ran for every call
            assertTrue(log.matches("(?s).*callback script custom_callbacks failed \\(1 so far\\): Assertion failed.* at "
                    + java.util.regex.Pattern.quote(dir.resolve("callbacks/custom_callbacks.groovy") + ":3") + ".*"), log);
            assertEquals(3, awaitLines(3).size());
        }
    }

    @Test
    void aHookWithTheWrongParametersStopsTheConfigWithTheReason() {
        write("void onSuccess(Map call) {}\n");
        var e = assertThrows(ConfigError.class, () -> ConfigFile.parse("config.yaml", config(), new ProviderScripts(null)::exists, name -> null));
        assertTrue(e.getMessage().contains("litellm_settings.callbacks[0]: callback script ") && e.getMessage().contains("onSuccess(Map) does not match the hook"),
                e.getMessage());
    }

    @Test
    void theExampleScriptLogsEachCallAsOneLineOfJson() throws Exception {
        write(Files.readString(Fixtures.repo().resolve("examples/callbacks/custom_callbacks.groovy")));
        try (var proxy = ProxyUnderTest.withConfig(dir, config())) {
            String log = Stderr.until(() -> assertEquals(200, Http.post(proxy.url("/chat/completions"), CHAT).status()),
                    text -> text.contains("calls - "));
            assertTrue(log.matches("(?s).*INFO calls - \\{\"id\":\"[0-9a-f-]{36}\",\"model\":\"gpt-4o-mini\",\"tokens\":29,\"usd\":8\\.85\\d*E-6,\"ms\":\\d+,\"cached\":false}.*"), log);
        }
    }

    List<Map<String, Object>> awaitLines(int count) throws Exception {
        return CallRecorder.awaitLines(out, count);
    }

    /** Writes the script, with a modification time that moves forward even when edits come within one clock tick. */
    void write(String text) {
        try {
            Path file = dir.resolve("callbacks/custom_callbacks.groovy");
            Files.writeString(file, text);
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(edits.incrementAndGet())));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
