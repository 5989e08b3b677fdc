package litellm.e2e.providers;

import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.ProviderUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static litellm.testing.FakeUpstream.json;
import static litellm.testing.FakeUpstream.sse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The proxy in front of an OpenAI(-compatible) upstream that answers with OpenAI's real wire format. */
class OpenAiProviderTest {
    static final String KEY = "sk-test-0123456789abcdef";
    @RegisterExtension
    static final ProviderUnderTest openai = new ProviderUnderTest("openai", "gpt-4o-mini", "/v1", KEY);
    static final ProviderUnderTest.Proxy o3 = openai.serving("o3-mini");

    @Test
    void aReasoningModelGetsMaxTokensAsMaxCompletionTokens() {
        openai.upstream().on("/v1/chat/completions", json(200, Fixtures.read("openai/chat/response.json")));
        String ask = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":100}";
        assertEquals(200, Http.post(o3.url("/chat/completions"), ask).status());
        var sent = openai.upstream().last().json();
        assertEquals(100, sent.get("max_completion_tokens"), "OpenAI refuses max_tokens for o-series models");
        assertFalse(sent.containsKey("max_tokens"));

        assertEquals(200, Http.post(openai.url("/chat/completions"), ask).status());
        assertEquals(100, openai.upstream().last().json().get("max_tokens"), "gpt-4o-mini, and servers behind --api_base, keep max_tokens");
        assertFalse(openai.upstream().last().json().containsKey("max_completion_tokens"));
    }

    @Test
    void chatCompletionReachesTheUpstreamAndComesBackUnchanged() {
        openai.upstream().on("/v1/chat/completions", json(200, Fixtures.read("openai/chat/response.json")));
        var r = Http.post(openai.url("/chat/completions"),
                "{\"model\":\"gpt-3.5-turbo\",\"messages\":[{\"role\":\"user\",\"content\":\"what llm are you\"}],\"temperature\":0.2}");

        assertEquals(200, r.status(), r.body());
        assertEquals(Http.parse(Fixtures.read("openai/chat/response.json")), r.json());
        var sent = openai.upstream().last();
        assertEquals("/v1/chat/completions", sent.path());
        assertEquals("Bearer " + KEY, sent.headers().get("authorization"));
        assertEquals("gpt-4o-mini", sent.json().get("model"), "the deployment's model, not the client's, goes upstream");
        assertEquals(List.of(Map.of("role", "user", "content", "what llm are you")), sent.json().get("messages"));
        assertEquals(0.2, sent.json().get("temperature"));
        assertFalse(sent.json().containsKey("stream_options"));
    }

    // Reasoning models behind OpenAI's API (DeepSeek-R1 on vLLM, qwen3 on llama.cpp) write their reasoning into the text:
    // LiteLLM answers with a leading <think>...</think> as reasoning_content.

    @Test
    void aLeadingThinkBlockBecomesReasoningContent() {
        var message = messageFor("<think>a</think>b");
        assertEquals("a", message.get("reasoning_content"));
        assertEquals("b", message.get("content"));
        assertEquals(List.of("role", "content", "refusal", "annotations", "reasoning_content"), List.copyOf(message.keySet()), "the rest as it came");

        var multiline = messageFor("<think>\nStep 1.\n</think>\n\nIt is <b>391</b>. </think> stays.");
        assertEquals("\nStep 1.\n", multiline.get("reasoning_content"), "up to the first </think>, across lines");
        assertEquals("\n\nIt is <b>391</b>. </think> stays.", multiline.get("content"), "the rest as it is, not trimmed");
    }

    @Test
    void thinkTagsAnywhereButAtTheStartStayInTheContent() {
        String both = Fixtures.read("openai/chat/n2-response.json")
                .replace("\"Hi there!\"", "\"Sure: <think>a</think>b\"")
                .replace("\"Hello!\"", "\"<think>a</think>b\"");
        var messages = messagesOfTwoChoices(both);
        assertEquals("Sure: <think>a</think>b", messages.get(0).get("content"), "LiteLLM's re.match anchors at the start");
        assertFalse(messages.get(0).containsKey("reasoning_content"));
        assertEquals("b", messages.get(1).get("content"), "each choice on its own");
        assertEquals("a", messages.get(1).get("reasoning_content"));

        for (String text : List.of("<think>never closed", " <think>a</think>b", "", "Hello!")) {
            var message = messageFor(text);
            assertEquals(text, message.get("content"), text);
            assertFalse(message.containsKey("reasoning_content"), text);
        }
    }

