package litellm.e2e.proxy;

import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.Opened;
import litellm.testing.ProxyUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static litellm.testing.FakeUpstream.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LiteLLM's response headers (x-litellm-*, the upstream's rate limits) on whole, streamed, cached, failed and fallen-back calls. */
class ResponseHeadersTest {
    static final String PATH = "/v1/chat/completions";
    static final String RESPONSE = Fixtures.read("openai/chat/response.json"); // usage: 19 prompt, 10 completion tokens
    static final String STREAM = Fixtures.read("openai/chat/stream.txt");
    static final Map<String, String> RATE_LIMITS = Map.of("x-ratelimit-remaining-requests", "4999", "x-ratelimit-remaining-tokens", "159000",
            "x-ratelimit-limit-requests", "5000", "openai-processing-ms", "120");
    static final String KEY = "sk-never-in-a-header-1234";

    @TempDir
    Path dir;
    @RegisterExtension
    final Opened opened = new Opened();

    FakeUpstream upstream(FakeUpstream.Reply whole, FakeUpstream.Reply streamed) {
        return opened.upstream(PATH, whole, streamed);
    }

    /** An SSE answer with the rate-limit headers. */
    static FakeUpstream.Reply streamWithRateLimits() {
        return exchange -> {
            RATE_LIMITS.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            FakeUpstream.sse(STREAM, 0).send(exchange);
        };
    }

    ProxyUnderTest proxy(String yaml) throws Exception {
        return opened.proxy(dir, yaml);
    }

    static String entry(String name, FakeUpstream u, String more) {
        return "  - model_name: " + name + "\n    litellm_params:\n      model: openai/gpt-4o-mini\n      api_base: " + u.baseUrl()
                + "/v1\n      api_key: " + KEY + "\n" + more;
    }

