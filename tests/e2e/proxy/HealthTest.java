package litellm.e2e.proxy;

import litellm.LiteLLM;
import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.Launched;
import litellm.testing.Opened;
import litellm.testing.ProxyUnderTest;
import litellm.testing.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static litellm.testing.FakeUpstream.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LiteLLM's health and info endpoints: /health (a call to each deployment), liveliness, readiness, /model/info. */
class HealthTest {
    static final String CHAT_PATH = "/v1/chat/completions";
    static final String RESPONSE = Fixtures.read("openai/chat/response.json");
    static final String ERROR_500 = Fixtures.read("openai/errors/500-server-error.json");
    static final String KEY = "sk-deployment-key-never-shown-42";
    static final Map<String, String> MASTER = Map.of("Authorization", "Bearer sk-master-1234");

    @TempDir
    Path dir;
    @RegisterExtension
    final Opened opened = new Opened();

    FakeUpstream upstream(FakeUpstream.Reply reply) {
        return opened.upstream(CHAT_PATH, reply, reply);
    }

    static String entry(String name, String id, FakeUpstream u, String... more) {
        StringBuilder s = new StringBuilder("  - model_name: " + name + "\n    litellm_params:\n      model: openai/gpt-4o-mini\n      api_base: "
                + u.baseUrl() + "/v1\n      api_key: " + KEY + "\n");
        for (String m : more) s.append("      ").append(m).append('\n');
        return s.append("    model_info: {id: ").append(id).append("}\n").toString();
    }

    static void noKey(Http.Response r) {
        assertFalse(r.body().contains(KEY), r.body());
        assertFalse(r.body().contains("sk-master-1234"), r.body());
    }

