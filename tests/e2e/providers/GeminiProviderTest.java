package litellm.e2e.providers;

import litellm.json.Json;
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
import static litellm.testing.FakeUpstream.sse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** providers/gemini.groovy against Gemini's generateContent, streamGenerateContent (alt=sse) and embedContent wire format. */
@SuppressWarnings("unchecked")
class GeminiProviderTest {
    static final String KEY = "AIzaTestKey0123456789";
    static final String CHAT = "{\"model\":\"gemini-pro\",\"messages\":["
            + "{\"role\":\"system\",\"content\":\"You are a helpful assistant.\"},"
            + "{\"role\":\"user\",\"content\":\"Hello\"},"
            + "{\"role\":\"assistant\",\"content\":\"Hi! How can I help?\"},"
            + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Write a haiku about the sea.\"}]}],"
            + "\"max_tokens\":256,\"temperature\":0.7,\"top_p\":0.95,\"top_k\":40,\"stop\":[\"\\n\\n\\n\"],\"n\":1,"
            + "\"presence_penalty\":0.0,\"frequency_penalty\":0.0,\"seed\":42";
    @RegisterExtension
    static final ProviderUnderTest geminiApi = new ProviderUnderTest("gemini", "gemini-1.5-flash", "/v1beta", KEY);
    static final ProviderUnderTest.Proxy flash25 = geminiApi.serving("gemini-2.5-flash");
    static final ProviderUnderTest.Proxy pro3 = geminiApi.serving("gemini-3-pro-preview");

