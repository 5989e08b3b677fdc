package litellm.e2e.proxy;

import litellm.keys.Database;
import litellm.keys.VirtualKeys;
import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.Opened;
import litellm.testing.PrometheusText;
import litellm.testing.ProxyUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static litellm.testing.FakeUpstream.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code callbacks: ["prometheus"]}: GET /metrics after known traffic, parsed by the text format's rules, with
 * LiteLLM's metric names, label names and the values the traffic makes. The metrics are the JVM's, shared by the
 * tests: each test names its own models and deployment ids.
 */
class PrometheusTest {
    static final String PATH = "/v1/chat/completions";
    static final String RESPONSE = Fixtures.read("openai/chat/response.json"); // 19 prompt + 10 completion tokens
    static final String STREAM = Fixtures.read("openai/chat/stream.txt"); // 9 + 8, its usage at the end
    static final String ERROR_400 = Fixtures.read("openai/errors/400-invalid-param.json");
    static final String ERROR_500 = Fixtures.read("openai/errors/500-server-error.json");
    static final Map<String, String> RATE_LIMITS = Map.of("x-ratelimit-remaining-requests", "4999", "x-ratelimit-remaining-tokens", "159000");
    /** Weight that makes simple-shuffle pick a deployment first all but once in a million. */
    static final String FIRST = "weight: 1000000";

    @TempDir
    Path dir;
    @RegisterExtension
    final Opened opened = new Opened();
    /** This test's own names, so that other tests' traffic in the JVM's metrics does not count. */
    final String run = UUID.randomUUID().toString().substring(0, 8);

    FakeUpstream upstream(FakeUpstream.Reply whole, FakeUpstream.Reply streamed) {
        return opened.upstream(PATH, whole, streamed);
    }

    ProxyUnderTest proxy(String yaml) throws Exception {
        return opened.proxy(dir, yaml);
    }

    static String entry(String name, String id, FakeUpstream u, String... more) {
        StringBuilder s = new StringBuilder("  - model_name: " + name + "\n    litellm_params:\n      model: openai/gpt-4o-mini\n      api_base: "
                + u.baseUrl() + "/v1\n      api_key: sk-test\n");
        for (String m : more) s.append("      ").append(m).append('\n');
        return s.append("    model_info: {id: ").append(id).append("}\n").toString();
    }

    static String chat(String model, boolean stream) {
        return "{\"model\":\"" + model + "\"," + (stream ? "\"stream\":true," : "") + "\"user\":\"end-user-1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    static PrometheusText scrape(ProxyUnderTest proxy) {
        var r = Http.get(proxy.url("/metrics"));
        assertEquals(200, r.status(), r.body());
        assertTrue(r.header("content-type").startsWith("text/plain; version=0.0.4"), r.header("content-type"));
        return PrometheusText.parse(r.body());
    }

