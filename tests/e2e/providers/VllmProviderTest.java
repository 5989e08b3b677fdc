package litellm.e2e.providers;

import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.ProviderUnderTest;
import litellm.testing.Prompts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static litellm.testing.OpenAiResponses.choice;
import static litellm.testing.FakeUpstream.json;
import static litellm.testing.FakeUpstream.sse;
import static litellm.testing.Prompts.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** vllm/: vLLM's OpenAI-compatible server (passed through) and its legacy demo /generate server. */
@SuppressWarnings("unchecked")
class VllmProviderTest {
    static final String KEY = "vllm-secret-token";
    @RegisterExtension
    static final ProviderUnderTest vllm = new ProviderUnderTest("vllm", "", null);
    static final ProviderUnderTest.Proxy openAi = vllm.serving("Qwen/Qwen3-8B", "", KEY),
            openAiV1 = vllm.serving("prometheus", "/v1", null),
            legacy = vllm.serving("meta-llama/Llama-2-7b-chat-hf", "/generate", null);

    @Test
    void chatPassesThroughWithItsExtras() {
        vllm.upstream().on("/v1/chat/completions", json(200, Fixtures.read("vllm/chat-response.json")));
        var r = Http.post(openAi.url("/chat/completions"), Fixtures.read("vllm/chat-request.json"));
        assertEquals(200, r.status(), r.body());
        assertEquals(Http.parse(Fixtures.read("vllm/chat-response.json")), r.json());
        var sent = vllm.upstream().last();
        assertEquals("/v1/chat/completions", sent.path(), "/v1 added to a bare host");
        assertEquals("Bearer " + KEY, sent.headers().get("authorization"));
        var expected = new LinkedHashMap<>(Http.parse(Fixtures.read("vllm/chat-request.json")));
        assertEquals(expected, sent.json(), "OpenAI fields and vLLM extras (top_k, min_p, stop_token_ids...) as sent");
    }

    @Test
    void completionsWithLogprobsPassThroughOnAV1Base() {
        vllm.upstream().on("/v1/completions", json(200, Fixtures.read("vllm/completions-response.recorded.json")));
        var r = Http.post(openAiV1.url("/completions"), "{\"model\":\"x\",\"prompt\":\"San Francisco is a\",\"max_tokens\":7,\"temperature\":0,\"logprobs\":2,\"echo\":true}");
        assertEquals(200, r.status(), r.body());
        assertEquals(Http.parse(Fixtures.read("vllm/completions-response.recorded.json")), r.json());
        var sent = vllm.upstream().last();
        assertEquals("/v1/completions", sent.path(), "no second /v1");
        assertFalse(sent.headers().containsKey("authorization"));
        assertEquals(Map.of("model", "prometheus", "prompt", "San Francisco is a", "max_tokens", 7, "temperature", 0, "logprobs", 2, "echo", true), sent.json());
    }

    @Test
    void streamsRelayEveryChunk() {
        String raw = Fixtures.read("vllm/chat-stream.txt");
        vllm.upstream().on("/v1/chat/completions", sse(raw, 0));
        List<String> got = Http.streamData(openAi.url("/chat/completions"), Fixtures.read("vllm/chat-stream-request.json"));
        var expected = FakeUpstream.dataOf(raw);
        assertEquals(expected.size(), got.size());
        for (int i = 0; i < expected.size() - 1; i++) assertEquals(Http.parse(expected.get(i)), Http.parse(got.get(i)));
        assertEquals(Map.of("include_usage", true), vllm.upstream().last().json().get("stream_options"));

        vllm.upstream().on("/v1/completions", sse(Fixtures.read("vllm/completions-stream.txt"), 0));
        List<String> text = Http.streamData(openAi.url("/completions"), Fixtures.read("vllm/completions-stream-request.json"));
        assertEquals(5, text.size());
        assertEquals("length", choice(Http.parse(text.get(3))).get("finish_reason"));
    }

