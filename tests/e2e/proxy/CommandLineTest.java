package litellm.e2e.proxy;

import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.Launched;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's commands as a new user types them: through the ./jbang wrapper, in their own process. */
class CommandLineTest {
    private static final String CHAT = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Test
    void theFirstCommandServesTheOfflineModelAndTestTalksToIt() {
        try (var proxy = Launched.jbang(Map.of(), "litellm.java", "--port", "0")) {
            int port = proxy.listeningPort(); // --port 0: the system picks a free one, so no other test can take it first
            var r = Http.post("http://127.0.0.1:" + port + "/chat/completions",
                    "{\"model\":\"gpt-3.5-turbo\",\"messages\":[{\"role\":\"user\",\"content\":\"what llm are you\"}]}");
            assertEquals(200, r.status(), r.body());
            assertTrue(r.body().contains("You said: \\\"what llm are you\\\""), r.body());

            var test = Launched.jbang(Map.of(), "litellm.java", "--test", "--port", String.valueOf(port));
            assertEquals(0, test.exitCode(), test.toString());
            assertTrue(test.out().contains("\"object\" : \"chat.completion\""), test.out());
            assertTrue(test.out().contains("making a streamed test request"), test.out());
            assertEquals(2, test.out().split("write a short poem", -1).length - 1, "one answer, one stream: " + test.out());
        }
    }

    @Test
    void theStartUpCacheTrainingRunServesItsRequestsAndExits() {
        // The training a first start runs in the background (AotCache): a proxy whose model calls the
        // same proxy's offline model over HTTP, streamed and not. A failure here would leave users
        // without the cache, silently.
        var training = Launched.jbang(Map.of(), "litellm.java", "--aot-training", "--host", "127.0.0.1", "--port", "0");
        assertEquals(0, training.exitCode(), training.toString());
    }

    @Test
    void aFirstStartMakesTheStartUpCacheInTheBackgroundAndTheNextStartKeepsIt(@TempDir Path dir) throws Exception {
        // --java-options comes after litellm.java's own //JAVA_OPTIONS: the JVM, and so the proxy, take this cache file
        Path cache = dir.resolve("test.aot");
        Path stamp = dir.resolve("test.aot.build");
        Path lock = dir.resolve("test.aot.lock");
        Map<String, String> env = Map.of("LITELLM_AOT_CACHE", "on");
        String option = "--java-options=-XX:AOTCache=" + cache;
        String noCompiledScripts = "--java-options=-Dlitellm.script_cache=" + dir.resolve("scripts"); // the training's scripts too
        try (var first = Launched.jbang(env, option, noCompiledScripts, "litellm.java", "--port", "0")) {
            first.listeningPort();
            long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (!Files.exists(stamp) && System.nanoTime() < giveUp) Thread.sleep(200);
        }
        assertTrue(Files.exists(stamp), "no cache was made; its log: " + (Files.exists(dir.resolve("test.aot.log")) ? Files.readString(dir.resolve("test.aot.log")) : "none"));
        assertTrue(Files.size(cache) > 1_000_000, "an AOT cache of the proxy's classes");
        assertTrue(Files.readString(stamp).contains("litellm.jar"), "the stamp names the build it was made for");
        assertFalse(Files.exists(lock), "the training released its lock");
        FileTime made = Files.getLastModifiedTime(cache);
        var classes = Launched.jbang(Map.of(), option, "--java-options=-XX:+PrintSharedArchiveAndExit", "litellm.java");
        classes.exitCode(); // it lists the cache's classes and exits
        assertTrue(classes.out().contains(" litellm.server.ProxyServer "), "the cache holds the server's classes: " + classes);
        assertTrue(classes.out().contains(" litellm.provider.ModelNames "), "the training starts as a user's start does, model flags and all");
        assertTrue(classes.out().contains(" picocli.CommandLine$Model$OptionSpec "),
                "picocli's classes are in the cache: compiled from its source, not Java 5 class files the cache leaves out");
        assertFalse(classes.out().contains(" org.apache.groovy.parser.antlr4.AstBuilder "),
                "the training loaded its scripts compiled: Groovy's compiler is not in the cache every start loads");
        assertFalse(classes.out().contains(" org.eclipse.jetty.websocket.core.WebSocketComponents "),
                "Javalin serves through its plain servlet: a start sets up no websocket support, which the proxy does not serve");

        try (var second = Launched.jbang(env, option, noCompiledScripts, "litellm.java", "--port", "0")) {
            var r = Http.post("http://127.0.0.1:" + second.listeningPort() + "/chat/completions", CHAT);
            assertEquals(200, r.status(), r.body());
            Thread.sleep(2000); // time enough to have started a training, were it going to
            assertFalse(Files.exists(lock), "a start whose build has its cache trains nothing");
        }
        assertEquals(made, Files.getLastModifiedTime(cache));
    }