    @Test
    void knownTrafficGivesLiteLLMsMetricsNamesLabelsAndValues() throws Exception {
        String gpt = "gpt-" + run, bad = "bad-" + run;
        FakeUpstream ok = upstream(json(200, RESPONSE, RATE_LIMITS), exchange -> {
            RATE_LIMITS.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            FakeUpstream.sse(STREAM, 0).send(exchange);
        });
        FakeUpstream refusing = upstream(json(400, ERROR_400), json(400, ERROR_400));
        var proxy = proxy("model_list:\n" + entry(gpt, gpt + "-id", ok, "input_cost_per_token: 0.001", "output_cost_per_token: 0.002")
                + entry(bad, bad + "-id", refusing) + "litellm_settings:\n  callbacks: [\"prometheus\"]\n");
        for (int i = 0; i < 2; i++) assertEquals(200, Http.post(proxy.url("/v1/chat/completions"), chat(gpt, false)).status());
        assertEquals(200, Http.stream(proxy.url("/v1/chat/completions"), chat(gpt, true), d -> {}).status());
        assertEquals(400, Http.post(proxy.url("/v1/chat/completions"), chat(bad, false)).status());

        PrometheusText m = scrape(proxy);
        Map<String, String> served = Map.of("requested_model", gpt, "model_id", gpt + "-id");
        assertEquals(3, m.value("litellm_proxy_total_requests_metric_total", with(served, "status_code", "200", "route", "/chat/completions", "end_user", "end-user-1")));
        assertEquals(1, m.value("litellm_proxy_total_requests_metric_total", Map.of("requested_model", bad, "status_code", "400")));
        assertEquals(1, m.value("litellm_proxy_failed_requests_metric_total",
                Map.of("requested_model", bad, "model_id", bad + "-id", "exception_status", "400", "exception_class", "Openai.BadRequestError")));
        assertTrue(m.samples("litellm_proxy_failed_requests_metric_total", Map.of("requested_model", gpt)).isEmpty());

        Map<String, String> tokens = with(served, "model", "gpt-4o-mini");
        assertEquals(19 + 19 + 9, m.value("litellm_input_tokens_metric_total", tokens));
        assertEquals(10 + 10 + 8, m.value("litellm_output_tokens_metric_total", tokens));
        assertEquals(29 + 29 + 17, m.value("litellm_total_tokens_metric_total", tokens));
        assertEquals(2 * (19 * 0.001 + 10 * 0.002) + (9 * 0.001 + 8 * 0.002), m.value("litellm_spend_metric_total", Map.of("model_id", gpt + "-id", "model", "gpt-4o-mini", "api_provider", "openai")), 1e-9);

        assertEquals(3, m.value("litellm_request_total_latency_metric_count", served));
        assertEquals(3, m.value("litellm_request_total_latency_metric_bucket", with(served, "le", "+Inf")));
        assertEquals(3, m.value("litellm_llm_api_latency_metric_count", served));
        assertEquals(1, m.value("litellm_llm_api_time_to_first_token_metric_count", served), "the stream's");
        assertTrue(m.value("litellm_request_total_latency_metric_sum", served) > 0);
        assertEquals(1, m.value("litellm_request_total_latency_metric_count", Map.of("requested_model", bad)), "a failure takes time too");

        Map<String, String> deployment = Map.of("model_group", gpt, "model_id", gpt + "-id", "api_provider", "openai",
                "api_base", ok.baseUrl() + "/v1", "litellm_model_name", "openai/gpt-4o-mini");
        assertEquals(4999, m.value("litellm_remaining_requests_metric", deployment));
        assertEquals(159000, m.value("litellm_remaining_tokens_metric", deployment));
        assertEquals(0, m.value("litellm_deployment_state", Map.of("model_id", gpt + "-id", "litellm_model_name", "openai/gpt-4o-mini")), "healthy");

        assertEquals("counter", m.family("litellm_proxy_total_requests_metric").type());
        assertEquals("histogram", m.family("litellm_llm_api_latency_metric").type());
        assertEquals("gauge", m.family("litellm_deployment_state").type());
        assertLabels(m, "litellm_proxy_total_requests_metric_total", "end_user", "hashed_api_key", "api_key_alias", "requested_model", "team",
                "team_alias", "user", "status_code", "user_email", "route", "client_ip", "user_agent", "model_id");
        assertLabels(m, "litellm_proxy_failed_requests_metric_total", "end_user", "hashed_api_key", "api_key_alias", "requested_model", "team",
                "team_alias", "user", "user_email", "exception_status", "exception_class", "route", "client_ip", "user_agent", "model_id");
        assertLabels(m, "litellm_input_tokens_metric_total", "end_user", "hashed_api_key", "api_key_alias", "model", "team", "team_alias",
                "user", "user_email", "requested_model", "model_id");
        assertLabels(m, "litellm_llm_api_latency_metric_count", "model", "hashed_api_key", "api_key_alias", "team", "team_alias",
                "requested_model", "end_user", "user", "model_id");
        assertLabels(m, "litellm_remaining_requests_metric", "model_group", "api_provider", "api_base", "litellm_model_name",
                "hashed_api_key", "api_key_alias", "model_id");
        assertLabels(m, "litellm_deployment_state", "litellm_model_name", "model_id", "api_base", "api_provider");
    }

