package litellm.e2e.proxy;

import litellm.config.ConfigError;
import litellm.config.ConfigFile;
import litellm.provider.ProviderScripts;
import litellm.testing.Configs;
import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.Launched;
import litellm.testing.OpenAiResponses;
import litellm.testing.ProxyUnderTest;
import litellm.testing.RedisServer;
import litellm.testing.Stderr;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static litellm.testing.FakeUpstream.json;
import static litellm.testing.FakeUpstream.sse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LiteLLM's response cache ({@code litellm_settings.cache: true}): in this process, or in a real Redis shared by proxies. */
class CacheTest {
    static final String CHAT_PATH = "/v1/chat/completions";
    static final String CHAT = "{\"model\":\"gpt-3.5-turbo\",\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}],\"temperature\":0.2%s}";

    @TempDir
    Path dir;
    FakeUpstream openai;
    /** Each test's own keys: the in-process cache is the JVM's, shared by every test. */
    final String namespace = UUID.randomUUID().toString();

    @BeforeEach
    void start() {
        openai = FakeUpstream.start()
                .onStreamOrNot(CHAT_PATH, json(200, Fixtures.read("openai/chat/response.json")), sse(Fixtures.read("openai/chat/stream.txt"), 0))
                .on("/v1/embeddings", json(200, Fixtures.read("openai/embeddings/response.json")));
    }

    @AfterEach
    void stop() {
        openai.close();
    }

    String config(String cacheParams) {
        return "model_list:\n" + Configs.gpt35At(openai) + """
                  - model_name: text-embedding-3-small
                    litellm_params: {model: openai/text-embedding-3-small, api_base: %s/v1, api_key: sk-openai-test}
                litellm_settings:
                  cache: true
                  cache_params: {namespace: %s, %s}
                """.formatted(openai.baseUrl(), namespace, cacheParams);
    }

    static String chat(String prompt, String more) {
        return CHAT.formatted(prompt, more);
    }

    int chatCalls() {
        return (int) openai.received().stream().filter(r -> r.path().equals(CHAT_PATH)).count();
    }

    @Test
    void aRepeatedRequestIsAnsweredFromTheCacheWithoutCallingTheProvider() throws Exception {
        try (var proxy = ProxyUnderTest.withConfig(dir, config("type: local"))) {
            var first = Http.post(proxy.url("/chat/completions"), chat("hi", ",\"cache\":{\"ttl\":60}"));
            assertEquals(200, first.status(), first.body());
            assertFalse(openai.last().json().containsKey("cache"), "the cache's controls are LiteLLM's own: no provider gets them");
            var again = Http.post(proxy.url("/chat/completions"), "{\"temperature\":0.2,\"messages\":[{\"content\":\"hi\",\"role\":\"user\"}],\"model\":\"gpt-3.5-turbo\"}");
            assertEquals(first.json(), again.json(), "the same answer, id and all");
            assertEquals(1, chatCalls(), "the same request in another key order is the same request");

            assertEquals(200, Http.post(proxy.url("/chat/completions"), chat("hi", ",\"top_p\":0.5")).status());
            assertEquals(2, chatCalls(), "another parameter is another request");
        }
    }

    @Test
    void aRequestSteersTheCacheAsWithLiteLlm() throws Exception {
        try (var proxy = ProxyUnderTest.withConfig(dir, config("type: local"))) {
            assertEquals(200, Http.post(proxy.url("/chat/completions"), chat("a", "")).status());
            assertEquals(200, Http.post(proxy.url("/chat/completions"), chat("a", ",\"cache\":{\"no-cache\":true}")).status());
            assertEquals(2, chatCalls(), "no-cache: not read");
            assertEquals(200, Http.post(proxy.url("/chat/completions"), chat("a", ",\"caching\":false")).status());
            assertEquals(3, chatCalls(), "caching false: off");

            assertEquals(200, Http.post(proxy.url("/chat/completions"), chat("b", ",\"cache\":{\"no-store\":true}")).status());
            assertEquals(200, Http.post(proxy.url("/chat/completions"), chat("b", "")).status());
            assertEquals(5, chatCalls(), "no-store: not kept");

            assertEquals(200, Http.post(proxy.url("/chat/completions"), chat("c", ",\"cache\":{\"ttl\":0.2}")).status());
            Thread.sleep(400);
            assertEquals(200, Http.post(proxy.url("/chat/completions"), chat("c", "")).status());
            assertEquals(7, chatCalls(), "ttl: kept 0.2 s");

            Thread.sleep(50);
            assertEquals(200, Http.post(proxy.url("/chat/completions"), chat("c", ",\"cache\":{\"s-maxage\":0.01}")).status());
            assertEquals(8, chatCalls(), "s-maxage: an answer older than that is not taken");
            assertEquals(200, Http.post(proxy.url("/chat/completions"), chat("c", ",\"cache\":{\"s-maxage\":600}")).status());
            assertEquals(8, chatCalls());

            var bad = Http.post(proxy.url("/chat/completions"), chat("d", ",\"cache\":\"yes\""));
            assertEquals(400, bad.status());
            assertEquals("cache", bad.error().get("param"));
        }
    }

    @Test
    void aStreamIsServedFromAWholeAnswerAndAStreamedAnswerServesTheNextRequest() throws Exception {
        try (var proxy = ProxyUnderTest.withConfig(dir, config("type: local"))) {
            var whole = Http.post(proxy.url("/chat/completions"), chat("hi", ""));
            List<String> data = Http.streamData(proxy.url("/chat/completions"), chat("hi", ",\"stream\":true"));
            assertEquals(1, chatCalls());
            assertEquals("[DONE]", data.getLast());
            assertEquals(content(whole.json()), joined(data));

            List<String> streamed = Http.streamData(proxy.url("/chat/completions"), chat("tell me more", ",\"stream\":true"));
            assertEquals(2, chatCalls());
            var cached = Http.post(proxy.url("/chat/completions"), chat("tell me more", ""));
            assertEquals(2, chatCalls(), "the stream's answer was kept whole");
            assertEquals(joined(streamed), content(cached.json()));
            assertTrue(joined(streamed).length() > 10);
        }
    }

