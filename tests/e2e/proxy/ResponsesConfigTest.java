package litellm.e2e.proxy;

import com.openai.models.responses.ResponseCreateParams;
import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.OpenAiSdk;
import litellm.testing.ProxyUnderTest;
import litellm.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static litellm.testing.FakeUpstream.json;
import static litellm.testing.FakeUpstream.sse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * /v1/responses with a config, as chat is served: the response cache, the callbacks (call type {@code responses}), the
 * budget, the router's fallbacks; and stored responses in the cache's Redis, shared by every proxy on it.
 */
class ResponsesConfigTest {
    static final String PATH = "/v1/chat/completions";
    static final String ASK = "{\"model\":\"chat\",\"input\":\"hi\"%s}";

    @TempDir
    Path dir;
    FakeUpstream primary;
    FakeUpstream backup;
    final String namespace = UUID.randomUUID().toString();

    @BeforeEach
    void start() {
        primary = FakeUpstream.start().onStreamOrNot(PATH, json(200, Fixtures.read("openai/chat/response.json")), sse(Fixtures.read("openai/chat/stream.txt"), 0));
        backup = FakeUpstream.start().onStreamOrNot(PATH, json(200, Fixtures.read("openai/chat/response.json").replace("Hello! How can I assist you today?", "From the backup.")),
                sse(Fixtures.read("openai/chat/stream.txt"), 0));
    }

    @AfterEach
    void stop() {
        primary.close();
        backup.close();
    }

    /** A chat-only model (vLLM's server), so that the responses go through the translation, with a price per token. */
    String config(String more) {
        return """
                model_list:
                  - model_name: chat
                    litellm_params: {model: vllm/qwen, api_base: %s/v1, input_cost_per_token: 0.001, output_cost_per_token: 0.002}
                  - model_name: backup
                    litellm_params: {model: vllm/qwen, api_base: %s/v1}
                %s
                """.formatted(primary.baseUrl(), backup.baseUrl(), more);
    }

    long calls(FakeUpstream upstream) {
        return upstream.received().stream().filter(r -> r.path().equals(PATH)).count();
    }

    @Test
    void aRepeatedResponsesRequestIsAnsweredFromTheCacheAlsoAsAStream() throws Exception {
        try (var proxy = ProxyUnderTest.withConfig(dir, config("litellm_settings:\n  cache: true\n  cache_params: {type: local, namespace: " + namespace + "}"))) {
            var first = Http.post(proxy.url("/v1/responses"), ASK.formatted(""));
            assertEquals(200, first.status(), first.body());
            var again = Http.post(proxy.url("/v1/responses"), ASK.formatted(""));
            assertEquals(first.json(), again.json());
            assertEquals(1, calls(primary));

            var streamed = OpenAiSdk.streamed(proxy, ResponseCreateParams.builder().model("chat").input("hi").build());
            assertEquals(1, calls(primary), "the cached response, replayed as events");
            assertEquals("response.completed", streamed.types().getLast());
            assertEquals(first.json().get("id"), streamed.response().id());
            assertEquals("Hello! How can I assist you today?", streamed.response().output().getFirst().asMessage().content().getFirst().asOutputText().text());
        }
    }

    @Test
    void theCallbacksGetEachResponsesCallWithItsUsage() throws Exception {
        Path callbacks = Files.createDirectories(dir.resolve("callbacks")), out = dir.resolve("calls.jsonl");
        Files.writeString(callbacks.resolve("custom_callbacks.groovy"), """
                void onSuccess(CallLog call) {
                    new File('%s') << toJson([type: call.callType(), usage: call.usage(), cost: call.cost(), status: call.response().status]) + '\\n'
                }
                """.formatted(out.toString().replace("\\", "/")));
        String yaml = "environment_variables:\n  LITELLM_CALLBACKS: " + callbacks + "\n" + config("litellm_settings:\n  callbacks: [custom_callbacks.proxy_handler_instance]");
        try (var proxy = ProxyUnderTest.withConfig(dir, yaml)) {
            assertEquals(200, Http.post(proxy.url("/v1/responses"), ASK.formatted("")).status());
            Http.stream(proxy.url("/v1/responses"), ASK.formatted(",\"stream\":true"), d -> {});
            List<Map<String, Object>> lines = awaitLines(out, 2);
            for (var line : lines) {
                assertEquals("responses", line.get("type"));
                assertEquals("completed", line.get("status"));
            }
            assertEquals(19, ((Map<?, ?>) lines.get(0).get("usage")).get("prompt_tokens"));
            assertEquals(19 * 0.001 + 10 * 0.002, (Double) lines.get(0).get("cost"), 1e-9);
            assertEquals(17, ((Map<?, ?>) lines.get(1).get("usage")).get("total_tokens"), "the stream's usage, from its response.completed");
        }
    }