    static void assertLabels(PrometheusText m, String sample, String... names) {
        for (var s : m.samples(sample, Map.of())) assertEquals(Set.of(names), s.labels().keySet(), sample);
    }

    static Map<String, String> with(Map<String, String> base, String... more) {
        Map<String, String> all = new java.util.HashMap<>(base);
        for (int i = 0; i < more.length; i += 2) all.put(more[i], more[i + 1]);
        return all;
    }

    @Test
    void aDeploymentThatCoolsDownIsCountedAndInOutage() throws Exception {
        String pair = "pair-" + run;
        FakeUpstream failing = upstream(json(500, ERROR_500), json(500, ERROR_500));
        FakeUpstream ok = upstream(json(200, RESPONSE), json(200, RESPONSE));
        var proxy = proxy("model_list:\n" + entry(pair, "down-" + run, failing, FIRST) + entry(pair, "up-" + run, ok, "weight: 1") + """
                litellm_settings:
                  num_retries: 1
                  callbacks: ["prometheus"]
                router_settings:
                  allowed_fails: 0
                  cooldown_time: 60
                """);
        assertEquals(200, Http.post(proxy.url("/v1/chat/completions"), chat(pair, false)).status());
        PrometheusText m = scrape(proxy);
        assertEquals(2, m.value("litellm_deployment_state", Map.of("model_id", "down-" + run)), "complete outage");
        assertEquals(1, m.value("litellm_deployment_cooled_down_total", Map.of("model_id", "down-" + run, "exception_status", "500",
                "api_base", failing.baseUrl() + "/v1", "api_provider", "openai")));
        assertEquals(0, m.value("litellm_deployment_state", Map.of("model_id", "up-" + run)));
        assertEquals(1, m.value("litellm_proxy_total_requests_metric_total", Map.of("requested_model", pair, "model_id", "up-" + run)),
                "the request, counted once, for the deployment that answered");
    }

    @Test
    void cacheHitsAndMissesAreCounted() throws Exception {
        String cached = "cached-" + run;
        FakeUpstream ok = upstream(json(200, RESPONSE), json(200, RESPONSE));
        var proxy = proxy("model_list:\n" + entry(cached, cached + "-id", ok) + """
                litellm_settings:
                  callbacks: ["prometheus"]
                  cache: true
                  cache_params: {type: local, namespace: %s}
                """.formatted(run));
        for (int i = 0; i < 3; i++) assertEquals(200, Http.post(proxy.url("/v1/chat/completions"), chat(cached, false)).status());
        PrometheusText m = scrape(proxy);
        assertEquals(1, m.value("litellm_cache_misses_metric_total", Map.of("model_id", cached + "-id")));
        assertEquals(2, m.value("litellm_cache_hits_metric_total", Map.of("model", cached)), "no deployment answered: the model asked for");
        assertEquals(2 * 29, m.value("litellm_cached_tokens_metric_total", Map.of("model", cached)));
        assertEquals(19, m.value("litellm_input_tokens_metric_total", Map.of("model_id", cached + "-id")), "only the call that reached the model");
    }

    @Test
    void aVirtualKeysCallsCarryItsHashAliasTeamAndUser() throws Exception {
        String model = "keyed-" + run;
        FakeUpstream ok = upstream(json(200, RESPONSE), json(200, RESPONSE));
        VirtualKeys keys = opened.add(VirtualKeys.over(Database.embedded(dir.resolve("keys"))));
        var proxy = opened.add(ProxyUnderTest.withConfig(dir, "model_list:\n" + entry(model, model + "-id", ok)
                + "litellm_settings:\n  callbacks: [\"prometheus\"]\ngeneral_settings:\n  master_key: sk-master-1234\n", keys));
        var team = Http.post(proxy.url("/team/new"), "{\"team_id\": \"team-a\"}", Map.of("Authorization", "Bearer sk-master-1234"));
        assertEquals(200, team.status(), team.body());
        var made = Http.post(proxy.url("/key/generate"), "{\"key_alias\": \"ci-" + run + "\", \"team_id\": \"team-a\", \"user_id\": \"user-1\"}",
                Map.of("Authorization", "Bearer sk-master-1234"));
        assertEquals(200, made.status(), made.body());
        String key = (String) made.json().get("key");
        assertEquals(200, Http.post(proxy.url("/v1/chat/completions"), chat(model, false), Map.of("Authorization", "Bearer " + key)).status());
        PrometheusText m = scrape(proxy);
        Map<String, String> caller = Map.of("hashed_api_key", (String) made.json().get("token"), "api_key_alias", "ci-" + run,
                "team", "team-a", "user", "user-1", "requested_model", model);
        assertEquals(1, m.value("litellm_proxy_total_requests_metric_total", caller));
        assertEquals(19, m.value("litellm_input_tokens_metric_total", caller));
        assertTrue(m.value("litellm_request_total_latency_metric_count", caller) == 1);
    }

