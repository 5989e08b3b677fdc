package litellm.e2e.providers;

import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.ProviderUnderTest;
import litellm.testing.ProxyUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static litellm.testing.OpenAiResponses.choice;
import static litellm.testing.FakeUpstream.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** providers/cohere.groovy against Cohere's v1 chat, generate and embed wire format (NDJSON streams). */
@SuppressWarnings("unchecked")
class CohereProviderTest {
    static final String KEY = "co-test-0123456789";
    static final String CHAT = "{\"model\":\"command-nightly\",\"messages\":["
            + "{\"role\":\"system\",\"content\":\"You are a helpful assistant.\"},"
            + "{\"role\":\"user\",\"content\":\"Hi\"},"
            + "{\"role\":\"assistant\",\"content\":\"Hi! How can I help?\"},"
            + "{\"role\":\"user\",\"content\":\"Hello\"}],"
            + "\"temperature\":0.3,\"max_tokens\":100,\"top_p\":0.75,\"frequency_penalty\":0.0,\"presence_penalty\":0.0,\"seed\":42";
    @RegisterExtension
    static final ProviderUnderTest cohereApi = new ProviderUnderTest("cohere", "command-r", "/v1", KEY);

    static FakeUpstream.Reply ndjson(String raw) {
        return exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/stream+json");
            exchange.sendResponseHeaders(200, 0);
            for (String line : raw.split("\n")) {
                exchange.getResponseBody().write((line + "\n").getBytes());
                exchange.getResponseBody().flush();
            }
        };
    }

    @Test
    void chatBecomesV1ChatWithMessageHistoryAndPreamble() {
        cohereApi.upstream().on("/v1/chat", json(200, Fixtures.read("cohere/v1-chat-response.json")));
        var r = Http.post(cohereApi.url("/chat/completions"), CHAT + "}");

        assertEquals(200, r.status(), r.body());
        var sent = cohereApi.upstream().last();
        assertEquals("/v1/chat", sent.path());
        assertEquals("Bearer " + KEY, sent.headers().get("authorization"));
        Map<String, Object> expected = Http.parse(Fixtures.read("cohere/v1-chat-request.json"));
        for (String unset : List.of("k", "stop_sequences", "stream")) expected.remove(unset); // defaults the client did not set
        assertEquals(expected, sent.json());

        var choice = choice(r.json());
        assertEquals(Map.of("role", "assistant", "content", "Hello! How can I assist you today?"), choice.get("message"));
        assertEquals("stop", choice.get("finish_reason"));
        assertEquals(Map.of("prompt_tokens", 14, "completion_tokens", 9, "total_tokens", 23), r.json().get("usage"), "billed units");
    }

    @Test
    void late2023ChatBodiesWithoutFinishReason() {
        cohereApi.upstream().on("/v1/chat", json(200, Fixtures.read("cohere/v1-chat-response-2023.json")));
        var r = Http.post(cohereApi.url("/chat/completions"), "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],\"stop\":\"--\"}");
        assertEquals(200, r.status(), r.body());
        assertEquals(Map.of("model", "command-r", "message", "Hello", "stop_sequences", List.of("--")), cohereApi.upstream().last().json());
        assertEquals("stop", choice(r.json()).get("finish_reason"));
        assertEquals(Map.of("prompt_tokens", 52, "completion_tokens", 9, "total_tokens", 61), r.json().get("usage"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"COMPLETE, stop", "STOP_SEQUENCE, stop", "MAX_TOKENS, length", "ERROR_TOXIC, content_filter"})
    void finishReasons(String cohere, String openai) {
        cohereApi.upstream().on("/v1/chat", json(200, Fixtures.read("cohere/v1-chat-response.json").replace("\"COMPLETE\"", "\"" + cohere + "\"")));
        var r = Http.post(cohereApi.url("/chat/completions"), CHAT + "}");
        assertEquals(openai, choice(r.json()).get("finish_reason"));
    }

    @Test
    void chatStreamIsNdjsonMappedToChunks() {
        cohereApi.upstream().on("/v1/chat", ndjson(Fixtures.read("cohere/v1-chat-stream.ndjson")));
        List<String> got = Http.streamData(cohereApi.url("/chat/completions"), CHAT + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}");

        assertEquals(true, cohereApi.upstream().last().json().get("stream"));
        assertEquals(7, got.size(), got.toString());
        List<Map<String, Object>> chunks = got.subList(0, 6).stream().map(Http::parse).toList();
        List<Object> deltas = chunks.subList(0, 5).stream().map(c -> choice(c).get("delta")).toList();
        assertEquals(List.of(Map.of("role", "assistant", "content", ""), Map.of("content", "Hello"), Map.of("content", "!"),
                Map.of("content", " How can I help?"), Map.of()), deltas);
        assertEquals("stop", choice(chunks.get(4)).get("finish_reason"));
        assertTrue(chunks.stream().allMatch(c -> c.get("id").equals(chunks.get(0).get("id"))));
        assertEquals(Map.of("prompt_tokens", 3, "completion_tokens", 7, "total_tokens", 10), chunks.get(5).get("usage"));
        assertEquals("[DONE]", got.get(6));
    }

    @Test
    void anErrorAtTheEndOfAStreamBecomesAnSseError() {
        String raw = Fixtures.read("cohere/v1-chat-stream.ndjson").replace("\"finish_reason\":\"COMPLETE\"}\n", "\"finish_reason\":\"ERROR\"}\n")
                .replaceAll("\"finish_reason\":\"COMPLETE\"}$", "\"finish_reason\":\"ERROR\"}");
        cohereApi.upstream().on("/v1/chat", ndjson(raw));
        var r = Http.stream(cohereApi.url("/chat/completions"), CHAT + ",\"stream\":true}", d -> {});
        assertTrue(r.body().contains("\"error\"") && r.body().contains("ERROR"), r.body());
        assertTrue(r.body().contains("How can I help?"), "the text before the error got through");
    }

    @Test
    void completionsUseV1Generate() {
        cohereApi.upstream().on("/v1/generate", json(200, Fixtures.read("cohere/v1-generate-response.json")));
        var r = Http.post(cohereApi.url("/completions"), "{\"model\":\"command-nightly\",\"prompt\":\"Write a one-line greeting.\",\"max_tokens\":20,"
                + "\"temperature\":0.75,\"top_p\":0.75,\"stop\":[\"--\"],\"n\":1}");

        assertEquals(200, r.status(), r.body());
        var sent = cohereApi.upstream().last();
        assertEquals("/v1/generate", sent.path());
        Map<String, Object> request = Http.parse(Fixtures.read("cohere/v1-generate-request.json"));
        for (String key : List.of("prompt", "max_tokens", "temperature", "p", "stop_sequences", "num_generations"))
            assertEquals(request.get(key), sent.json().get(key), key);
        assertEquals("command-r", sent.json().get("model"));
        assertEquals("text_completion", r.json().get("object"));
        var choice = choice(r.json());
        assertEquals(" Hello and welcome, it's great to see you!", choice.get("text"));
        assertEquals("stop", choice.get("finish_reason"));
        assertEquals(Map.of("prompt_tokens", 5, "completion_tokens", 9, "total_tokens", 14), r.json().get("usage"));
    }

    @Test
    void completionsStreamFromGenerateNdjson() {
        cohereApi.upstream().on("/v1/generate", ndjson(Fixtures.read("cohere/v1-generate-stream.ndjson")));
        List<String> got = Http.streamData(cohereApi.url("/completions"), "{\"model\":\"m\",\"prompt\":\"Write a one-line greeting.\",\"stream\":true}");
        assertEquals(5, got.size(), got.toString());
        StringBuilder text = new StringBuilder();
        for (String d : got.subList(0, 4)) {
            var choice = choice(Http.parse(d));
            text.append(choice.get("text"));
            assertEquals("text_completion", Http.parse(d).get("object"));
        }
        assertEquals(" Hello and welcome!", text.toString());
        assertEquals("stop", choice(Http.parse(got.get(3))).get("finish_reason"));
    }

    @Test
    void embeddingsUseV1Embed() {
        cohereApi.upstream().on("/v1/embed", json(200, Fixtures.read("cohere/v1-embed-response.json")));
        try (var embedder = ProxyUnderTest.serving("cohere", "embed-english-v3.0", cohereApi.upstream().baseUrl() + "/v1", KEY)) {
            var r = Http.post(embedder.url("/embeddings"), "{\"model\":\"e\",\"input\":[\"hello\",\"goodbye\"]}");
            assertEquals(200, r.status(), r.body());
            assertEquals(Http.parse(Fixtures.read("cohere/v1-embed-request.json")), cohereApi.upstream().last().json());
            var data = (List<Map<String, Object>>) r.json().get("data");
            assertEquals(2, data.size());
            assertEquals(List.of(0.025283813, -0.0038146973, -0.05407715), data.get(1).get("embedding"));
            assertEquals(Map.of("prompt_tokens", 2, "completion_tokens", 0, "total_tokens", 2), r.json().get("usage"));
        }
    }

    @ParameterizedTest(name = "upstream {0}")
    @CsvSource({"400, cohere/error-400-too-many-tokens.json", "401, cohere/error-401.json", "404, cohere/error-404-model.json", "429, cohere/error-429.json"})
    void errorsKeepStatusAndCoheresMessage(int status, String file) {
        cohereApi.upstream().on("/v1/chat", json(status, Fixtures.read(file), Map.of("Retry-After", "30")));
        var r = Http.post(cohereApi.url("/chat/completions"), CHAT + "}");
        assertEquals(status, r.status());
        assertEquals(Http.parse(Fixtures.read(file)).get("message"), r.error().get("message"));
        if (status == 429) assertEquals("30", r.header("retry-after"));
        assertFalse(r.body().contains(KEY));
    }
}
