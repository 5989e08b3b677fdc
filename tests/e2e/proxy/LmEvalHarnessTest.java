package litellm.e2e.proxy;

import litellm.LiteLLM;
import litellm.config.Settings;
import litellm.provider.ProviderScripts;
import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.ProxyUnderTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static litellm.testing.FakeUpstream.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * lm-evaluation-harness's {@code local-completions} and {@code local-chat-completions} model types pointed at the
 * proxy ({@code base_url=http://localhost:8000/v1/completions}), which serves {@code openai/my-model} (or
 * {@code vllm/my-model}) from a vLLM server: the requests lm-eval sends, byte for byte as its source builds them (tests/fixtures/lm-eval), reach the
 * server unchanged, and every field lm-eval reads from the answers comes back intact, so its scores are the server's.
 */
class LmEvalHarnessTest {
    /** lm-eval's header when OPENAI_API_KEY is not set: a Bearer token that is empty. */
    static final Map<String, String> LM_EVAL_HEADERS = Map.of("Authorization", "Bearer ");
    final FakeUpstream vllm = FakeUpstream.start();
    ProxyUnderTest proxy = serving("openai/my-model");

    ProxyUnderTest serving(String model) {
        return ProxyUnderTest.serving(LiteLLM.deployment("my-model", model, vllm.baseUrl() + "/v1", null, new ProviderScripts(null)), Settings.defaults(), null);
    }

    @AfterEach
    void stop() {
        proxy.close();
        vllm.close();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "openai/my-model, loglikelihood-request.json,        loglikelihood-response.json",
            "openai/my-model, loglikelihood-text-request.json,   loglikelihood-response.json",
            "openai/my-model, loglikelihood-v0.4.0-request.json, loglikelihood-max-tokens-0-response.json",
            "openai/my-model, generate-request.json,             generate-response.json",
            "vllm/my-model,   loglikelihood-request.json,        loglikelihood-response.json",
            "vllm/my-model,   loglikelihood-v0.4.0-request.json, loglikelihood-max-tokens-0-response.json",
            "vllm/my-model,   generate-request.json,             generate-response.json",
    })
    void localCompletionsRequestsArriveAsSentAndTheirAnswersAsAnswered(String model, String request, String answer) {
        proxy.close();
        proxy = serving(model);
        vllm.on("/v1/completions", json(200, Fixtures.read("lm-eval/" + answer)));
        var r = Http.post(proxy.url("/v1/completions"), Fixtures.read("lm-eval/" + request), LM_EVAL_HEADERS);
        assertEquals(200, r.status(), r.body());
        assertArrivedAsSent(request);
        assertEquals(Http.parse(Fixtures.read("lm-eval/" + answer)).get("choices"), r.json().get("choices"), "choices as the server gave them");
    }

    @Test
    void loglikelihoodScoresAreTheServersAsLmEvalComputesThem() {
        vllm.on("/v1/completions", json(200, Fixtures.read("lm-eval/loglikelihood-response.json")));
        var r = Http.post(proxy.url("/v1/completions"), Fixtures.read("lm-eval/loglikelihood-request.json"), LM_EVAL_HEADERS);
        // context "The cat sat on the" (5 tokens), continuations " mat" and " rug"
        assertEquals(List.of(new Score(-1.109375, true), new Score(-6.0, false)), scores(r.json(), 5));
    }

    @Test
    void localChatCompletionsRequestsArriveAsSentAndTheirAnswersAsAnswered() {
        vllm.on("/v1/chat/completions", json(200, Fixtures.read("lm-eval/chat-response.json")));
        var r = Http.post(proxy.url("/v1/chat/completions"), Fixtures.read("lm-eval/chat-request.json"), LM_EVAL_HEADERS);
        assertEquals(200, r.status(), r.body());
        assertArrivedAsSent("chat-request.json");
        assertEquals(List.of("2 + 2 = 4."), generations(r.json()));
    }

    /** lm-eval asks GET /tokenizer_info first (vLLM's), and takes any error as "no remote tokenizer": it gets one at once. */
    @Test
    void lmEvalsProbeForARemoteTokenizerGetsAnErrorAndNoCall() {
        var r = Http.get(proxy.url("/tokenizer_info"));
        assertEquals(404, r.status(), r.body());
        assertTrue(vllm.received().isEmpty());
    }

    /** Every field of lm-eval's request reached the server with its value (the proxy may add stream: false). */
    void assertArrivedAsSent(String request) {
        Map<String, Object> sent = new LinkedHashMap<>(Http.parse(Fixtures.read("lm-eval/" + request)));
        Map<String, Object> arrived = new LinkedHashMap<>(vllm.last().json());
        if (Boolean.FALSE.equals(arrived.get("stream")) && !sent.containsKey("stream")) arrived.remove("stream");
        assertEquals(sent, arrived);
    }

    record Score(double logprob, boolean greedy) {}

    /** lm-eval's LocalCompletionsAPI.parse_logprobs: choices by index, the continuation's logprobs (the generated token dropped). */
    @SuppressWarnings("unchecked")
    static List<Score> scores(Map<String, Object> answer, int contextLength) {
        List<Score> scores = new ArrayList<>();
        for (Map<String, Object> choice : byIndex(answer)) {
            var logprobs = (Map<String, Object>) choice.get("logprobs");
            var tokens = (List<Number>) logprobs.get("token_logprobs");
            var tops = (List<Map<String, Number>>) logprobs.get("top_logprobs");
            double sum = 0;
            boolean greedy = true;
            for (int i = contextLength; i < tokens.size() - 1; i++) {
                sum += tokens.get(i).doubleValue();
                double best = tops.get(i).values().stream().mapToDouble(Number::doubleValue).max().orElseThrow();
                greedy &= tokens.get(i).doubleValue() == best;
            }
            scores.add(new Score(sum, greedy));
        }
        return scores;
    }

    /** lm-eval's LocalChatCompletion.parse_generations: choices[].message.content by index. */
    @SuppressWarnings("unchecked")
    static List<String> generations(Map<String, Object> answer) {
        return byIndex(answer).stream().map(c -> (String) ((Map<String, Object>) c.get("message")).get("content")).toList();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> byIndex(Map<String, Object> answer) {
        var choices = new ArrayList<>((List<Map<String, Object>>) answer.get("choices"));
        choices.sort(Comparator.comparingInt(c -> ((Number) c.get("index")).intValue()));
        return choices;
    }
}