    @Test
    void aStreamedAnswerKeptWholeKeepsTheProvidersOwnFields() throws Exception {
        // Gemini signs a streamed text answer in its last delta: the signature must go back with the text next turn
        try (FakeUpstream gemini = FakeUpstream.start().on("/v1beta/models/gemini-3-pro-preview:streamGenerateContent",
                sse(Fixtures.read("gemini/streamGenerateContent-thinking-signed-sse.txt"), 0))) {
            String yaml = "model_list:\n  - model_name: g\n    litellm_params: {model: gemini/gemini-3-pro-preview, api_base: " + gemini.baseUrl()
                    + "/v1beta, api_key: k}\nlitellm_settings:\n  cache: true\n  cache_params: {type: local, namespace: " + namespace + "}\n";
            try (var proxy = ProxyUnderTest.withConfig(dir, yaml)) {
                String ask = "{\"model\":\"g\",\"messages\":[{\"role\":\"user\",\"content\":\"bat and ball\"}]";
                var delta = Http.streamData(proxy.url("/chat/completions"), ask + ",\"stream\":true}").stream()
                        .filter(d -> d.contains("provider_specific_fields")).map(OpenAiResponses::delta).findFirst().orElseThrow();
                var message = OpenAiResponses.message(Http.post(proxy.url("/chat/completions"), ask + "}").json());
                assertEquals(1, gemini.received().size(), "served from the cache");
                assertEquals(delta.get("provider_specific_fields"), message.get("provider_specific_fields"));
            }
        }
    }

    @Test
    void supportedCallTypesSayWhatIsCached() throws Exception {
        try (var proxy = ProxyUnderTest.withConfig(dir, config("type: local, supported_call_types: [embedding]"))) {
            String embed = "{\"model\":\"text-embedding-3-small\",\"input\":\"The food was delicious\"}";
            var first = Http.post(proxy.url("/embeddings"), embed);
            assertEquals(200, first.status(), first.body());
            assertEquals(first.json(), Http.post(proxy.url("/embeddings"), embed).json());
            assertEquals(1, openai.received().stream().filter(r -> r.path().equals("/v1/embeddings")).count());

            assertEquals(200, Http.post(proxy.url("/chat/completions"), chat("hi", "")).status());
            assertEquals(200, Http.post(proxy.url("/chat/completions"), chat("hi", "")).status());
            assertEquals(2, chatCalls(), "chat is not among the call types");
        }
    }

    @Test
    void redisIsSharedByEveryProxyThatUsesIt() throws Exception {
        try (var redis = RedisServer.start()) {
            // the same Redis named by host and port, and by LiteLLM's url form
            String byHost = config("type: redis, host: 127.0.0.1, port: " + redis.port()), byUrl = config("type: redis, url: 'redis://127.0.0.1:" + redis.port() + "'");
            try (var a = ProxyUnderTest.withConfig(dir, byHost); var b = ProxyUnderTest.withConfig(Files.createDirectories(dir.resolve("b")), byUrl)) {
                var first = Http.post(a.url("/chat/completions"), chat("hi", ""));
                assertEquals(200, first.status(), first.body());
                assertEquals(first.json(), Http.post(b.url("/chat/completions"), chat("hi", "")).json());
                assertEquals(1, chatCalls(), "the second proxy found the first one's answer");
                assertEquals(1, redis.keys());
            }
        }
    }

    @Test
    void aRedisThatIsDownCostsNoCall() throws Exception {
        int closed = Launched.freePort();
        try (var proxy = ProxyUnderTest.withConfig(dir, config("type: redis, host: 127.0.0.1, port: " + closed))) {
            String log = Stderr.of(() -> {
                assertEquals(200, Http.post(proxy.url("/chat/completions"), chat("hi", "")).status());
                assertEquals(200, Http.post(proxy.url("/chat/completions"), chat("hi", "")).status());
            });
            assertEquals(2, chatCalls(), "served uncached");
            assertTrue(log.contains("cache: could not read Redis at 127.0.0.1:" + closed), log);
        }
    }

    @Test
    void aCacheTypeLiteLlmHasAndThisProxyHasNotStopsTheConfig() {
        var e = assertThrows(ConfigError.class, () -> ConfigFile.parse("config.yaml", config("type: s3"), new ProviderScripts(null)::exists, name -> null));
        assertTrue(e.getMessage().contains("litellm_settings.cache_params.type: cache type 's3' is not one litellm.java has"), e.getMessage());
        String noParams = config("type: s3").replace("  cache_params: {namespace: " + namespace + ", type: s3}\n", "");
        var port = assertThrows(ConfigError.class, () -> ConfigFile.parse("config.yaml", noParams, new ProviderScripts(null)::exists,
                name -> name.equals("REDIS_PORT") ? "six-three-seven-nine" : null));
        assertTrue(port.getMessage().contains("the Redis port 'six-three-seven-nine' (REDIS_PORT) is not a number"), port.getMessage());
    }

    static String content(Map<String, Object> response) {
        return (String) OpenAiResponses.message(response).get("content");
    }

    /** The text of a stream's deltas, joined. */
    static String joined(List<String> data) {
        StringBuilder text = new StringBuilder();
        for (String d : data)
            if (!d.equals("[DONE]") && OpenAiResponses.delta(d).get("content") instanceof String s) text.append(s);
        return text.toString();
    }
}