    @Test
    void aMessageThatHasReasoningContentIsLeftAlone() {
        String body = Fixtures.read("openai/chat/n2-response.json")
                .replace("\"Hi there!\"", "\"<think>a</think>b\", \"reasoning_content\": \"r\"")
                .replace("\"Hello!\"", "\"<think>a</think>b\"");
        var messages = messagesOfTwoChoices(body);
        assertEquals("<think>a</think>b", messages.get(0).get("content"), "the upstream already split what it wanted split");
        assertEquals("r", messages.get(0).get("reasoning_content"));
        assertEquals("b", messages.get(1).get("content"), "the other choice, without one, is split");
        assertEquals("a", messages.get(1).get("reasoning_content"));
    }

    /** The two messages of an n=2 chat completion through the proxy, whose upstream answers {@code upstreamBody}. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> messagesOfTwoChoices(String upstreamBody) {
        openai.upstream().on("/v1/chat/completions", json(200, upstreamBody));
        var r = Http.post(openai.url("/chat/completions"), "{\"model\":\"m\",\"n\":2,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(200, r.status(), r.body());
        return ((List<Map<String, Object>>) r.json().get("choices")).stream().map(c -> (Map<String, Object>) c.get("message")).toList();
    }

    /** The message a client gets when the upstream's chat answer has {@code content} as its text. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> messageFor(String content) {
        openai.upstream().on("/v1/chat/completions", json(200, Fixtures.read("openai/chat/response.json")
                .replace("\"Hello! How can I assist you today?\"", litellm.json.Json.text(content))));
        var r = Http.post(openai.url("/chat/completions"), "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(200, r.status(), r.body());
        return (Map<String, Object>) ((List<Map<String, Object>>) r.json().get("choices")).get(0).get("message");
    }

    @Test
    void streamRelaysEveryUpstreamChunkThenDone() {
        String raw = Fixtures.read("openai/chat/stream.txt");
        List<String> got = streamedThrough(raw,
                "{\"model\":\"gpt-3.5-turbo\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        List<String> expected = FakeUpstream.dataOf(raw);
        assertEquals(expected.size(), got.size(), "one event out per event in: " + got);
        // Byte for byte: OpenAI's own chunks are relayed as the text they came as, not parsed and re-serialised.
        assertEquals(expected, got);
        assertEquals("[DONE]", got.get(got.size() - 1));
        assertTrue(got.get(got.size() - 2).contains("\"total_tokens\":17"), "the usage chunk is kept");
        var sent = openai.upstream().last().json();
        assertEquals(true, sent.get("stream"));
        assertEquals(Map.of("include_usage", true), sent.get("stream_options"));
    }

    @Test
    void aLiveRecordedStreamIsRelayedByteForByte() {
        String raw = Fixtures.read("openai/chat/stream-logprobs-usage.recorded.txt");
        List<String> got = streamedThrough(raw, "{\"model\":\"m\",\"stream\":true,\"logprobs\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(FakeUpstream.dataOf(raw), got);
    }

    /** The data payloads a client gets for {@code request} when the upstream streams {@code raw}. */
    private static List<String> streamedThrough(String raw, String request) {
        openai.upstream().on("/v1/chat/completions", sse(raw, 0));
        return Http.streamData(openai.url("/v1/chat/completions"), request);
    }

    @Test
    void chunksAreRelayedAsTheTextTheyCameAsNotReserialised() {
        // As a Python server writes JSON (json.dumps puts spaces after separators), with a float Jackson would rewrite.
        String chunk = "{\"id\": \"chatcmpl-1\", \"object\": \"chat.completion.chunk\", \"created\": 1, \"model\": \"m\", "
                + "\"choices\": [{\"index\": 0, \"delta\": {\"content\": \"hi\"}, \"logprobs\": {\"content\": [{\"logprob\": -1.0e-05}]}, \"finish_reason\": null}]}";
        openai.upstream().on("/v1/chat/completions", sse("data: " + chunk + "\n\ndata: [DONE]\n\n", 0));
        List<String> got = Http.streamData(openai.url("/v1/chat/completions"), "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(List.of(chunk, "[DONE]"), got);
    }

    @Test
    void streamForwardsEachChunkBeforeTheUpstreamHasFinished() throws Exception {
        var firstChunkSeen = new CountDownLatch(1);
        var upstreamFinished = new CountDownLatch(1);
        List<String> events = FakeUpstream.events(Fixtures.read("openai/chat/stream-no-usage.txt"));
        openai.upstream().on("/v1/chat/completions", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            var out = exchange.getResponseBody();
            out.write(events.get(0).getBytes());
            out.flush();
            // The rest comes only once the client has the first chunk: a buffering proxy would deadlock here.
            boolean seen = firstChunkSeen.await(10, TimeUnit.SECONDS);
            for (String e : events.subList(1, events.size())) out.write(e.getBytes());
            out.flush();
            if (seen) upstreamFinished.countDown();
        });
        List<String> got = new ArrayList<>();
        Http.stream(openai.url("/chat/completions"), "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", data -> {
            got.add(data);
            firstChunkSeen.countDown();
        });
        assertTrue(upstreamFinished.await(10, TimeUnit.SECONDS), "the first chunk reached the client while the upstream was still streaming");
        assertEquals(events.size(), got.size());
    }

