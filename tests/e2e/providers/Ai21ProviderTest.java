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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** providers/ai21.groovy against AI21 Studio's J2 complete and Jamba chat completions wire format. */
@SuppressWarnings("unchecked")
class Ai21ProviderTest {
    static final String KEY = "ai21-test-0123456789";
    @RegisterExtension
    static final ProviderUnderTest ai21 = new ProviderUnderTest("ai21", "/studio/v1", KEY);
    static final ProviderUnderTest.Proxy j2 = ai21.serving("j2-ultra"), jamba = ai21.serving("jamba-1.5-large");

    @Test
    void j2CompletionsUseTheModelsCompleteEndpoint() {
        ai21.upstream().on("/studio/v1/j2-ultra/complete", json(200, Fixtures.read("ai21/j2-complete-response.json")));
        var r = Http.post(j2.url("/completions"), "{\"model\":\"j2-ultra\",\"prompt\":\"Write a one-line greeting.\",\"n\":1,\"max_tokens\":16,"
                + "\"temperature\":0.7,\"top_p\":1,\"stop\":[\"##\"],\"presence_penalty\":0,\"frequency_penalty\":0}");

        assertEquals(200, r.status(), r.body());
        var sent = ai21.upstream().last();
        assertEquals("/studio/v1/j2-ultra/complete", sent.path());
        assertEquals("Bearer " + KEY, sent.headers().get("authorization"));
        Map<String, Object> fixture = Http.parse(Fixtures.read("ai21/j2-complete-request.json"));
        for (String key : List.of("prompt", "numResults", "maxTokens", "temperature", "topP", "stopSequences"))
            assertEquals(fixture.get(key), sent.json().get(key), key);
        assertEquals(Map.of("scale", 0), sent.json().get("presencePenalty"));
        assertEquals(Map.of("scale", 0), sent.json().get("frequencyPenalty"));

        var choice = choice(r.json());
        assertEquals("\nHello and welcome!", choice.get("text"));
        assertEquals("stop", choice.get("finish_reason"));
        assertEquals(Map.of("prompt_tokens", 7, "completion_tokens", 6, "total_tokens", 13), r.json().get("usage"), "tokens listed by the API");
    }

    @Test
    void j2ChatSendsThePromptAndStreamsByCuttingTheAnswer() {
        ai21.upstream().on("/studio/v1/j2-ultra/complete", json(200, Fixtures.read("ai21/j2-complete-response-length.json")));
        var r = Http.post(j2.url("/chat/completions"), "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a story\"}]}");
        assertEquals(200, r.status(), r.body());
        assertTrue(ai21.upstream().last().json().get("prompt").toString().contains("Tell me a story"));
        var choice = choice(r.json());
        assertEquals(" Once upon a time there was", ((Map<String, Object>) choice.get("message")).get("content"));
        assertEquals("length", choice.get("finish_reason"));

        List<String> got = Http.streamData(j2.url("/chat/completions"), "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a story\"}]}");
        assertFalse(ai21.upstream().last().json().containsKey("stream"), "J2 does not stream");
        assertEquals("[DONE]", got.get(got.size() - 1));
        assertEquals("length", choice(Http.parse(got.get(got.size() - 2))).get("finish_reason"));
    }

    @Test
    void jambaChatCompletions() {
        ai21.upstream().on("/studio/v1/chat/completions", json(200, Fixtures.read("ai21/jamba-chat-response.json")));
        String request = Fixtures.read("ai21/jamba-chat-request.json");
        var r = Http.post(jamba.url("/chat/completions"), request);

        assertEquals(200, r.status(), r.body());
        var sent = ai21.upstream().last();
        assertEquals("/studio/v1/chat/completions", sent.path());
        Map<String, Object> expected = Http.parse(request);
        expected.remove("stream");
        assertEquals(expected, sent.json());
        assertEquals("chat.completion", r.json().get("object"));
        assertEquals("chat-1f2e3d4c5b6a47988a7b6c5d4e3f2a1b", r.json().get("id"));
        var choice = choice(r.json());
        assertEquals("Hello! How can I help you today?", ((Map<String, Object>) choice.get("message")).get("content"));
        assertEquals(Map.of("prompt_tokens", 20, "completion_tokens", 10, "total_tokens", 30), r.json().get("usage"));
    }

    @Test
    void jambaStreamBecomesOpenAiChunks() {
        ai21.upstream().on("/studio/v1/chat/completions", sse(Fixtures.read("ai21/jamba-chat-stream.txt"), 0));
        List<String> got = Http.streamData(jamba.url("/chat/completions"),
                "{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
        assertEquals(true, ai21.upstream().last().json().get("stream"));
        assertEquals(5, got.size(), got.toString());
        for (String d : got.subList(0, 4)) {
            var chunk = Http.parse(d);
            assertEquals("chat.completion.chunk", chunk.get("object"));
            assertEquals("jamba-1.5-large", chunk.get("model"));
        }
        assertFalse(Http.parse(got.get(1)).containsKey("usage"), "no usage: null on every chunk");
        assertEquals(Map.of("prompt_tokens", 20, "completion_tokens", 3, "total_tokens", 23), Http.parse(got.get(3)).get("usage"));
        assertEquals("stop", choice(Http.parse(got.get(3))).get("finish_reason"));
    }

    /** AI21's detail, and the status LiteLLM gives: its 422 validation error is a 400. */
    @ParameterizedTest(name = "upstream {0} -> {1}")
    @CsvSource({"401, 401, ai21/error-401.json, Forbidden: Bad or missing API token.", "429, 429, ai21/error-429.json, Too many requests",
            "422, 400, ai21/error-422.json, ensure this value is less than or equal to 8191"})
    void errorsKeepDetail(int upstreamStatus, int status, String file, String message) {
        ai21.upstream().on("/studio/v1/j2-ultra/complete", json(upstreamStatus, Fixtures.read(file)));
        var r = Http.post(j2.url("/completions"), "{\"model\":\"m\",\"prompt\":\"x\"}");
        assertEquals(status, r.status());
        assertTrue(r.error().get("message").toString().contains(message), r.body());
    }
}