    @Test
    void theBudgetCountsResponsesCalls() throws Exception {
        try (var proxy = ProxyUnderTest.withConfig(dir, config("litellm_settings:\n  max_budget: 0.05"))) {
            Http.Response refused = null;
            for (int i = 0; i < 100 && refused == null; i++) {
                var r = Http.post(proxy.url("/v1/responses"), ASK.formatted(""));
                if (r.status() != 200) refused = r;
                else Thread.sleep(100); // the spend is counted just after each call
            }
            assertTrue(refused != null, "the budget never refused a call");
            assertEquals(400, refused.status());
            assertEquals("budget_exceeded", refused.error().get("code"));
            long calls = calls(primary);
            assertTrue(calls >= 2 && calls <= 20, calls + " calls before the refusal; a call costs 0.039: one of the first past 0.05 is refused, not the hundredth");
        }
    }

    @Test
    void aFailingDeploymentFallsBackAsChatDoes() throws Exception {
        primary.on(PATH, json(500, Fixtures.read("openai/errors/500-server-error.json")));
        try (var proxy = ProxyUnderTest.withConfig(dir, config("litellm_settings:\n  fallbacks: [{chat: [backup]}]"))) {
            var r = Http.post(proxy.url("/v1/responses"), ASK.formatted(""));
            assertEquals(200, r.status(), r.body());
            var message = (Map<?, ?>) ((List<?>) r.json().get("output")).getFirst();
            assertEquals("From the backup.", ((Map<?, ?>) ((List<?>) message.get("content")).getFirst()).get("text"));
            assertEquals(1, calls(backup));

            var streamed = OpenAiSdk.streamed(proxy, ResponseCreateParams.builder().model("chat").input("hi").build());
            assertEquals("Hello! How can I help?", streamed.response().output().getFirst().asMessage().content().getFirst().asOutputText().text());
            assertEquals(2, calls(backup), "a stream falls back before its first event");
        }
    }

    @Test
    void storedResponsesLiveInTheCachesRedisForEveryProxyOnIt() throws Exception {
        try (var redis = RedisServer.start()) {
            String yaml = config("litellm_settings:\n  cache: true\n  cache_params: {type: redis, host: 127.0.0.1, port: " + redis.port()
                    + ", namespace: " + namespace + ", supported_call_types: [completion]}");
            try (var a = ProxyUnderTest.withConfig(dir, yaml); var b = ProxyUnderTest.withConfig(Files.createDirectories(dir.resolve("b")), yaml)) {
                var first = Http.post(a.url("/v1/responses"), ASK.formatted(""));
                String id = (String) first.json().get("id");
                assertEquals(1, redis.keys(), "the response, stored (responses are not among the cache's call types here)");

                var second = Http.post(b.url("/v1/responses"), "{\"model\":\"chat\",\"input\":\"and then?\",\"previous_response_id\":\"" + id + "\"}");
                assertEquals(200, second.status(), second.body());
                assertEquals(3, ((List<?>) primary.last().json().get("messages")).size(), "the other proxy continued the conversation");
                assertEquals(id, Http.get(b.url("/v1/responses/" + id)).json().get("id"));
                assertEquals(200, deleteStatus(b.url("/v1/responses/" + id)));
                assertEquals(404, Http.get(a.url("/v1/responses/" + id)).status());
            }
        }
    }

    static int deleteStatus(String url) throws IOException, InterruptedException {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).DELETE().build();
        return java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static List<Map<String, Object>> awaitLines(Path file, int n) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            if (Files.exists(file)) {
                var lines = Files.readAllLines(file);
                if (lines.size() >= n) return lines.stream().map(Http::parse).toList();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("fewer than " + n + " lines in " + file);
    }
}