    @Test
    void completionsPassLogprobsAndEchoThrough() {
        openai.upstream().on("/v1/completions", json(200, Fixtures.read("openai/completions/logprobs-echo-response.json")));
        var r = Http.post(openai.url("/completions"), Fixtures.read("openai/completions/logprobs-echo-request.json"));

        assertEquals(200, r.status(), r.body());
        assertEquals(Http.parse(Fixtures.read("openai/completions/logprobs-echo-response.json")), r.json());
        var sent = openai.upstream().last().json();
        assertEquals(true, sent.get("echo"));
        assertEquals(2, sent.get("logprobs"));
        assertEquals(3, sent.get("max_tokens"));
        assertEquals("Say this is a test", sent.get("prompt"));
    }

    @Test
    void completionsStream() {
        String raw = Fixtures.read("openai/completions/stream.txt");
        openai.upstream().on("/v1/completions", sse(raw, 0));
        List<String> got = Http.streamData(openai.url("/v1/completions"), Fixtures.read("openai/completions/stream-request.json"));
        assertEquals(FakeUpstream.events(raw).size(), got.size());
        assertEquals("[DONE]", got.get(got.size() - 1));
        assertEquals("text_completion", Http.parse(got.get(0)).get("object"));
    }

    @Test
    void embeddingsAsFloatsAndAsBase64() {
        openai.upstream().on("/v1/embeddings", json(200, Fixtures.read("openai/embeddings/response.json")));
        var floats = Http.post(openai.url("/embeddings"), Fixtures.read("openai/embeddings/request.json"));
        assertEquals(Http.parse(Fixtures.read("openai/embeddings/response.json")), floats.json());

        openai.upstream().on("/v1/embeddings", json(200, Fixtures.read("openai/embeddings/base64-response.json")));
        var base64 = Http.post(openai.url("/v1/embeddings"), Fixtures.read("openai/embeddings/base64-request.json"));
        assertEquals(Http.parse(Fixtures.read("openai/embeddings/base64-response.json")), base64.json());
        assertEquals("base64", openai.upstream().last().json().get("encoding_format"));
    }

    @Test
    void oldSdkAndAzureStylePathsCarryTheModelInThePath() {
        openai.upstream().on("/v1/completions", json(200, Fixtures.read("openai/completions/response.json")));
        var engines = Http.post(openai.url("/engines/davinci/completions"), "{\"prompt\":\"Say this is a test\"}");
        assertEquals(200, engines.status(), engines.body());

        openai.upstream().on("/v1/chat/completions", json(200, Fixtures.read("openai/chat/response.json")));
        var azure = Http.post(openai.url("/openai/deployments/my-gpt/chat/completions?api-version=2024-02-01"),
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(200, azure.status(), azure.body());
        assertEquals("gpt-4o-mini", openai.upstream().last().json().get("model"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void modelsListsTheServedModel() {
        for (String path : List.of("/models", "/v1/models")) {
            var r = Http.get(openai.url(path));
            assertEquals(200, r.status());
            assertEquals("list", r.json().get("object"));
            var data = (List<Map<String, Object>>) r.json().get("data");
            assertEquals(List.of("openai/gpt-4o-mini"), data.stream().map(m -> m.get("id")).toList());
        }
        var one = Http.get(openai.url("/v1/models/openai/gpt-4o-mini"));
        assertEquals(200, one.status(), one.body());
        assertEquals("openai/gpt-4o-mini", one.json().get("id"));
        assertEquals(404, Http.get(openai.url("/v1/models/nope")).status());
    }
}
