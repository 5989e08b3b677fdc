package litellm.e2e.proxy;

import litellm.testing.CallRecorder;
import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.ProxyUnderTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static litellm.testing.FakeUpstream.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LiteLLM's /rerank (and /v1/rerank, /v2/rerank) in Cohere's format, with a plain HTTP client, in front of Cohere's v2
 * and v1 APIs, Jina, Together AI, a Text Embeddings Inference server and a vLLM server.
 */
class RerankEndpointTest {
    static final String REQUEST = Fixtures.read("rerank/request.json");

    @TempDir
    Path dir;
    FakeUpstream cohere, jina, together, tei, vllm;
    CallRecorder calls;

    @BeforeEach
    void start() throws Exception {
        cohere = FakeUpstream.start().on("/v2/rerank", json(200, Fixtures.read("rerank/cohere-v2-response.json")))
                .on("/v1/rerank", json(200, Fixtures.read("rerank/cohere-v1-response.json")));
        jina = FakeUpstream.start().on("/v1/rerank", json(200, Fixtures.read("rerank/jina-response.json")));
        together = FakeUpstream.start().on("/v1/rerank", json(200, Fixtures.read("rerank/together-response.json")));
        tei = FakeUpstream.start().on("/rerank", json(200, Fixtures.read("rerank/tei-response.json")));
        vllm = FakeUpstream.start().on("/v1/rerank", json(200, Fixtures.read("rerank/vllm-response.json")));
        calls = new CallRecorder(dir);
    }

    @AfterEach
    void stop() {
        for (FakeUpstream u : List.of(cohere, jina, together, tei, vllm)) u.close();
    }

    String config(String settings) {
        return calls.environment() + "model_list:\n"
                + "  - model_name: rerank-english-v3.0\n    litellm_params: {model: cohere/rerank-english-v3.0, api_base: " + cohere.baseUrl() + "/v1, api_key: co-test}\n"
                + "  - model_name: jina-reranker\n    litellm_params: {model: jina_ai/jina-reranker-v2-base-multilingual, api_base: " + jina.baseUrl() + "/v1, api_key: jina-test}\n"
                + "  - model_name: llama-rank\n    litellm_params: {model: together_ai/Salesforce/Llama-Rank-V1, api_base: " + together.baseUrl() + "/v1, api_key: together-test}\n"
                + "  - model_name: bge-tei\n    litellm_params: {model: huggingface/BAAI/bge-reranker-large, api_base: " + tei.baseUrl() + "}\n"
                + "  - model_name: bge-vllm\n    litellm_params: {model: hosted_vllm/BAAI/bge-reranker-base, api_base: " + vllm.baseUrl() + "/v1}\n"
                + "  - model_name: gpt\n    litellm_params: {model: openai/gpt-4o-mini, api_base: " + jina.baseUrl() + "/v1, api_key: sk-test}\n"
                + "litellm_settings:\n" + calls.litellmSettings() + settings;
    }

