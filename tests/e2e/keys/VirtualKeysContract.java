package litellm.e2e.keys;

import litellm.keys.Database;
import litellm.keys.VirtualKeys;
import litellm.testing.Eventually;
import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.ProxyUnderTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LiteLLM's virtual keys over the real HTTP path, against one kind of database (the subclasses: PostgreSQL, the
 * embedded default): the key life cycle, each limit, users and teams, the spend log, a restart, two proxies.
 */
abstract class VirtualKeysContract {
    static final String MASTER = "sk-1234";
    static final Map<String, String> AS_MASTER = Map.of("Authorization", "Bearer " + MASTER);
    static final String CHAT = "{\"model\": \"gpt-4o\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}";

    @TempDir
    java.nio.file.Path dir;
    FakeUpstream upstream;
    final List<AutoCloseable> open = new ArrayList<>();

    /** A new connection to the test's database. */
    abstract Database database() throws Exception;

    @BeforeEach
    void upstream() {
        upstream = FakeUpstream.start();
        upstream.on("/v1/chat/completions", FakeUpstream.json(200, Fixtures.read("openai/chat/response.json")));
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open.reversed()) c.close();
        upstream.close();
    }

    String config() {
        String base = upstream.baseUrl() + "/v1";
        return """
                model_list:
                  - model_name: gpt-4o
                    litellm_params: {model: openai/gpt-4o, api_base: %s, api_key: sk-upstream}
                  - model_name: gpt-3.5-turbo
                    litellm_params: {model: openai/gpt-3.5-turbo, api_base: %s, api_key: sk-upstream}
                  - model_name: gpt-4
                    litellm_params: {model: openai/gpt-4, api_base: %s, api_key: sk-upstream}
                    model_info:
                      access_groups: ["beta-models"]
                  - model_name: fireworks-llama-v3-70b-instruct
                    litellm_params: {model: openai/llama-v3-70b-instruct, api_base: %s, api_key: sk-upstream}
                    model_info:
                      access_groups: ["beta-models"]
                general_settings:
                  master_key: sk-1234
                """.formatted(base, base, base, base);
    }

    ProxyUnderTest proxy() throws Exception {
        return proxy(null);
    }

    /** @param shared the Redis the proxies share, for rate limits across them; null for none */
    ProxyUnderTest proxy(litellm.shared.RedisLink shared) throws Exception {
        VirtualKeys keys = VirtualKeys.over(database(), shared);
        java.nio.file.Path own = java.nio.file.Files.createTempDirectory(dir, "proxy");
        ProxyUnderTest proxy = ProxyUnderTest.withConfig(own, config(), keys);
        open.add(keys);
        open.add(proxy);
        return proxy;
    }

    static Http.Response admin(ProxyUnderTest p, String path, String body) {
        return Http.post(p.url(path), body, AS_MASTER);
    }

    static Http.Response chat(ProxyUnderTest p, String key, String model) {
        return Http.post(p.url("/v1/chat/completions"), CHAT.replace("gpt-4o", model), Map.of("Authorization", "Bearer " + key));
    }

    static String generate(ProxyUnderTest p, String body) {
        Http.Response r = admin(p, "/key/generate", body);
        assertEquals(200, r.status(), r.body());
        return (String) r.json().get("key");
    }

    static String sha256(String key) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    }

    static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        Eventually.holds(what, condition);
    }

    /** LiteLLM's readiness names the keys' database: "connected" while it answers. */
    @Test
    void readinessSaysTheDatabaseIsConnected() throws Exception {
        ProxyUnderTest p = proxy();
        Http.Response r = Http.get(p.url("/health/readiness"));
        assertEquals(200, r.status(), r.body());
        assertEquals("connected", r.json().get("db"), r.body());
    }

    @Test
    void aKeysLifeCycleGenerateUseInfoUpdateListRegenerateDelete() throws Exception {
        ProxyUnderTest p = proxy();
        Http.Response made = admin(p, "/key/generate", "{\"models\": [\"gpt-4o\"], \"key_alias\": \"ci\", \"metadata\": {\"team\": \"core\"}}");
        assertEquals(200, made.status(), made.body());
        String key = (String) made.json().get("key");
        assertTrue(key.startsWith("sk-") && key.length() >= 3 + 22, key); // 128 bits at least, base64
        assertEquals(sha256(key), made.json().get("token"));

        assertEquals(200, chat(p, key, "gpt-4o").status());
        refusedNaming(chat(p, key, "gpt-3.5-turbo"), "gpt-3.5-turbo");

        Http.Response info = Http.get(p.url("/key/info?key=" + key), AS_MASTER);
        assertEquals(200, info.status(), info.body());
        assertFalse(info.body().contains(key), "the key itself is never answered again: " + info.body());
        @SuppressWarnings("unchecked") Map<String, Object> i = (Map<String, Object>) info.json().get("info");
        assertEquals("ci", i.get("key_alias"));
        assertEquals(List.of("gpt-4o"), i.get("models"));

        assertEquals(200, admin(p, "/key/update", "{\"key\": \"" + key + "\", \"models\": [\"gpt-4o\", \"gpt-3.5-turbo\"]}").status());
        assertEquals(200, chat(p, key, "gpt-3.5-turbo").status());

        Http.Response list = Http.get(p.url("/key/list"), AS_MASTER);
        assertTrue(((List<?>) list.json().get("keys")).contains(sha256(key)), list.body());
        assertFalse(list.body().contains(key));

        Http.Response regenerated = admin(p, "/key/regenerate", "{\"key\": \"" + key + "\"}");
        assertEquals(200, regenerated.status(), regenerated.body());
        String fresh = (String) regenerated.json().get("key");
        assertEquals(401, chat(p, key, "gpt-4o").status());
        assertEquals(200, chat(p, fresh, "gpt-4o").status());

        Http.Response deleted = admin(p, "/key/delete", "{\"keys\": [\"" + fresh + "\"]}");
        assertEquals(200, deleted.status(), deleted.body());
        Http.Response refused = chat(p, fresh, "gpt-4o");
        assertEquals(401, refused.status(), refused.body());
        assertFalse(refused.body().contains(fresh), "a refused key is not echoed: " + refused.body());
    }

    @Test
    void aVirtualKeyCannotCallTheAdminEndpointsAndAMalformedBodyNamesTheField() throws Exception {
        ProxyUnderTest p = proxy();
        String key = generate(p, "{}");
        Http.Response r = Http.post(p.url("/key/generate"), "{}", Map.of("Authorization", "Bearer " + key));
        assertEquals(401, r.status(), r.body());
        Http.Response bad = admin(p, "/key/generate", "{\"max_budget\": \"ten\"}");
        assertEquals(400, bad.status(), bad.body());
        assertEquals("max_budget", bad.error().get("param"));
        assertEquals(401, chat(p, "sk-never-made", "gpt-4o").status());
        assertEquals(401, Http.post(p.url("/v1/chat/completions"), CHAT).status());
    }

    @Test
    void aSpentBudgetIs400BudgetExceeded() throws Exception {
        ProxyUnderTest p = proxy();
        String key = generate(p, "{\"max_budget\": 0.0001}"); // one call costs $0.0001475 at gpt-4o's prices
        assertEquals(200, chat(p, key, "gpt-4o").status());
        eventually("the budget is spent", () -> chat(p, key, "gpt-4o").status() == 400);
        Http.Response r = chat(p, key, "gpt-4o");
        assertEquals("budget_exceeded", r.error().get("type"), r.body());
    }

    @Test
    void rpmLimitIs429WithRetryAfter() throws Exception {
        ProxyUnderTest p = proxy();
        String key = generate(p, "{\"rpm_limit\": 2}");
        assertEquals(200, chat(p, key, "gpt-4o").status());
        assertEquals(200, chat(p, key, "gpt-4o").status());
        Http.Response third = chat(p, key, "gpt-4o");
        if (third.status() == 200) third = chat(p, key, "gpt-4o"); // the minute turned between the calls
        assertEquals(429, third.status(), third.body());
        assertNotNull(third.header("Retry-After"));
    }

    @Test
    void aKeysAndItsTeamsRateLimitsAreAnsweredAsLiteLLMsHeaders() throws Exception {
        upstream.onStreamOrNot("/v1/chat/completions", FakeUpstream.json(200, Fixtures.read("openai/chat/response.json")),
                FakeUpstream.sse(Fixtures.read("openai/chat/stream-no-usage.txt"), 0));
        ProxyUnderTest p = proxy();
        assertEquals(200, admin(p, "/team/new", "{\"team_id\": \"limited\", \"rpm_limit\": 100}").status());
        String key = generate(p, "{\"rpm_limit\": 5, \"tpm_limit\": 1000, \"team_id\": \"limited\"}");
        long intoMinute = System.currentTimeMillis() % 60_000; // a minute's counts start again at its turn
        if (intoMinute > 50_000) Thread.sleep(60_000 - intoMinute + 500);
        Http.Response first = chat(p, key, "gpt-4o");
        assertEquals(200, first.status(), first.body());
        assertEquals("4", first.header("x-ratelimit-api_key-remaining-requests"), "this call counted");
        assertEquals("5", first.header("x-ratelimit-api_key-limit-requests"));
        assertEquals("1000", first.header("x-ratelimit-api_key-remaining-tokens"));
        assertEquals("1000", first.header("x-ratelimit-api_key-limit-tokens"));
        assertEquals("99", first.header("x-ratelimit-team-remaining-requests"));
        assertEquals("100", first.header("x-ratelimit-team-limit-requests"));
        assertNull(first.header("x-ratelimit-team-limit-tokens"), "the team has no tpm_limit");
        Thread.sleep(1500); // the first call's 29 tokens are counted just after it, off its path
        Http.Response second = chat(p, key, "gpt-4o");
        assertEquals("3", second.header("x-ratelimit-api_key-remaining-requests"), second.body());
        assertEquals("971", second.header("x-ratelimit-api_key-remaining-tokens"), "the first call's tokens");
        Http.Response streamed = Http.stream(p.url("/v1/chat/completions"), CHAT.replace("}]}", "}], \"stream\": true}"),
                Map.of("Authorization", "Bearer " + key), data -> {});
        assertEquals(200, streamed.status(), streamed.body());
        assertNotNull(streamed.header("x-ratelimit-api_key-remaining-requests"), "a stream's headers have them too");
        String master = Http.post(p.url("/v1/chat/completions"), CHAT, AS_MASTER).header("x-ratelimit-api_key-limit-requests");
        assertNull(master, "the master key has no limits");
        Http.Response teamOnly = chat(p, generate(p, "{\"team_id\": \"limited\"}"), "gpt-4o");
        assertEquals(200, teamOnly.status(), teamOnly.body());
        assertNull(teamOnly.header("x-ratelimit-api_key-limit-requests"), "a key without limits of its own");
        assertEquals("100", teamOnly.header("x-ratelimit-team-limit-requests"), "its team's limits still");
        Http.Response unlimited = chat(p, generate(p, "{}"), "gpt-4o");
        assertEquals(200, unlimited.status(), unlimited.body());
        assertTrue(unlimited.headers().keySet().stream().noneMatch(h -> h.toLowerCase().startsWith("x-ratelimit-api_key-") || h.toLowerCase().startsWith("x-ratelimit-team-")),
                "a key with no limits and no team: " + unlimited.headers());
    }

    @Test
    void tpmLimitIs429OnceTheMinutesTokensAreUsed() throws Exception {
        ProxyUnderTest p = proxy();
        String key = generate(p, "{\"tpm_limit\": 20}"); // one call uses 29 tokens
        assertEquals(200, chat(p, key, "gpt-4o").status());
        eventually("the tokens are counted", () -> chat(p, key, "gpt-4o").status() == 429);
    }

    @Test
    void maxParallelRequestsIs429ForTheCallBeyond() throws Exception {
        upstream.on("/v1/chat/completions", FakeUpstream.slow(1500, FakeUpstream.json(200, Fixtures.read("openai/chat/response.json"))));
        ProxyUnderTest p = proxy();
        String key = generate(p, "{\"max_parallel_requests\": 1}");
        CompletableFuture<Http.Response> first = CompletableFuture.supplyAsync(() -> chat(p, key, "gpt-4o"));
        eventually("the first call reached the upstream", () -> !upstream.received().isEmpty());
        assertEquals(429, chat(p, key, "gpt-4o").status());
        assertEquals(200, first.join().status());
        // its place is free again (just after the answer went out: the client may be a moment ahead)
        eventually("the place is free again", () -> chat(p, key, "gpt-4o").status() == 200);
    }

    @Test
    void anExpiredKeyIs401() throws Exception {
        ProxyUnderTest p = proxy();
        String key = generate(p, "{\"duration\": \"1s\"}");
        assertEquals(200, chat(p, key, "gpt-4o").status());
        Thread.sleep(1100);
        Http.Response r = chat(p, key, "gpt-4o");
        assertEquals(401, r.status(), r.body());
        assertTrue(r.error().get("message").toString().contains("Expired"), r.body());
    }

    @Test
    void aTeamsModelsAndAUsersBudgetBoundTheirKeys() throws Exception {
        ProxyUnderTest p = proxy();
        assertEquals(200, admin(p, "/team/new", "{\"team_id\": \"core-infra\", \"models\": [\"gpt-4o\"]}").status());
        String teamKey = generate(p, "{\"team_id\": \"core-infra\"}");
        assertEquals(200, chat(p, teamKey, "gpt-4o").status());
        Http.Response r = chat(p, teamKey, "gpt-3.5-turbo");
        assertEquals(401, r.status(), r.body());
        assertTrue(r.error().get("message").toString().contains("core-infra"), r.body());
        assertEquals(200, admin(p, "/team/member_add", "{\"team_id\": \"core-infra\", \"member\": {\"role\": \"user\", \"user_id\": \"krrish\"}}").status());
        Http.Response team = Http.get(p.url("/team/info?team_id=core-infra"), AS_MASTER);
        assertTrue(team.body().contains("krrish") && team.body().contains(sha256(teamKey)), team.body());

        Http.Response user = admin(p, "/user/new", "{\"user_id\": \"krrish3@berri.ai\", \"max_budget\": 0.0001}");
        assertEquals(200, user.status(), user.body());
        String userKey = (String) user.json().get("key");
        assertEquals(200, chat(p, userKey, "gpt-4o").status());
        eventually("the user's budget is spent", () -> chat(p, userKey, "gpt-4o").status() == 400);
        // a second key of the same user is refused too: the budget is the user's
        String second = generate(p, "{\"user_id\": \"krrish3@berri.ai\"}");
        assertEquals(400, chat(p, second, "gpt-4o").status());
        Http.Response info = Http.get(p.url("/user/info?user_id=krrish3@berri.ai"), AS_MASTER);
        assertEquals(200, info.status(), info.body());
        assertEquals(2, ((List<?>) info.json().get("keys")).size(), info.body());
    }

    @Test
    void eachCallIsInTheSpendLogAndTheReport() throws Exception {
        ProxyUnderTest p = proxy();
        assertEquals(200, admin(p, "/team/new", "{\"team_id\": \"evals\"}").status());
        String key = generate(p, "{\"team_id\": \"evals\", \"user_id\": \"ann\"}");
        assertEquals(200, chat(p, key, "gpt-4o").status());
        String hash = sha256(key);
        eventually("the call is written", () -> !logs(p, "api_key=" + key).isEmpty());
        Map<String, Object> row = logs(p, "api_key=" + key).getFirst();
        assertEquals(hash, row.get("api_key"));
        assertEquals("gpt-4o", row.get("model_group"));
        assertEquals("gpt-4o", row.get("model"));
        assertEquals("ann", row.get("user"));
        assertEquals("evals", row.get("team_id"));
        assertEquals(29, ((Number) row.get("total_tokens")).intValue());
        assertEquals(0.0001475, ((Number) row.get("spend")).doubleValue(), 1e-9);
        assertEquals("success", row.get("status"));
        assertFalse(logs(p, "team_id=evals").isEmpty());
        assertTrue(logs(p, "user_id=nobody").isEmpty());
        eventually("the key's spend is counted", () -> {
            @SuppressWarnings("unchecked") var info = (Map<String, Object>) Http.get(p.url("/key/info?key=" + key), AS_MASTER).json().get("info");
            return ((Number) info.get("spend")).doubleValue() > 0.0001;
        });
        Http.Response report = Http.get(p.url("/global/spend/report?group_by=team"), AS_MASTER);
        assertEquals(200, report.status(), report.body());
        assertTrue(report.body().contains("\"team_name\":\"evals\""), report.body());
    }

    @Test
    void aStreamedCallIsLoggedAndCountedAsAWholeOne() throws Exception {
        upstream.onStreamOrNot("/v1/chat/completions", FakeUpstream.json(200, Fixtures.read("openai/chat/response.json")),
                FakeUpstream.sse(Fixtures.read("openai/chat/stream-no-usage.txt"), 0));
        ProxyUnderTest p = proxy();
        String key = generate(p, "{\"key_alias\": \"streamer\"}");
        List<String> data = new ArrayList<>();
        Http.Response r = Http.stream(p.url("/v1/chat/completions"), CHAT.replace("}]}", "}], \"stream\": true}"),
                Map.of("Authorization", "Bearer " + key), data::add);
        assertEquals(200, r.status(), r.body());
        assertEquals("[DONE]", data.getLast());
        eventually("the stream is written", () -> !logs(p, "api_key=" + key).isEmpty());
        Map<String, Object> row = logs(p, "api_key=" + key).getFirst();
        assertTrue(((Number) row.get("total_tokens")).longValue() > 0, "a stream without usage has its tokens counted: " + row);
        assertTrue(((Number) row.get("spend")).doubleValue() > 0, row.toString());
    }

    @Test
    void regenerateTakesTheKeyInItsPathToo() throws Exception {
        ProxyUnderTest p = proxy();
        String key = generate(p, "{\"models\": [\"gpt-4o\"], \"max_budget\": 5}");
        Http.Response r = admin(p, "/key/" + key + "/regenerate", "");
        assertEquals(200, r.status(), r.body());
        String fresh = (String) r.json().get("key");
        assertEquals(5.0, ((Number) r.json().get("max_budget")).doubleValue());
        assertEquals(401, chat(p, key, "gpt-4o").status());
        assertEquals(200, chat(p, fresh, "gpt-4o").status());
        assertEquals(401, chat(p, fresh, "gpt-3.5-turbo").status(), "the old key's models");
    }

    /** LiteLLM's model access groups (docs/my-website/docs/proxy/model_access_groups.md), and its all-team-models and all-proxy-models. */
    @Test
    void aKeyOrTeamWithAnAccessGroupMayCallEveryModelInItAndNoOther() throws Exception {
        ProxyUnderTest p = proxy();
        String key = generate(p, "{\"models\": [\"beta-models\"]}");
        assertEquals(200, chat(p, key, "gpt-4").status());
        assertEquals(200, chat(p, key, "fireworks-llama-v3-70b-instruct").status());
        refusedNaming(chat(p, key, "gpt-4o"), "gpt-4o");
        assertEquals(List.of("gpt-4", "fireworks-llama-v3-70b-instruct"), modelIds(Http.get(p.url("/v1/models"), Map.of("Authorization", "Bearer " + key))));
        assertEquals(4, modelIds(Http.get(p.url("/v1/models"), AS_MASTER)).size(), "the master key sees every model");

        Http.Response team = admin(p, "/team/new", "{\"models\": [\"beta-models\"]}");
        assertEquals(200, team.status(), team.body());
        String teamKey = generate(p, "{\"team_id\": \"" + team.json().get("team_id") + "\"}");
        assertEquals(200, chat(p, teamKey, "gpt-4").status());
        refusedNaming(chat(p, teamKey, "gpt-3.5-turbo"), "gpt-3.5-turbo");

        assertEquals(200, admin(p, "/team/new", "{\"team_id\": \"narrow\", \"models\": [\"gpt-4o\"]}").status());
        String teamModels = generate(p, "{\"team_id\": \"narrow\", \"models\": [\"all-team-models\"]}");
        assertEquals(200, chat(p, teamModels, "gpt-4o").status());
        assertEquals(401, chat(p, teamModels, "gpt-4").status());
        assertEquals(401, chat(p, generate(p, "{\"models\": [\"all-team-models\"]}"), "gpt-4o").status(), "no team: no team models");
        String every = generate(p, "{\"models\": [\"all-proxy-models\"]}");
        for (String model : List.of("gpt-4o", "gpt-3.5-turbo", "gpt-4")) assertEquals(200, chat(p, every, model).status(), model);

        Http.Response info = Http.get(p.url("/model/info"), AS_MASTER);
        @SuppressWarnings("unchecked") List<Map<String, Object>> data = (List<Map<String, Object>>) info.json().get("data");
        Map<String, Object> gpt4 = data.stream().filter(d -> "gpt-4".equals(d.get("model_name"))).findFirst().orElseThrow();
        assertEquals(List.of("beta-models"), ((Map<?, ?>) gpt4.get("model_info")).get("access_groups"), info.body());
    }

    /** LiteLLM's answer to a model outside a key's: 401, naming the model. */
    static void refusedNaming(Http.Response r, String model) {
        assertEquals(401, r.status(), r.body());
        assertTrue(r.error().get("message").toString().contains(model), r.body());
    }

    @SuppressWarnings("unchecked")
    static List<String> modelIds(Http.Response models) {
        assertEquals(200, models.status(), models.body());
        return ((List<Map<String, Object>>) models.json().get("data")).stream().map(m -> (String) m.get("id")).toList();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> logs(ProxyUnderTest p, String query) {
        Http.Response r = Http.get(p.url("/spend/logs?" + query), AS_MASTER);
        assertEquals(200, r.status(), r.body());
        return (List<Map<String, Object>>) (List<?>) litellm.testing.Http.parse("{\"rows\": " + r.body() + "}").get("rows");
    }

    @Test
    void keysOutliveARestartAndASecondProxySeesADeleteWithinASecond() throws Exception {
        ProxyUnderTest a = proxy();
        String key = generate(a, "{\"models\": [\"gpt-4o\"]}");
        ProxyUnderTest b = proxy();
        assertEquals(200, chat(b, key, "gpt-4o").status());
        assertEquals(200, admin(a, "/key/delete", "{\"keys\": [\"" + key + "\"]}").status());
        long deleted = System.nanoTime();
        eventually("the other proxy refuses it", () -> chat(b, key, "gpt-4o").status() == 401);
        assertTrue(System.nanoTime() - deleted < 1_000_000_000L, "within a second");

        String kept = generate(a, "{\"models\": [\"gpt-4o\"]}");
        for (AutoCloseable c : open.reversed()) c.close();
        open.clear();
        ProxyUnderTest restarted = proxy();
        assertEquals(200, chat(restarted, kept, "gpt-4o").status());
        assertEquals(401, chat(restarted, key, "gpt-4o").status());
    }

    /** LiteLLM's own documented requests (docs/my-website/docs/proxy/virtual_keys.md), trailing commas and all. */
    @Test
    void litellmsDocumentedRequestsRunAsWritten() throws Exception {
        ProxyUnderTest p = proxy();
        assertEquals(200, admin(p, "/team/new", "{\"team_id\": \"core-infra\"}").status());
        String key = generate(p, "{\"models\": [\"gpt-3.5-turbo\", \"gpt-4\", \"claude-2\"], \"duration\": \"20m\",\"metadata\": {\"user\": \"ishaan@berri.ai\"}}");
        assertNotNull(generate(p, """
                {
                  "models": ["gpt-3.5-turbo", "gpt-4", "claude-2"],
                  "duration": "20m",
                  "metadata": {"user": "ishaan@berri.ai"},
                  "team_id": "core-infra",
                  "max_budget": 10,
                }"""));
        assertEquals(200, Http.get(p.url("/key/info?key=" + key), AS_MASTER).status());
        assertEquals(200, admin(p, "/key/update", """
                {
                  "key": "%s",
                  "models": ["gpt-3.5-turbo", "gpt-4", "claude-2"],
                  "metadata": {"user": "ishaan@berri.ai"},
                  "team_id": "core-infra"
                }""".formatted(key)).status());
        Http.Response user = admin(p, "/user/new", """
                {
                  "user_id": "ishaan1",
                  "user_email": "ishaan@litellm.ai",
                  "user_role": "admin",
                  "team_id": "core-infra",
                  "max_budget": 20,
                  "budget_duration": "1h"

                }""");
        assertEquals(200, user.status(), user.body());
        assertEquals(200, admin(p, "/user/new", "{\"models\": [\"azure-models\"], \"max_budget\": 0, \"user_id\": \"krrish3@berri.ai\"}").status());
        Http.Response deleted = admin(p, "/key/delete", "{\n  \"keys\": [\"" + key + "\"]\n}");
        assertEquals(Map.of("deleted_keys", List.of(key)), deleted.json());
    }
}