    @Test
    void testWithNoProxyListeningSaysSoInOneLine() {
        var test = Launched.jbang(Map.of(), "litellm.java", "--test", "--port", String.valueOf(Launched.freePort()));
        assertEquals(1, test.exitCode(), test.toString());
        assertTrue(test.out().lines().anyMatch(l -> l.startsWith("litellm --test: no proxy is listening at http://127.0.0.1:")), test.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--bogus", "--port=abc", "--temperature=5", "--request_timeout=0", "--model=no-such-model"})
    void aBadFlagOrValueIsOneLineAndExitCode2(String flag) {
        var run = Launched.jbang(Map.of(), "litellm.java", flag, "--port", String.valueOf(Launched.freePort()));
        assertEquals(2, run.exitCode(), run.toString());
        var lines = run.err().lines().filter(l -> !l.startsWith("[jbang]")).toList();
        assertEquals(1, lines.size(), run.err());
        assertTrue(lines.get(0).startsWith("litellm: "), run.err());
    }

    @Test
    void helpListsTheLiteLlmFlagsAndSaysTelemetrySendsNothing() {
        var help = Launched.jbang(Map.of(), "litellm.java", "--help");
        assertEquals(0, help.exitCode());
        for (String flag : new String[]{"--host", "--port", "--num_workers", "--api_base", "--api_version", "--model", "--test", "--alias",
                "--debug", "--temperature", "--max_tokens", "--request_timeout", "--drop_params", "--add_function_to_prompt", "--config", "--telemetry"})
            assertTrue(help.out().contains(flag), flag + " in " + help.out());
        assertTrue(help.out().replaceAll("\\s+", " ").contains("Nothing is ever sent anywhere"), help.out());
        var version = Launched.jbang(Map.of(), "litellm.java", "--version");
        assertEquals(0, version.exitCode());
        assertTrue(version.out().startsWith("litellm.java "), version.out());
    }

    @Test
    void debugLogsEachUpstreamCallAsCurlWithTheKeyMasked() {
        String key = "sk-secret-0123456789abcdef";
        try (var upstream = FakeUpstream.start().on("/v1/chat/completions", FakeUpstream.json(200, Fixtures.read("openai/chat/response.json")))) {
            try (var proxy = Launched.jbang(Map.of("OPENAI_API_KEY", key), "litellm.java", "--debug", "--port", "0",
                    "--model", "openai/gpt-4o-mini", "--api_base", upstream.baseUrl() + "/v1")) {
                int port = proxy.listeningPort();
                var r = Http.post("http://127.0.0.1:" + port + "/chat/completions", "{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
                assertEquals(200, r.status());
                proxy.await("answered 200 in");
                String log = proxy.out() + proxy.err();
                assertTrue(log.contains("curl -X POST"), log);
                assertTrue(log.contains("'Authorization: Bearer sk-s****cdef'"), log);
                assertFalse(log.contains(key), "the key never appears unmasked");
                assertEquals("Bearer " + key, upstream.last().headers().get("authorization"));
            }
        }
    }

    /** Each value flag reaches the proxy: the alias it lists and serves, the defaults a request's own values override, the deadline. */
    @Test
    void theModelFlagsShapeWhatIsServed() {
        try (var upstream = FakeUpstream.start().on("/v1/chat/completions", FakeUpstream.json(200, Fixtures.read("openai/chat/response.json")));
             var proxy = Launched.jbang(Map.of("OPENAI_API_KEY", "sk-x"), "litellm.java", "--port", "0", "-m", "openai/gpt-4o-mini",
                     "--api_base", upstream.baseUrl() + "/v1", "--alias", "team-model", "--temperature", "0.25", "--max_tokens", "7",
                     "--request_timeout", "2", "--num_workers", "2", "--telemetry", "false")) {
            String base = "http://127.0.0.1:" + proxy.listeningPort();
            var models = Http.get(base + "/v1/models");
            assertTrue(models.body().contains("\"id\":\"team-model\""), models.body());

            assertEquals(200, Http.post(base + "/v1/chat/completions", CHAT.replace("\"m\"", "\"team-model\"")).status());
            var sent = upstream.last().json();
            assertEquals("gpt-4o-mini", sent.get("model"));
            assertEquals(0.25, ((Number) sent.get("temperature")).doubleValue());
            assertEquals(7, ((Number) sent.get("max_tokens")).intValue());

            assertEquals(200, Http.post(base + "/v1/chat/completions", CHAT.replace("}]}", "}],\"temperature\":1.5,\"max_tokens\":3}")).status());
            sent = upstream.last().json();
            assertEquals(1.5, ((Number) sent.get("temperature")).doubleValue(), "a request's own value wins");
            assertEquals(3, ((Number) sent.get("max_tokens")).intValue());

            assertCutAtTheDeadline(upstream, base, "cut at --request_timeout");
        }
    }

    /**
     * Huge answers at once in a small heap (as embeddings of thousands of inputs are): a call that does not fit
     * fails alone, with an OpenAI-shaped 503 the SDKs retry; the proxy serves on, and deadlines still cut calls.
     */
    @Test
    void callsThatRunTheHeapOutAre503AndTheProxyServesOn() throws Exception {
        String vector = "[" + "0.0123456789,".repeat(3071) + "0.0123456789]";
        String item = "{\"object\":\"embedding\",\"index\":0,\"embedding\":" + vector + "}";
        String huge = "{\"object\":\"list\",\"data\":[" + (item + ",").repeat(511) + item
                + "],\"model\":\"m\",\"usage\":{\"prompt_tokens\":1,\"total_tokens\":1}}"; // 20 MB, 1.6 million numbers
        try (var upstream = FakeUpstream.start().on("/v1/embeddings", FakeUpstream.json(200, huge))
                .on("/v1/chat/completions", FakeUpstream.json(200, Fixtures.read("openai/chat/response.json")));
             var proxy = smallHeapProxy(upstream, "--request_timeout", "2");
             var clients = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            String base = "http://127.0.0.1:" + proxy.listeningPort();
            // base64 asked for, floats answered: the proxy holds each answer to convert it (one it would pass on unchanged, it never holds)
            var calls = java.util.stream.IntStream.range(0, 4).mapToObj(i -> clients.submit(() ->
                    Http.post(base + "/v1/embeddings", "{\"model\":\"m\",\"input\":[\"a\"],\"encoding_format\":\"base64\"}"))).toList();
            int refused = 0;
            for (var call : calls) {
                Http.Response r = call.get(2, TimeUnit.MINUTES);
                if (r.status() == 200) continue;
                assertEquals(503, r.status(), r.body().substring(0, Math.min(300, r.body().length())));
                assertEquals("out_of_memory", r.error().get("code"), r.body());
                assertEquals("1", r.header("retry-after"));
                refused++;
            }
            assertTrue(refused > 0, "a 64 MB heap holds four 20 MB answers of numbers at once: make them larger");
            // (the proxy refuses them before they fill the heap: one alone may take a quarter of the heap, 16 MB here)
            assertEquals(200, Http.post(base + "/v1/chat/completions", CHAT).status(), proxy.toString());
            assertCutAtTheDeadline(upstream, base, "the deadline sweeper still runs");
        }
    }

    /** A stream whose next event does not fit in the heap ends with an error event, as a stream's other errors do; the proxy serves on. */
    @Test
    void aStreamThatRunsTheHeapOutEndsWithAnErrorEvent() {
        String[] events = Fixtures.read("openai/chat/stream.txt").split("\n\n");
        // one 30 MB event: under general_settings.max_response_size_mb (32 MB), over what a 64 MB heap holds
        String huge = events[1].replace("\"content\":\"Hello\"", "\"content\":\"" + "x".repeat(30 << 20) + "\"");
        String raw = events[0] + "\n\n" + events[1] + "\n\n" + huge + "\n\ndata: [DONE]\n\n";
        try (var upstream = FakeUpstream.start().onStreamOrNot("/v1/chat/completions",
                FakeUpstream.json(200, Fixtures.read("openai/chat/response.json")), FakeUpstream.sse(raw, 0));
             var proxy = smallHeapProxy(upstream)) {
            String base = "http://127.0.0.1:" + proxy.listeningPort();
            var r = Http.post(base + "/v1/chat/completions", CHAT.replace("}]}", "}],\"stream\":true}"));
            assertEquals(200, r.status(), r.body());
            var data = FakeUpstream.dataOf(r.body());
            assertTrue(data.get(1).contains("\"content\":\"Hello\""), "the events before it were relayed: " + data.get(1));
            String last = data.getLast();
            assertTrue(last.startsWith("{\"error\"") && last.contains("\"out_of_memory\""), last.substring(0, Math.min(300, last.length())));
            assertFalse(r.body().contains("xxxxxxxxxx"), "no part of the event that did not fit");
            assertEquals(200, Http.post(base + "/v1/chat/completions", CHAT).status(), proxy.toString());
        }
    }

    /** The proxy for openai/m at {@code upstream}, in a 64 MB heap and without the start-up cache: one made for another heap size may not map. */
    private static Launched smallHeapProxy(FakeUpstream upstream, String... flags) {
        var args = new java.util.ArrayList<>(List.of("--java-options=-Xmx64m", "--java-options=-XX:AOTMode=off",
                "litellm.java", "--port", "0", "--model", "openai/m", "--api_base", upstream.baseUrl() + "/v1"));
        args.addAll(List.of(flags));
        return Launched.jbang(Map.of("OPENAI_API_KEY", "sk-x"), args.toArray(String[]::new));
    }

    /** A chat call the upstream never answers ends in a 504 at the proxy's 2 s deadline, long before the upstream's 30 s. */
    private static void assertCutAtTheDeadline(FakeUpstream upstream, String base, String why) {
        upstream.on("/v1/chat/completions", exchange -> Thread.sleep(30_000));
        long start = System.nanoTime();
        assertEquals(504, Http.post(base + "/v1/chat/completions", CHAT).status(), why);
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20), why);
    }

    @Test
    void aConfigIsServedAndItsEditsApplyWhileRunning(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        var config = dir.resolve("config.yaml");
        java.nio.file.Files.writeString(config, "model_list:\n  - model_name: first\n    litellm_params: {model: offline/echo}\n");
        try (var proxy = Launched.jbang(Map.of(), "litellm.java", "--config", config.toString(), "--port", "0")) {
            int port = proxy.listeningPort();
            String models = "http://127.0.0.1:" + port + "/models";
            assertTrue(Http.get(models).body().contains("\"first\""));
            java.nio.file.Files.writeString(config, "model_list:\n  - model_name: first\n    litellm_params: {model: offline/echo}\n"
                    + "  - model_name: second\n    litellm_params: {model: offline/echo}\n");
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!Http.get(models).body().contains("\"second\"") && System.nanoTime() < deadline) Thread.sleep(100);
            assertTrue(Http.get(models).body().contains("\"second\""), proxy.toString());
        }
    }

    @Test
    void aBadConfigStopsStartUpWithFileLineAndPath(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        var config = dir.resolve("config.yaml");
        java.nio.file.Files.writeString(config, "model_list:\n  - model_name: a\n    litellm_params:\n      model: openai/a\n      rpm: lots\n");
        var run = Launched.jbang(Map.of(), "litellm.java", "--config", config.toString(), "--port", String.valueOf(Launched.freePort()));
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().contains(config + ":5:12: model_list[0].litellm_params.rpm: expected a number"), run.err());
    }
}