    @ParameterizedTest(name = "{0} -> {1} / {2}, thoughts {3}")
    @CsvSource({"none, 0, minimal, false", "minimal, 512, minimal, true", "low, 1024, low, true", "medium, 2048, medium, true", "high, 4096, high, true"})
    void reasoningEffortIsABudgetOn25OrALevelOn3AndAsksForThoughtSummaries(String effort, int budget, String level, boolean thoughts) {
        String ask = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"reasoning_effort\":\"" + effort + "\"}";
        geminiApi.upstream().on("/v1beta/models/gemini-2.5-flash:generateContent", json(200, Fixtures.read("gemini/generateContent-response-2025.json")));
        assertEquals(200, Http.post(flash25.url("/chat/completions"), ask).status());
        assertEquals(Map.of("thinkingConfig", Map.of("thinkingBudget", budget, "includeThoughts", thoughts)), geminiApi.upstream().last().json().get("generationConfig"),
                "as LiteLLM: thought summaries asked for unless thinking is off");

        geminiApi.upstream().on("/v1beta/models/gemini-3-pro-preview:generateContent", json(200, Fixtures.read("gemini/generateContent-response-2025.json")));
        assertEquals(200, Http.post(pro3.url("/chat/completions"), ask).status());
        assertEquals(Map.of("thinkingConfig", Map.of("thinkingLevel", level, "includeThoughts", thoughts)), geminiApi.upstream().last().json().get("generationConfig"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"type\":\"enabled\",\"budget_tokens\":2048}|{\"thinkingBudget\":2048,\"includeThoughts\":true}|{\"includeThoughts\":true}",
            "{\"type\":\"enabled\",\"budget_tokens\":0}|{\"thinkingBudget\":0,\"includeThoughts\":false}|{\"includeThoughts\":false}",
            "{\"type\":\"disabled\"}|{\"includeThoughts\":false}|{\"includeThoughts\":false}"})
    void anthropicsThinkingParameterWinsOverReasoningEffortAsInLiteLlm(String thinking, String on25, String on3) {
        String ask = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"reasoning_effort\":\"high\",\"thinking\":" + thinking + "}";
        geminiApi.upstream().on("/v1beta/models/gemini-2.5-flash:generateContent", json(200, Fixtures.read("gemini/generateContent-response-2025.json")));
        var r = Http.post(flash25.url("/chat/completions"), ask);
        assertEquals(200, r.status(), r.body());
        assertEquals(Map.of("thinkingConfig", Http.parse(on25)), geminiApi.upstream().last().json().get("generationConfig"));

        geminiApi.upstream().on("/v1beta/models/gemini-3-pro-preview:generateContent", json(200, Fixtures.read("gemini/generateContent-response-2025.json")));
        assertEquals(200, Http.post(pro3.url("/chat/completions"), ask).status());
        assertEquals(Map.of("thinkingConfig", Http.parse(on3)), geminiApi.upstream().last().json().get("generationConfig"), "Gemini 3 keeps its own level");
    }

    /** The text of a fixture's first candidate's parts that are thoughts, or that are not. */
    static String parts(Map<String, Object> response, boolean thought) {
        var content = (Map<String, Object>) ((List<Map<String, Object>>) response.get("candidates")).get(0).get("content");
        return ((List<Map<String, Object>>) content.get("parts")).stream().filter(p -> thought == Boolean.TRUE.equals(p.get("thought")))
                .map(p -> p.get("text").toString()).reduce("", String::concat);
    }

    @Test
    void thoughtSummariesAreReasoningContentNotContent() {
        String body = Fixtures.read("gemini/generateContent-thinking-response.json");
        geminiApi.upstream().on("/v1beta/models/gemini-2.5-flash:generateContent", json(200, body));
        var r = Http.post(flash25.url("/chat/completions"), "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"What is the sum of the first 50 prime numbers?\"}],\"reasoning_effort\":\"low\"}");

        assertEquals(200, r.status(), r.body());
        var fixture = Http.parse(body);
        assertTrue(parts(fixture, true).startsWith("**Listing the primes**"));
        assertEquals(Map.of("role", "assistant", "content", parts(fixture, false), "reasoning_content", parts(fixture, true),
                "thinking_blocks", List.of(Map.of("type", "thinking", "thinking", parts(fixture, true)))), choice(r.json()).get("message"),
                "as LiteLLM: a thought part is a thinking block too (this one unsigned)");
        assertEquals("stop", choice(r.json()).get("finish_reason"));
        assertEquals(Map.of("prompt_tokens", 12, "completion_tokens", 1082, "total_tokens", 1094, "completion_tokens_details", Map.of("reasoning_tokens", 1061)),
                r.json().get("usage"));
    }

    @Test
    void streamedThoughtSummariesAreReasoningContentDeltas() {
        String raw = Fixtures.read("gemini/streamGenerateContent-thinking-sse.txt");
        geminiApi.upstream().on("/v1beta/models/gemini-2.5-flash:streamGenerateContent", sse(raw, 0));
        List<String> got = Http.streamData(flash25.url("/chat/completions"), "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Who lives in each house?\"}],"
                + "\"reasoning_effort\":\"medium\",\"stream\":true}");

        assertEquals(Map.of("thinkingBudget", 2048, "includeThoughts", true), ((Map<String, Object>) geminiApi.upstream().last().json().get("generationConfig")).get("thinkingConfig"));
        assertEquals(5, got.size(), got.toString());
        assertEquals("[DONE]", got.get(4));
        List<Map<String, Object>> deltas = got.subList(0, 4).stream().map(d -> (Map<String, Object>) choice(Http.parse(d)).get("delta")).toList();
        List<Map<String, Object>> events = java.util.Arrays.stream(raw.split("\r\n\r\n")).map(e -> Http.parse(e.substring("data: ".length()))).toList();
        assertEquals("assistant", deltas.get(0).get("role"));
        for (int i = 0; i < 4; i++) {
            boolean thought = i < 2;
            assertEquals(thought ? parts(events.get(i), true) : null, deltas.get(i).get("reasoning_content"), "event " + i);
            assertEquals(thought ? null : parts(events.get(i), false), deltas.get(i).get("content"), "event " + i + ": a thought is never content");
        }
        assertEquals("stop", choice(Http.parse(got.get(3))).get("finish_reason"));
    }

    static final String TEXT_SIGNATURE = "EpcCCpQCAdHtim9Lk2eR4xVqP0sWb7nJc3ZyT8uFhA1mQwE6oGd5KiX2rNvL0pBf==";
    static final String THINK = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"A bat and a ball cost $1.10. The bat costs $1 more. What does the ball cost?\"}],"
            + "\"reasoning_effort\":\"high\"";

    /** The first request's question, the assistant's message as the client got it, and a next question. */
    static String nextTurn(Map<String, Object> assistant) {
        var body = Http.parse(THINK + "}");
        var messages = new java.util.ArrayList<>((List<Object>) body.get("messages"));
        messages.add(assistant);
        messages.add(Map.of("role", "user", "content", "And if the bat cost $2 more?"));
        body.put("messages", messages);
        return Json.text(body);
    }

    static Map<String, Object> modelTurn() {
        return ((List<Map<String, Object>>) geminiApi.upstream().last().json().get("contents")).get(1);
    }

    @Test
    void aSignedTextAnswerKeepsItsSignatureInProviderSpecificFieldsAndSendsItBackOnItsText() {
        // Gemini 3 signs a text answer's last part; LiteLLM returns the signature in provider_specific_fields.thought_signatures
        String body = Fixtures.read("gemini/generateContent-thinking-signed-response.json");
        geminiApi.upstream().on("/v1beta/models/gemini-3-pro-preview:generateContent", json(200, body));
        var r = Http.post(pro3.url("/chat/completions"), THINK + "}");
        assertEquals(200, r.status(), r.body());
        var fixture = Http.parse(body);
        String thought = parts(fixture, true), answer = parts(fixture, false);
        var message = (Map<String, Object>) choice(r.json()).get("message");
        assertEquals(Map.of("role", "assistant", "content", answer, "reasoning_content", thought,
                "thinking_blocks", List.of(Map.of("type", "thinking", "thinking", thought)),
                "provider_specific_fields", Map.of("thought_signatures", List.of(TEXT_SIGNATURE))), message);

        // Sent back as it came: the thought summary as a thought part (once), the signature on the text it signed
        assertEquals(200, Http.post(pro3.url("/chat/completions"), nextTurn(message)).status());
        assertEquals(Map.of("role", "model", "parts", List.of(Map.of("text", thought, "thought", true),
                Map.of("text", answer, "thoughtSignature", TEXT_SIGNATURE))), modelTurn());
    }

    @Test
    void aSignedThoughtIsASignedThinkingBlockAndGoesBackAsTheSignedThoughtPart() {
        // Gemini may sign a thought part instead (reported by LiteLLM's users); the signature stays on that part
        var answer = Http.parse(Fixtures.read("gemini/generateContent-thinking-signed-response.json"));
        var parts = (List<Map<String, Object>>) ((Map<String, Object>) ((List<Map<String, Object>>) answer.get("candidates")).get(0).get("content")).get("parts");
        parts.get(0).put("thoughtSignature", parts.get(1).remove("thoughtSignature"));
        geminiApi.upstream().on("/v1beta/models/gemini-3-pro-preview:generateContent", json(200, Json.text(answer)));
        var r = Http.post(pro3.url("/chat/completions"), THINK + "}");
        assertEquals(200, r.status(), r.body());
        String thought = parts(answer, true), text = parts(answer, false);
        var message = (Map<String, Object>) choice(r.json()).get("message");
        assertEquals(List.of(Map.of("type", "thinking", "thinking", thought, "signature", TEXT_SIGNATURE)), message.get("thinking_blocks"));
        assertEquals(Map.of("thought_signatures", List.of(TEXT_SIGNATURE)), message.get("provider_specific_fields"), "as LiteLLM: every signature of a part that is no call");

        assertEquals(200, Http.post(pro3.url("/chat/completions"), nextTurn(message)).status());
        assertEquals(List.of(Map.of("text", thought, "thought", true, "thoughtSignature", TEXT_SIGNATURE), Map.of("text", text)), modelTurn().get("parts"),
                "the thinking block is a thought part again, reasoning_content not sent twice, the signature not moved to the text");
    }

    @Test
    void aChatThatMovesHereFromClaudeLeavesClaudesSignedThinkingBehind() {
        // Gemini refuses signatures it did not make; LiteLLM would send Claude's
        geminiApi.upstream().on("/v1beta/models/gemini-3-pro-preview:generateContent", json(200, Fixtures.read("gemini/generateContent-thinking-signed-response.json")));
        Map<String, Object> claude = Map.of("role", "assistant", "content", "The ball costs $0.05.", "reasoning_content", "Let x be the ball.",
                "thinking_blocks", List.of(Map.of("type", "thinking", "thinking", "Let x be the ball.", "signature", "EqQBCkgIARABGAIiQL2")));
        assertEquals(200, Http.post(pro3.url("/chat/completions"), nextTurn(claude)).status());
        assertEquals(List.of(Map.of("text", "The ball costs $0.05.")), modelTurn().get("parts"));
    }

    @Test
    void aStreamedAnswersSignatureComesInTheLastDeltaAndGoesBackOnItsText() {
        // In a stream Gemini signs an empty text part of the last event; LiteLLM's deltas carry no thinking_blocks
        geminiApi.upstream().on("/v1beta/models/gemini-3-pro-preview:streamGenerateContent", sse(Fixtures.read("gemini/streamGenerateContent-thinking-signed-sse.txt"), 0));
        List<String> got = Http.streamData(pro3.url("/chat/completions"), THINK + ",\"stream\":true}");
        assertEquals(5, got.size(), got.toString());
        List<Map<String, Object>> deltas = got.subList(0, 4).stream().map(d -> (Map<String, Object>) choice(Http.parse(d)).get("delta")).toList();
        assertTrue(deltas.stream().noneMatch(d -> d.containsKey("thinking_blocks")), deltas.toString());
        for (int i = 0; i < 3; i++) assertNull(deltas.get(i).get("provider_specific_fields"), "event " + i);
        assertEquals(Map.of("content", "", "provider_specific_fields", Map.of("thought_signatures", List.of(TEXT_SIGNATURE))), deltas.get(3));

        // The client's message, put together from the deltas as LiteLLM's stream_chunk_builder does
        String reasoning = deltas.stream().map(d -> (String) d.get("reasoning_content")).filter(java.util.Objects::nonNull).reduce("", String::concat);
        String content = deltas.stream().map(d -> (String) d.get("content")).filter(java.util.Objects::nonNull).reduce("", String::concat);
        assertEquals("The ball costs **$0.05** and the bat **$1.05**.", content);
        assertEquals(200, Http.post(pro3.url("/chat/completions"), nextTurn(Map.of("role", "assistant", "content", content, "reasoning_content", reasoning,
                "provider_specific_fields", deltas.get(3).get("provider_specific_fields")))).status());
        assertEquals(List.of(Map.of("text", reasoning, "thought", true), Map.of("text", content, "thoughtSignature", TEXT_SIGNATURE)), modelTurn().get("parts"));
    }

    @Test
    void anUnknownReasoningEffortIs400() {
        var r = Http.post(flash25.url("/chat/completions"), "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"reasoning_effort\":\"extreme\"}");
        assertEquals(400, r.status(), r.body());
        assertEquals("reasoning_effort", r.error().get("param"));
        assertTrue(r.error().get("message").toString().contains("none, minimal, low, medium, high"), r.body());
    }

    @Test
    void chatBecomesGenerateContentWithSystemInstructionAndModelRole() {
        geminiApi.upstream().on("/v1beta/models/gemini-1.5-flash:generateContent", json(200, Fixtures.read("gemini/generateContent-response.json")));
        var r = Http.post(geminiApi.url("/chat/completions"), CHAT + "}");

        assertEquals(200, r.status(), r.body());
        var sent = geminiApi.upstream().last();
        assertEquals("/v1beta/models/gemini-1.5-flash:generateContent", sent.path());
        assertNull(sent.query(), "the key is not in the URL");
        assertEquals(KEY, sent.headers().get("x-goog-api-key"));
        Map<String, Object> expected = Http.parse(Fixtures.read("gemini/generateContent-request.json"));
        expected.remove("safetySettings"); // the client sets none
        assertEquals(expected, sent.json());

        var choice = choice(r.json());
        assertEquals("chat.completion", r.json().get("object"));
        assertEquals(Map.of("role", "assistant", "content", "Waves fold into foam,\nsalt wind carries gull voices,\nthe tide keeps its time."), choice.get("message"));
        assertEquals("stop", choice.get("finish_reason"));
        assertEquals(Map.of("prompt_tokens", 21, "completion_tokens", 19, "total_tokens", 40), r.json().get("usage"));
    }

    @Test
    void consecutiveTurnsOfOneRoleAreMergedAndEmptySettingsLeftOut() {
        geminiApi.upstream().on("/v1beta/models/gemini-1.5-flash:generateContent", json(200, Fixtures.read("gemini/generateContent-response-2023-12.json")));
        var r = Http.post(geminiApi.url("/chat/completions"), "{\"model\":\"g\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"user\",\"content\":\"b\"}]}");
        assertEquals(200, r.status(), r.body());
        assertEquals(Map.of("contents", List.of(Map.of("role", "user", "parts", List.of(Map.of("text", "a"), Map.of("text", "b"))))), geminiApi.upstream().last().json());
        assertEquals(Map.of("prompt_tokens", 0, "completion_tokens", 0, "total_tokens", 0), r.json().get("usage"), "2023 bodies had no usageMetadata");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"STOP, stop", "MAX_TOKENS, length", "SAFETY, content_filter", "RECITATION, content_filter", "OTHER, stop"})
    void finishReasons(String gemini, String openai) {
        String body = Fixtures.read("gemini/generateContent-response.json").replace("\"STOP\"", "\"" + gemini + "\"");
        geminiApi.upstream().on("/v1beta/models/gemini-1.5-flash:generateContent", json(200, body));
        var r = Http.post(geminiApi.url("/chat/completions"), CHAT + "}");
        assertEquals(openai, choice(r.json()).get("finish_reason"));
    }