    /**
     * Issue 22's "the virtual key's/team's budget metrics": a key with a budget, a budget period and rate limits, in a
     * team and of a user that have budgets, after two calls at known prices; LiteLLM's gauges of each, with its labels.
     */
    @Test
    void aKeysTeamsAndUsersBudgetsAndTheKeysRequestsLeftAreGauges() throws Exception {
        String model = "budgeted-" + run, team = "team-" + run, user = "user-" + run;
        FakeUpstream ok = upstream(json(200, RESPONSE), json(200, RESPONSE));
        VirtualKeys keys = opened.add(VirtualKeys.over(Database.embedded(dir.resolve("keys"))));
        var proxy = opened.add(ProxyUnderTest.withConfig(dir, "model_list:\n"
                + entry(model, model + "-id", ok, "input_cost_per_token: 0.001", "output_cost_per_token: 0.002")
                + "litellm_settings:\n  callbacks: [\"prometheus\"]\ngeneral_settings:\n  master_key: sk-master-1234\n", keys));
        Map<String, String> master = Map.of("Authorization", "Bearer sk-master-1234");
        assertEquals(200, Http.post(proxy.url("/team/new"), "{\"team_id\": \"" + team + "\", \"team_alias\": \"Evals " + run
                + "\", \"max_budget\": 10, \"budget_duration\": \"30d\"}", master).status());
        var madeUser = Http.post(proxy.url("/user/new"), "{\"user_id\": \"" + user + "\", \"user_email\": \"" + user + "@example.com\", \"max_budget\": 5}", master);
        assertEquals(200, madeUser.status(), madeUser.body());
        var made = Http.post(proxy.url("/key/generate"), "{\"key_alias\": \"ci-" + run + "\", \"team_id\": \"" + team + "\", \"user_id\": \"" + user
                + "\", \"max_budget\": 1, \"budget_duration\": \"1h\", \"rpm_limit\": 100, \"tpm_limit\": 1000}", master);
        assertEquals(200, made.status(), made.body());
        String key = (String) made.json().get("key"), hash = (String) made.json().get("token");
        for (int i = 0; i < 2; i++)
            assertEquals(200, Http.post(proxy.url("/v1/chat/completions"), chat(model, false), Map.of("Authorization", "Bearer " + key)).status());

        double spent = 2 * (19 * 0.001 + 10 * 0.002);
        Map<String, String> theKey = Map.of("hashed_api_key", hash, "api_key_alias", "ci-" + run);
        PrometheusText m = eventually(proxy, "litellm_remaining_api_key_budget_metric", theKey, 1 - spent);
        assertEquals(1, m.value("litellm_api_key_max_budget_metric", theKey));
        double hours = m.value("litellm_api_key_budget_remaining_hours_metric", theKey);
        assertTrue(hours > 0.9 && hours <= 1, "the key's budget starts again within the hour: " + hours);
        Map<String, String> theTeam = Map.of("team", team, "team_alias", "Evals " + run);
        assertEquals(10 - spent, m.value("litellm_remaining_team_budget_metric", theTeam), 1e-9);
        assertEquals(10, m.value("litellm_team_max_budget_metric", theTeam));
        double teamHours = m.value("litellm_team_budget_remaining_hours_metric", theTeam);
        assertTrue(teamHours > 719 && teamHours <= 720, "30 days: " + teamHours);
        assertEquals(5 - spent, m.value("litellm_remaining_user_budget_metric", Map.of("user", user)), 1e-9);
        assertEquals(5, m.value("litellm_user_max_budget_metric", Map.of("user", user)));
        assertTrue(m.samples("litellm_user_budget_remaining_hours_metric", Map.of("user", user)).isEmpty(), "no budget_duration, no reset");
        assertEquals(Double.POSITIVE_INFINITY, m.value("litellm_remaining_api_key_budget_metric", Map.of("hashed_api_key", (String) madeUser.json().get("token"))),
                "a key without a budget, as LiteLLM's: +Inf");

        Map<String, String> perModel = with(theKey, "model", model);
        assertEquals(100 - 2, m.value("litellm_remaining_api_key_requests_for_model", perModel));
        assertEquals(1000 - 2 * 29, m.value("litellm_remaining_api_key_tokens_for_model", perModel));
        Map<String, String> caller = with(theKey, "team", team, "team_alias", "Evals " + run, "user", user, "user_email", user + "@example.com");
        assertEquals(2, m.value("litellm_proxy_total_requests_metric_total", caller));
        assertEquals(spent, m.value("litellm_spend_metric_total", caller), 1e-9);

        assertEquals("gauge", m.family("litellm_remaining_api_key_budget_metric").type());
        assertLabels(m, "litellm_remaining_api_key_budget_metric", "hashed_api_key", "api_key_alias");
        assertLabels(m, "litellm_api_key_budget_remaining_hours_metric", "hashed_api_key", "api_key_alias");
        assertLabels(m, "litellm_remaining_team_budget_metric", "team", "team_alias");
        assertLabels(m, "litellm_team_max_budget_metric", "team", "team_alias");
        assertLabels(m, "litellm_remaining_user_budget_metric", "user");
        assertLabels(m, "litellm_remaining_api_key_requests_for_model", "hashed_api_key", "api_key_alias", "model");

        assertEquals(200, Http.post(proxy.url("/key/delete"), "{\"keys\": [\"" + key + "\"]}", master).status());
        assertTrue(scrape(proxy).samples("litellm_remaining_api_key_budget_metric", theKey).isEmpty(), "a deleted key's gauges go");
    }