    @Test
    @SuppressWarnings("unchecked")
    void healthCallsEveryDeploymentAtOnceAndSortsThemHealthyAndUnhealthy() throws Exception {
        // Both "slow" deployments answer only once both calls have arrived: called one after the other, neither would
        CountDownLatch both = new CountDownLatch(2);
        FakeUpstream.Reply together = exchange -> {
            both.countDown();
            if (!both.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("not called at once");
            json(200, RESPONSE).send(exchange);
        };
        FakeUpstream a = upstream(together), b = upstream(together), failing = upstream(json(500, ERROR_500)), silent = upstream(FakeUpstream.hang());
        var proxy = opened.proxy(dir, "model_list:\n" + entry("gpt", "gpt-a", a) + entry("gpt", "gpt-b", b) + entry("broken", "broken-1", failing)
                + entry("silent", "silent-1", silent, "timeout: 1") + "general_settings:\n  master_key: sk-master-1234\n");

        assertEquals(401, Http.get(proxy.url("/health")).status(), "it calls the models: only with the master key");
        var r = Http.get(proxy.url("/health"), MASTER);
        assertEquals(200, r.status(), r.body());
        noKey(r);
        Map<String, Object> health = r.json();
        assertEquals(2, health.get("healthy_count"));
        assertEquals(2, health.get("unhealthy_count"));
        var healthy = (List<Map<String, Object>>) health.get("healthy_endpoints");
        assertEquals(List.of("gpt-a", "gpt-b"), healthy.stream().map(e -> e.get("model_id")).toList());
        assertEquals("openai/gpt-4o-mini", healthy.get(0).get("model"));
        assertEquals(a.baseUrl() + "/v1", healthy.get(0).get("api_base"));
        var unhealthy = (List<Map<String, Object>>) health.get("unhealthy_endpoints");
        assertEquals(List.of("broken-1", "silent-1"), unhealthy.stream().map(e -> e.get("model_id")).toList());
        assertTrue(unhealthy.get(0).get("error").toString().startsWith("500 "), unhealthy.get(0).toString());
        assertTrue(unhealthy.get(1).get("error").toString().startsWith("504 "), "the deployment's own timeout: " + unhealthy.get(1));
        Map<String, Object> sent = a.last().json();
        assertEquals(5, sent.get("max_tokens"), "a tiny call");
        assertEquals("Bearer " + KEY, a.last().headers().get("authorization"), "with the deployment's key");

        var one = Http.get(proxy.url("/health?model=broken"), MASTER).json();
        assertEquals(0, one.get("healthy_count"));
        assertEquals(1, one.get("unhealthy_count"));
        assertEquals(400, Http.get(proxy.url("/health?model=nope"), MASTER).status());
    }

    @Test
    void anEmbeddingModelIsCheckedWithAnEmbedding() throws Exception {
        FakeUpstream u = opened.add(FakeUpstream.start().on("/v1/embeddings", json(200, Fixtures.read("openai/embeddings/response.json"))));
        var proxy = opened.proxy(dir, "model_list:\n  - model_name: embed\n    litellm_params: {model: openai/text-embedding-3-small, api_base: "
                + u.baseUrl() + "/v1, api_key: " + KEY + "}\n    model_info: {mode: embedding}\n");
        var health = Http.get(proxy.url("/health")).json();
        assertEquals(1, health.get("healthy_count"), health.toString());
        assertEquals("/v1/embeddings", u.last().path());
    }

    @Test
    void livelinessAnswersWithoutAKey() throws Exception {
        FakeUpstream u = upstream(json(200, RESPONSE));
        var proxy = opened.proxy(dir, "model_list:\n" + entry("gpt", "gpt-1", u) + "general_settings:\n  master_key: sk-master-1234\n");
        for (String path : List.of("/health/liveliness", "/health/liveness")) {
            var r = Http.get(proxy.url(path));
            assertEquals(200, r.status());
            assertEquals("\"I'm alive!\"", r.body());
        }
        assertEquals(0, u.received().size(), "no model is called");
    }

    @Test
    void readinessSaysWhatIsConfiguredAndTurnsFalseWhileStoppingOrADependencyIsDown() throws Exception {
        FakeUpstream u = upstream(json(200, RESPONSE));
        var proxy = opened.proxy(dir, "model_list:\n" + entry("gpt", "gpt-1", u) + """
                litellm_settings:
                  success_callback: ["prometheus"]
                  cache: true
                  cache_params: {type: local}
                general_settings:
                  master_key: sk-master-1234
                """);
        var r = Http.get(proxy.url("/health/readiness"));
        assertEquals(200, r.status(), r.body());
        Map<String, Object> ready = r.json();
        assertEquals("healthy", ready.get("status"));
        assertEquals("Not connected", ready.get("db"));
        assertEquals("local", ready.get("cache"));
        assertEquals(LiteLLM.VERSION, ready.get("litellm_version"));
        assertEquals(List.of("prometheus"), ready.get("success_callbacks"));

        proxy.server().readiness().requires("db", () -> null);
        assertEquals("connected", Http.get(proxy.url("/health/readiness")).json().get("db"));
        proxy.server().readiness().requires("db", () -> "connection refused");
        var down = Http.get(proxy.url("/health/readiness"));
        assertEquals(503, down.status());
        assertTrue(down.error().get("message").toString().contains("db: connection refused"), down.body());
        proxy.server().readiness().requires("db", () -> null);

        proxy.server().readiness().stopping();
        var stopping = Http.get(proxy.url("/health/readiness"));
        assertEquals(503, stopping.status());
        assertEquals("shutting_down", stopping.error().get("code"));
        assertEquals(200, Http.get(proxy.url("/health/liveliness")).status(), "alive while it stops");
    }

    @Test
    void readinessPingsTheCachesRedis() throws Exception {
        FakeUpstream u = upstream(json(200, RESPONSE));
        int closed = Launched.freePort();
        var proxy = opened.proxy(dir, "model_list:\n" + entry("gpt", "gpt-1", u)
                + "litellm_settings:\n  cache: true\n  cache_params: {type: redis, host: 127.0.0.1, port: " + closed + "}\n");
        var down = Http.get(proxy.url("/health/readiness"));
        assertEquals(503, down.status(), down.body());
        assertTrue(down.error().get("message").toString().contains("Redis at 127.0.0.1:" + closed), down.body());

        try (RedisServer redis = RedisServer.start()) {
            var up = opened.proxy(dir, "model_list:\n" + entry("gpt", "gpt-1", u)
                    + "litellm_settings:\n  cache: true\n  cache_params: {type: redis, host: 127.0.0.1, port: " + redis.port() + "}\n");
            var r = Http.get(up.url("/health/readiness"));
            assertEquals(200, r.status(), r.body());
            assertEquals("redis", r.json().get("cache"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void modelInfoListsEveryDeploymentWithoutItsSecrets() throws Exception {
        FakeUpstream u = upstream(json(200, RESPONSE));
        var proxy = opened.proxy(dir, "model_list:\n" + entry("gpt", "gpt-1", u, "rpm: 100", "input_cost_per_token: 0.001",
                "headers: {Authorization: Bearer " + KEY + ", X-Team: blue}") + """
                  - model_name: claude
                    litellm_params: {model: anthropic/claude-3-5-sonnet-20240620, api_key: %s}
                    model_info: {mode: chat, base_model: claude-3-5-sonnet}
                general_settings:
                  master_key: sk-master-1234
                """.formatted(KEY));
        assertEquals(401, Http.get(proxy.url("/model/info")).status());
        for (String path : List.of("/model/info", "/v1/model/info")) {
            var r = Http.get(proxy.url(path), MASTER);
            assertEquals(200, r.status(), r.body());
            noKey(r);
            var data = (List<Map<String, Object>>) r.json().get("data");
            assertEquals(List.of("gpt", "claude"), data.stream().map(d -> d.get("model_name")).toList());
            var params = (Map<String, Object>) data.get(0).get("litellm_params");
            assertEquals("openai/gpt-4o-mini", params.get("model"));
            assertEquals(u.baseUrl() + "/v1", params.get("api_base"));
            assertNull(params.get("api_key"));
            assertEquals(100, params.get("rpm"));
            assertEquals("blue", ((Map<String, Object>) params.get("headers")).get("X-Team"));
            var info = (Map<String, Object>) data.get(0).get("model_info");
            assertEquals("gpt-1", info.get("id"));
            assertEquals("openai", info.get("litellm_provider"));
            assertEquals(0.001, info.get("input_cost_per_token"));
            var claude = (Map<String, Object>) data.get(1).get("model_info");
            assertEquals("claude-3-5-sonnet", claude.get("base_model"));
            assertTrue(claude.get("id").toString().matches("[0-9a-f]{64}"));
            assertTrue(claude.get("max_input_tokens") instanceof Number, "from the model table: " + claude);
        }
        var one = Http.get(proxy.url("/model/info?litellm_model_id=gpt-1"), MASTER).json();
        assertEquals(1, ((List<?>) one.get("data")).size());
    }
}