    @Test
    void anErrorMidStreamBecomesAnSseError() {
        vllm.upstream().on("/v1/chat/completions", sse(Fixtures.read("vllm/stream-error.txt"), 0));
        List<String> got = Http.streamData(openAi.url("/chat/completions"), Fixtures.read("vllm/chat-stream-request.json"));
        assertEquals(2, got.size(), got.toString());
        var error = (Map<String, Object>) Http.parse(got.get(1)).get("error");
        assertEquals("Internal server error", error.get("message"));
    }

    @ParameterizedTest(name = "vLLM {0} {1}")
    @CsvSource({
            "400, vllm/error-400.json",
            "400, vllm/error-400-legacy.json",
            "404, vllm/error-404.json",
            "404, vllm/error-404-legacy.json",
            "401, vllm/error-401.json",
    })
    void errorsOldAndNewKeepStatusAndMessage(int status, String fixture) {
        vllm.upstream().on("/v1/chat/completions", json(status, Fixtures.read(fixture)));
        var r = Http.post(openAi.url("/chat/completions"), "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(status, r.status(), r.body());
        var body = Http.parse(Fixtures.read(fixture));
        Object message = body.get("error") instanceof Map<?, ?> e ? e.get("message") : body.get("message") != null ? body.get("message") : body.get("error");
        assertEquals(message, r.error().get("message"));
    }

    @Test
    void legacyGenerateTakesThePromptAndSamplingParameters() {
        vllm.upstream().on("/generate", json(200, Fixtures.read("vllm/legacy-generate-response.json")));
        var r = Http.post(legacy.url("/completions"), "{\"model\":\"m\",\"prompt\":\"San Francisco is a\",\"max_tokens\":16,\"temperature\":0.0,\"n\":1}");
        assertEquals(200, r.status(), r.body());
        assertEquals(Http.parse(Fixtures.read("vllm/legacy-generate-request.json")), vllm.upstream().last().json());
        var choice = choice(r.json());
        assertEquals(" city in California, United States. It is the fourth most populous city", choice.get("text"), "the echoed prompt is cut");
        assertEquals("stop", choice.get("finish_reason"));
        assertTrue((Integer) ((Map<String, Object>) r.json().get("usage")).get("completion_tokens") > 0);

        var echoed = Http.post(legacy.url("/completions"), "{\"model\":\"m\",\"prompt\":\"San Francisco is a\",\"echo\":true}");
        assertEquals("San Francisco is a city in California, United States. It is the fourth most populous city",
                choice(echoed.json()).get("text"));
    }

    @Test
    void legacyGenerateChatUsesThePromptTemplate() {
        String prompt = Prompts.chat("meta-llama/Llama-2-7b-chat-hf", List.of(user("Hello!")));
        vllm.upstream().on("/generate", json(200, "{\"text\":[" + litellm.json.Json.text(prompt + " Hi there.") + "]}"));
        var r = Http.post(legacy.url("/chat/completions"), "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello!\"}],\"max_tokens\":8}");
        assertEquals(200, r.status(), r.body());
        assertEquals(Map.of("prompt", prompt, "stream", false, "max_tokens", 8), vllm.upstream().last().json());
        assertEquals(Map.of("role", "assistant", "content", " Hi there."),
                choice(r.json()).get("message"));
    }

    @Test
    void legacyGenerateStreamsAreTheWholeAnswerCut() {
        vllm.upstream().on("/generate", json(200, Fixtures.read("vllm/legacy-generate-response.json")));
        List<String> got = Http.streamData(legacy.url("/completions"), "{\"model\":\"m\",\"stream\":true,\"prompt\":\"San Francisco is a\"}");
        assertEquals(false, vllm.upstream().last().json().get("stream"), "the legacy server is asked for the whole answer");
        assertEquals("[DONE]", got.get(got.size() - 1));
        assertEquals(" city in California, United States. It is the fourth most populous city", String.join("",
                got.subList(0, got.size() - 1).stream().map(d -> (String) choice(Http.parse(d)).get("text")).toList()));
    }
}