    static String chat(String model, boolean stream) {
        return "{\"model\":\"" + model + "\"," + (stream ? "\"stream\":true," : "") + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    static void noSecret(Http.Response r) {
        r.headers().forEach((name, values) -> values.forEach(v -> assertFalse(v.contains(KEY), name + " carries the key")));
    }

    @Test
    void aWholeAnswerNamesItsCallDeploymentCostAndTheUpstreamsRateLimits() throws Exception {
        FakeUpstream u = upstream(json(200, RESPONSE, RATE_LIMITS), streamWithRateLimits());
        var proxy = proxy("model_list:\n" + entry("gpt", u, """
                      input_cost_per_token: 0.001
                      output_cost_per_token: 0.002
                    model_info:
                      id: deployment-one
                """));
        var r = Http.post(proxy.url("/v1/chat/completions"), chat("gpt", false));
        assertEquals(200, r.status(), r.body());
        UUID.fromString(r.header("x-litellm-call-id"));
        assertEquals("deployment-one", r.header("x-litellm-model-id"));
        assertEquals(u.baseUrl() + "/v1", r.header("x-litellm-model-api-base"));
        assertEquals("gpt", r.header("x-litellm-model-group"));
        assertEquals(19 * 0.001 + 10 * 0.002, Double.parseDouble(r.header("x-litellm-response-cost")), 1e-12);
        assertEquals("0", r.header("x-litellm-attempted-retries"));
        assertEquals("0", r.header("x-litellm-attempted-fallbacks"));
        assertEquals(litellm.LiteLLM.VERSION, r.header("x-litellm-version"));
        assertEquals("4999", r.header("x-ratelimit-remaining-requests"));
        assertEquals("159000", r.header("x-ratelimit-remaining-tokens"));
        assertEquals("4999", r.header("llm_provider-x-ratelimit-remaining-requests"));
        assertNull(r.header("x-litellm-cache-key"), "not a cache hit");
        noSecret(r);
        assertNotEquals(r.header("x-litellm-call-id"), Http.post(proxy.url("/v1/chat/completions"), chat("gpt", false)).header("x-litellm-call-id"));
    }

    @Test
    void aStreamHasTheHeadersWithItsFirstChunk() throws Exception {
        FakeUpstream u = upstream(json(200, RESPONSE), streamWithRateLimits());
        var proxy = proxy("model_list:\n" + entry("gpt", u, ""));
        List<String> data = new ArrayList<>();
        var r = Http.stream(proxy.url("/v1/chat/completions"), chat("gpt", true), data::add);
        assertEquals(200, r.status(), r.body());
        assertEquals("[DONE]", data.getLast());
        UUID.fromString(r.header("x-litellm-call-id"));
        assertTrue(r.header("x-litellm-model-id").matches("[0-9a-f]{64}"), "no model_info id: a hash of the deployment, " + r.header("x-litellm-model-id"));
        assertEquals(u.baseUrl() + "/v1", r.header("x-litellm-model-api-base"));
        assertEquals("0", r.header("x-litellm-attempted-retries"));
        assertEquals("4999", r.header("x-ratelimit-remaining-requests"));
        assertEquals("5000", r.header("llm_provider-x-ratelimit-limit-requests"));
        assertNull(r.header("llm_provider-openai-processing-ms"), "only the rate limits are passed on");
        noSecret(r);
    }

    @Test
    void theModelIdIsTheSameOnEveryStartOfTheSameConfig() throws Exception {
        FakeUpstream u = upstream(json(200, RESPONSE), streamWithRateLimits());
        String yaml = "model_list:\n" + entry("gpt", u, "");
        String first;
        try (var p = ProxyUnderTest.withConfig(dir, yaml)) {
            first = Http.post(p.url("/v1/chat/completions"), chat("gpt", false)).header("x-litellm-model-id");
        }
        try (var p = ProxyUnderTest.withConfig(dir, yaml)) {
            assertEquals(first, Http.post(p.url("/v1/chat/completions"), chat("gpt", false)).header("x-litellm-model-id"));
        }
    }

    @Test
    void aCacheHitNamesItsKeyAndCostsNothing() throws Exception {
        FakeUpstream u = upstream(json(200, RESPONSE), streamWithRateLimits());
        var proxy = proxy("model_list:\n" + entry("gpt", u, "      input_cost_per_token: 0.001\n") + """
                litellm_settings:
                  cache: true
                  cache_params: {type: local, namespace: %s}
                """.formatted(UUID.randomUUID()));
        var first = Http.post(proxy.url("/v1/chat/completions"), chat("gpt", false));
        assertNull(first.header("x-litellm-cache-key"));
        assertEquals(0.019, Double.parseDouble(first.header("x-litellm-response-cost")), 1e-12);
        var hit = Http.post(proxy.url("/v1/chat/completions"), chat("gpt", false));
        assertEquals(200, hit.status(), hit.body());
        assertEquals(1, u.received().size(), "the second came from the cache");
        assertFalse(hit.header("x-litellm-cache-key").isBlank());
        assertEquals("0.0", hit.header("x-litellm-response-cost"));
        assertNotEquals(first.header("x-litellm-call-id"), hit.header("x-litellm-call-id"));
        var streamedHit = Http.stream(proxy.url("/v1/chat/completions"), chat("gpt", true), d -> {});
        assertEquals(200, streamedHit.status());
        assertEquals(hit.header("x-litellm-cache-key"), streamedHit.header("x-litellm-cache-key"), "a stream of the same request hits the same entry");
    }

    @Test
    void aFallbackCountsTheRetriesAndFallbacksAndNamesTheDeploymentThatAnswered() throws Exception {
        FakeUpstream failing = upstream(json(500, Fixtures.read("openai/errors/500-server-error.json")), json(500, Fixtures.read("openai/errors/500-server-error.json")));
        FakeUpstream backup = upstream(json(200, RESPONSE, RATE_LIMITS), streamWithRateLimits());
        var proxy = proxy("model_list:\n" + entry("primary", failing, "    model_info: {id: primary-1}\n")
                + entry("backup", backup, "    model_info: {id: backup-1}\n") + """
                litellm_settings:
                  num_retries: 1
                  fallbacks: [{primary: [backup]}]
                router_settings:
                  retry_after: 0
                """);
        for (boolean stream : List.of(false, true)) {
            var r = stream ? Http.stream(proxy.url("/v1/chat/completions"), chat("primary", true), d -> {})
                    : Http.post(proxy.url("/v1/chat/completions"), chat("primary", false));
            assertEquals(200, r.status(), r.body());
            assertEquals("backup-1", r.header("x-litellm-model-id"), "stream " + stream);
            assertEquals("backup", r.header("x-litellm-model-group"));
            assertEquals("1", r.header("x-litellm-attempted-retries"), "primary tried twice, stream " + stream);
            assertEquals("1", r.header("x-litellm-attempted-fallbacks"));
            assertEquals("4999", r.header("x-ratelimit-remaining-requests"), "the answering upstream's");
        }
    }

    @Test
    void anErrorAnswerStillNamesTheCall() throws Exception {
        FakeUpstream failing = upstream(json(400, Fixtures.read("openai/errors/400-invalid-param.json")), json(400, Fixtures.read("openai/errors/400-invalid-param.json")));
        var proxy = proxy("model_list:\n" + entry("gpt", failing, "    model_info: {id: gpt-1}\n"));
        for (boolean stream : List.of(false, true)) {
            var r = stream ? Http.stream(proxy.url("/v1/chat/completions"), chat("gpt", true), d -> {})
                    : Http.post(proxy.url("/v1/chat/completions"), chat("gpt", false));
            assertEquals(400, r.status(), r.body());
            UUID.fromString(r.header("x-litellm-call-id"));
            assertEquals("gpt-1", r.header("x-litellm-model-id"));
            assertEquals("0", r.header("x-litellm-attempted-retries"));
            noSecret(r);
        }
    }
}