    /** Scrapes until the sample has the value (a call's spend counts a moment after its answer, off its path). */
    static PrometheusText eventually(ProxyUnderTest proxy, String name, Map<String, String> labels, double value) throws InterruptedException {
        long until = System.nanoTime() + 10_000_000_000L;
        while (true) {
            PrometheusText m = scrape(proxy);
            List<PrometheusText.Sample> found = m.samples(name, labels);
            if (found.size() == 1 && Math.abs(found.getFirst().value() - value) < 1e-9) return m;
            if (System.nanoTime() > until) throw new AssertionError("not within 10 s: " + name + labels + " = " + value + "; found " + found);
            Thread.sleep(50);
        }
    }

    @Test
    void openMetricsWhenTheScraperAsksForIt() throws Exception {
        FakeUpstream ok = upstream(json(200, RESPONSE), json(200, RESPONSE));
        var proxy = proxy("model_list:\n" + entry("om-" + run, "om-" + run, ok) + "litellm_settings:\n  success_callback: [prometheus]\n");
        assertEquals(200, Http.post(proxy.url("/v1/chat/completions"), chat("om-" + run, false)).status());
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(proxy.url("/metrics")))
                .header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/openmetrics-text"));
        assertTrue(r.body().endsWith("# EOF\n"), "OpenMetrics ends with # EOF");
        assertTrue(r.body().contains("litellm_proxy_total_requests_metric_total{"));
    }

    @Test
    void withoutThePrometheusCallbackThereIsNoMetricsEndpoint() throws Exception {
        FakeUpstream ok = upstream(json(200, RESPONSE), json(200, RESPONSE));
        var proxy = proxy("model_list:\n" + entry("plain-" + run, "plain-" + run, ok));
        var r = Http.get(proxy.url("/metrics"));
        assertEquals(404, r.status());
        r.error();
    }
}