    @Test
    void aBlockedPromptIsAContentFilterError() {
        geminiApi.upstream().on("/v1beta/models/gemini-1.5-flash:generateContent", json(200, Fixtures.read("gemini/generateContent-response-prompt-blocked.json")));
        var r = Http.post(geminiApi.url("/chat/completions"), CHAT + "}");
        assertEquals(400, r.status(), r.body());
        assertEquals("content_filter", r.error().get("code"));
        assertTrue(r.error().get("message").toString().contains("SAFETY"));
    }

    @Test
    void streamUsesAltSseAndMapsEachCrlfEventToAChunk() {
        String raw = Fixtures.read("gemini/streamGenerateContent-sse.txt");
        assertTrue(raw.contains("\r\n\r\n"), "Google separates events with CRLF");
        geminiApi.upstream().on("/v1beta/models/gemini-1.5-flash:streamGenerateContent", sse(raw, 0));
        List<String> got = Http.streamData(geminiApi.url("/chat/completions"), CHAT + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}");

        var sent = geminiApi.upstream().last();
        assertEquals("alt=sse", sent.query());
        assertEquals(KEY, sent.headers().get("x-goog-api-key"));
        assertFalse(sent.json().containsKey("stream"));
        assertEquals(5, got.size(), got.toString());
        List<Map<String, Object>> chunks = got.subList(0, 4).stream().map(Http::parse).toList();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            var choice = choice(chunks.get(i));
            var delta = (Map<String, Object>) choice.get("delta");
            assertEquals(i == 0 ? "assistant" : null, delta.get("role"));
            text.append(delta.get("content"));
            assertEquals(i == 2 ? "stop" : null, choice.get("finish_reason"));
            assertEquals(chunks.get(0).get("id"), chunks.get(i).get("id"), "one id for the stream");
            assertEquals("chat.completion.chunk", chunks.get(i).get("object"));
        }
        assertEquals("Waves fold into foam,\nsalt wind carries gull voices,\nthe tide keeps its time.", text.toString());
        assertEquals(List.of(), chunks.get(3).get("choices"));
        assertEquals(Map.of("prompt_tokens", 21, "completion_tokens", 19, "total_tokens", 40), chunks.get(3).get("usage"));
        assertEquals("[DONE]", got.get(4));
    }

    @Test
    void lfSeparatedStreamWithASafetyStop() {
        geminiApi.upstream().on("/v1beta/models/gemini-1.5-flash:streamGenerateContent", sse(Fixtures.read("gemini/streamGenerateContent-sse.semantic-kernel-testdata.txt"), 0));
        List<String> got = Http.streamData(geminiApi.url("/chat/completions"), CHAT + ",\"stream\":true}");
        assertEquals(5, got.size(), got.toString());
        var last = choice(Http.parse(got.get(3)));
        assertEquals("content_filter", last.get("finish_reason"));
        assertEquals("", ((Map<String, Object>) last.get("delta")).get("content"));
    }

    @Test
    void anErrorEventMidStreamBecomesAnSseError() {
        String raw = Fixtures.read("gemini/streamGenerateContent-sse.txt").split("\r\n\r\n")[0] + "\r\n\r\n"
                + "data: " + Fixtures.read("gemini/error-503.json").replaceAll("\\s*\n\\s*", "") + "\r\n\r\n";
        geminiApi.upstream().on("/v1beta/models/gemini-1.5-flash:streamGenerateContent", sse(raw, 0));
        var r = Http.stream(geminiApi.url("/chat/completions"), CHAT + ",\"stream\":true}", d -> {});
        assertTrue(r.body().contains("\"error\""), r.body());
        assertTrue(r.body().contains(Http.parse(Fixtures.read("gemini/error-503.json")).get("error") instanceof Map<?, ?> e ? e.get("message").toString() : "?"), r.body());
    }

    @Test
    void oneInputIsEmbedContentSeveralAreBatchEmbedContents() {
        geminiApi.upstream().on("/v1beta/models/text-embedding-004:embedContent", json(200, Fixtures.read("gemini/embedContent-response.json")));
        try (var embedder = ProxyUnderTest.serving("gemini", "text-embedding-004", geminiApi.upstream().baseUrl() + "/v1beta", KEY)) {
            var one = Http.post(embedder.url("/embeddings"), "{\"model\":\"e\",\"input\":\"Hello world\"}");
            assertEquals(200, one.status(), one.body());
            Map<String, Object> expected = Http.parse(Fixtures.read("gemini/embedContent-request.json"));
            expected.remove("taskType");
            assertEquals(expected, geminiApi.upstream().last().json());
            var data = (List<Map<String, Object>>) one.json().get("data");
            assertEquals(((Map<String, Object>) Http.parse(Fixtures.read("gemini/embedContent-response.json")).get("embedding")).get("values"), data.get(0).get("embedding"));

            geminiApi.upstream().on("/v1beta/models/text-embedding-004:batchEmbedContents", json(200, Fixtures.read("gemini/batchEmbedContents-response.json")));
            var two = Http.post(embedder.url("/embeddings"), "{\"model\":\"e\",\"input\":[\"a\",\"b\"]}");
            assertEquals(200, two.status(), two.body());
            var requests = (List<Map<String, Object>>) geminiApi.upstream().last().json().get("requests");
            assertEquals(List.of("models/text-embedding-004", "models/text-embedding-004"), requests.stream().map(q -> q.get("model")).toList());
            assertEquals(Map.of("parts", List.of(Map.of("text", "b"))), requests.get(1).get("content"));
            var vectors = (List<Map<String, Object>>) two.json().get("data");
            assertEquals(2, vectors.size());
            assertEquals(1, vectors.get(1).get("index"));
            assertEquals(0.021553706, ((List<Number>) vectors.get(1).get("embedding")).get(0).doubleValue());
        }
    }

    /** Google's own message, and the status LiteLLM gives: a wrong key (Google's 400 API_KEY_INVALID) is a 401. */
    @ParameterizedTest(name = "upstream {0} -> {1}")
    @CsvSource({"400, 401, gemini/error-400-api-key.json, API key not valid. Please pass a valid API key.",
            "404, 404, gemini/error-404-model.json, ",
            "429, 429, gemini/error-429.json, Resource has been exhausted (e.g. check quota).",
            "500, 500, gemini/error-500.json, "})
    void errorsKeepGooglesMessage(int upstreamStatus, int status, String file, String message) {
        geminiApi.upstream().on("/v1beta/models/gemini-1.5-flash:generateContent", json(upstreamStatus, Fixtures.read(file), Map.of("Retry-After", "7")));
        var r = Http.post(geminiApi.url("/chat/completions"), CHAT + "}");
        assertEquals(status, r.status());
        String expected = ((Map<String, Object>) Http.parse(Fixtures.read(file)).get("error")).get("message").toString();
        assertEquals(expected, r.error().get("message"));
        if (message != null) assertEquals(message, expected);
        if (status == 429) assertEquals("7", r.header("retry-after"));
    }
}