    static String request(String model, String extra) {
        return REQUEST.replace("\"rerank-english-v3.0\"", "\"" + model + "\"").replace("\"top_n\": 2", "\"top_n\": 2" + extra);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> results(Http.Response r) {
        assertEquals(200, r.status(), r.body());
        return (List<Map<String, Object>>) r.json().get("results");
    }

    static List<Object> indexes(Http.Response r) {
        return results(r).stream().map(m -> m.get("index")).toList();
    }

    @Test
    void cohereGetsItsV2ApiWithTheDeploymentsModelAndTheCallIsPricedPerSearch() throws Exception {
        try (var proxy = ProxyUnderTest.withConfig(dir, config(""))) {
            var r = Http.post(proxy.url("/rerank"), REQUEST);
            assertEquals(List.of(2, 3), indexes(r));
            assertEquals(0.999071, results(r).get(0).get("relevance_score"));
            var sent = cohere.last();
            assertEquals("/v2/rerank", sent.path());
            assertEquals("Bearer co-test", sent.headers().get("authorization"));
            assertEquals(Http.parse(REQUEST), sent.json(), "Cohere's format, passed on with the deployment's model");

            Map<String, Object> logged = calls.await(1).get(0);
            assertEquals("rerank", logged.get("call_type"));
            assertEquals(0.002, ((Number) logged.get("response_cost")).doubleValue(), 1e-12, "LiteLLM's price per search unit");
        }
    }

    @Test
    void cohereV1ForV1sParametersAndDocumentsReturnedOnV2() throws Exception {
        try (var proxy = ProxyUnderTest.withConfig(dir, config(""))) {
            var v1 = Http.post(proxy.url("/v1/rerank"), request("rerank-english-v3.0", ", \"max_chunks_per_doc\": 10"));
            assertEquals("/v1/rerank", cohere.last().path(), "max_chunks_per_doc is v1's, as LiteLLM picks the client");
            assertEquals("Washington, D.C. is the capital of the United States.", ((Map<?, ?>) results(v1).get(0).get("document")).get("text"));

            var v2 = Http.post(proxy.url("/v2/rerank"), request("rerank-english-v3.0", ", \"return_documents\": true"));
            assertEquals("/v2/rerank", cohere.last().path());
            assertEquals(Map.of("text", "Capital punishment has existed in the United States since before it was a country."),
                    results(v2).get(1).get("document"), "v2 answers no documents: they come back from the request");
        }
    }

    @Test
    void jinaTogetherAndVllmGetTheCohereRequestAtTheirRerank() throws Exception {
        try (var proxy = ProxyUnderTest.withConfig(dir, config(""))) {
            assertEquals(List.of(2, 0), indexes(Http.post(proxy.url("/v1/rerank"), request("jina-reranker", ""))));
            assertEquals("Bearer jina-test", jina.last().headers().get("authorization"));
            assertEquals("jina-reranker-v2-base-multilingual", jina.last().json().get("model"));
            assertEquals(2, jina.last().json().get("top_n"));

            assertEquals(List.of(2, 0), indexes(Http.post(proxy.url("/rerank"), request("llama-rank", ""))));
            assertEquals("Salesforce/Llama-Rank-V1", together.last().json().get("model"));
            assertEquals("Bearer together-test", together.last().headers().get("authorization"));

            var r = Http.post(proxy.url("/v2/rerank"), request("bge-vllm", ""));
            assertEquals(List.of(2, 0), indexes(r));
            assertEquals("BAAI/bge-reranker-base", vllm.last().json().get("model"));
            assertEquals("What is the capital of the United States?", vllm.last().json().get("query"));
        }
    }

    @Test
    void aTeiServerGetsItsOwnRequestAndItsScoresComeBackInCohereShape() throws Exception {
        try (var proxy = ProxyUnderTest.withConfig(dir, config(""))) {
            var r = Http.post(proxy.url("/rerank"), request("bge-tei", ""));
            assertEquals(List.of(Map.of("index", 2, "relevance_score", 0.99762934), Map.of("index", 0, "relevance_score", 0.008927464)),
                    results(r), "by score, cut to top_n");
            var sent = tei.last().json();
            assertEquals("What is the capital of the United States?", sent.get("query"));
            assertEquals(4, ((List<?>) sent.get("texts")).size());
            assertEquals(false, sent.get("return_text"));
        }
    }

    @Test
    void badRequestsAndModelsWithoutRerankAre400s() throws Exception {
        try (var proxy = ProxyUnderTest.withConfig(dir, config(""))) {
            var noQuery = Http.post(proxy.url("/rerank"), "{\"model\":\"rerank-english-v3.0\",\"documents\":[\"a\"]}");
            assertEquals(400, noQuery.status());
            assertEquals("query", noQuery.error().get("param"));
            var noDocuments = Http.post(proxy.url("/rerank"), "{\"model\":\"rerank-english-v3.0\",\"query\":\"q\"}");
            assertEquals("documents", noDocuments.error().get("param"));
            var gpt = Http.post(proxy.url("/rerank"), request("gpt", ""));
            assertEquals(400, gpt.status());
            assertTrue(gpt.error().get("message").toString().contains("'gpt'") && gpt.error().get("message").toString().contains("/rerank"), gpt.body());
            assertEquals(0, cohere.received().size() + jina.received().size());
        }
    }

    @Test
    void rerankIsCachedAndFallsBackToAnotherModel() throws Exception {
        try (FakeUpstream down = FakeUpstream.start().on("/v2/rerank", json(503, "{\"message\":\"service unavailable\"}"))) {
            String yaml = config("  cache: true\n  cache_params: {type: local}\n  fallbacks: [{cohere-down: [jina-reranker]}]\n").replace("model_list:\n", "model_list:\n"
                    + "  - model_name: cohere-down\n    litellm_params: {model: cohere/rerank-v3.5, api_base: " + down.baseUrl() + ", api_key: co-down}\n");
            try (var proxy = ProxyUnderTest.withConfig(dir, yaml)) {
                assertEquals(List.of(2, 0), indexes(Http.post(proxy.url("/rerank"), request("cohere-down", ""))), "served by the fallback");
                assertTrue(down.received().size() >= 1);
                assertEquals(1, jina.received().size());

                for (int i = 0; i < 2; i++) assertEquals(List.of(2, 3), indexes(Http.post(proxy.url("/rerank"), REQUEST)));
                assertEquals(1, cohere.received().size(), "the same rerank again: LiteLLM caches rerank");
            }
        }
    }
}
