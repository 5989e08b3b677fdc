package litellm.e2e.providers;

import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.ProviderUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static litellm.testing.OpenAiResponses.choice;
import static litellm.testing.FakeUpstream.json;
import static litellm.testing.FakeUpstream.sse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** together_ai/: Together's OpenAI-compatible API, with its eos finish reason, logprobs and stream chunk quirks mended. */
@SuppressWarnings("unchecked")
class TogetherAiProviderTest {
    static final String KEY = "together-test-0123456789";
    @RegisterExtension
    static final ProviderUnderTest togetherAi = new ProviderUnderTest("together_ai", "mistralai/Mixtral-8x7B-Instruct-v0.1", "/v1", KEY);

    @Test
    void chatPassesThroughWithLogprobsInOpenAiFormat() {
        togetherAi.upstream().on("/v1/chat/completions", json(200, Fixtures.read("together_ai/chat-response.recorded.json")));
        var r = Http.post(togetherAi.url("/chat/completions"), Fixtures.read("together_ai/chat-request.json"));
        assertEquals(200, r.status(), r.body());
        var sent = togetherAi.upstream().last();
        assertEquals("Bearer " + KEY, sent.headers().get("authorization"));
        var expected = Http.parse(Fixtures.read("together_ai/chat-request.json"));
        expected.remove("stream");
        assertEquals(expected, sent.json(), "OpenAI fields and Together's (top_k, repetition_penalty) as sent");

        assertFalse(r.json().containsKey("prompt"));
        var choice = choice(r.json());
        assertEquals("length", choice.get("finish_reason"));
        assertEquals(Map.of("role", "assistant", "content", "Some response"), choice.get("message"));
        var content = (List<Map<String, Object>>) ((Map<String, Object>) choice.get("logprobs")).get("content");
        assertEquals(List.of("Some", "response"), content.stream().map(c -> c.get("token")).toList());
        assertEquals(-0.55810547, ((Number) content.get(0).get("logprob")).doubleValue(), 1e-9);
        assertEquals(Map.of("prompt_tokens", 5, "completion_tokens", 2, "total_tokens", 7), r.json().get("usage"));
    }

    @Test
    void chatStreamEndsWithStopNotEosAndAUsageChunk() {
        togetherAi.upstream().on("/v1/chat/completions", sse(Fixtures.read("together_ai/chat-stream.txt"), 0));
        List<String> got = Http.streamData(togetherAi.url("/chat/completions"),
                "{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
        assertFalse(togetherAi.upstream().last().json().containsKey("stream_options"), "Together always sends usage on the last chunk");
        assertEquals(5, got.size(), got.toString());
        var first = choice(Http.parse(got.get(0)));
        assertEquals(Map.of("role", "assistant", "content", " Hello"), first.get("delta"));
        assertFalse(first.containsKey("text"));
        var last = choice(Http.parse(got.get(2)));
        assertEquals("stop", last.get("finish_reason"));
        assertNull(Http.parse(got.get(2)).get("usage"));
        assertEquals(Map.of("prompt_tokens", 14, "completion_tokens", 3, "total_tokens", 17), Http.parse(got.get(3)).get("usage"));
        assertEquals(List.of(), Http.parse(got.get(3)).get("choices"));
        assertEquals("[DONE]", got.get(4));
    }

    @Test
    void completionsStreamChunksAreTextCompletions() {
        togetherAi.upstream().on("/v1/completions", sse(Fixtures.read("together_ai/completions-stream.txt"), 0));
        List<String> got = Http.streamData(togetherAi.url("/completions"), "{\"model\":\"m\",\"stream\":true,\"prompt\":\"My favorite colors are red and \"}");
        assertEquals(3, got.size(), "no usage chunk unless asked: " + got);
        var chunk = Http.parse(got.get(0));
        assertEquals("text_completion", chunk.get("object"));
        var choice = choice(chunk);
        assertEquals(" blue", choice.get("text"));
        assertFalse(choice.containsKey("delta"));
        assertEquals("length", choice(Http.parse(got.get(1))).get("finish_reason"));
    }

    static final ProviderUnderTest.Proxy keyless = togetherAi.serving("mistralai/Mixtral-8x7B-Instruct-v0.1", "/v1", null);

    @Test
    void withoutAKeyTheCallIsA401NamingLiteLlmsVariables() {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.util.stream.Stream.of("TOGETHER_API_KEY", "TOGETHER_AI_API_KEY", "TOGETHERAI_API_KEY", "TOGETHER_AI_TOKEN")
                .allMatch(v -> System.getenv(v) == null));
        int before = togetherAi.upstream().received().size();
        var r = Http.post(keyless.url("/chat/completions"), "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(401, r.status(), r.body());
        assertEquals("no API key for together_ai: set TOGETHER_API_KEY (or TOGETHER_AI_API_KEY, TOGETHERAI_API_KEY, TOGETHER_AI_TOKEN) or the deployment's api_key",
                r.error().get("message"));
        assertEquals(before, togetherAi.upstream().received().size(), "no call without a key");
    }

    @Test
    void completionsResponse() {
        togetherAi.upstream().on("/v1/completions", json(200, Fixtures.read("together_ai/completions-response.json").replace("\"length\"", "\"eos\"")));
        var r = Http.post(togetherAi.url("/completions"), "{\"model\":\"m\",\"prompt\":\"My favorite colors are red and \",\"max_tokens\":2}");
        assertEquals(200, r.status(), r.body());
        var choice = choice(r.json());
        assertEquals(" blue.", choice.get("text"));
        assertEquals("stop", choice.get("finish_reason"), "eos is stop");
    }

    @ParameterizedTest(name = "Together {0}")
    @CsvSource({"401, together_ai/error-401.json", "404, together_ai/error-404-model.json", "429, together_ai/error-429.json"})
    void errorsKeepStatusAndMessage(int status, String fixture) {
        togetherAi.upstream().on("/v1/chat/completions", json(status, Fixtures.read(fixture), status == 429 ? Map.of("Retry-After", "5") : Map.of()));
        var r = Http.post(togetherAi.url("/chat/completions"), "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(status, r.status(), r.body());
        assertEquals(((Map<String, Object>) Http.parse(Fixtures.read(fixture)).get("error")).get("message"), r.error().get("message"));
        if (status == 429) assertEquals("5", r.header("Retry-After"));
    }
}
