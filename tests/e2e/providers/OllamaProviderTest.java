package litellm.e2e.providers;

import litellm.testing.WeatherTool;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.ProviderUnderTest;
import litellm.testing.ProxyUnderTest;
import litellm.testing.OpenAiSdk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static litellm.testing.OpenAiResponses.choices;
import static litellm.testing.FakeUpstream.json;
import static litellm.testing.FakeUpstream.sse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ollama/: the native /api/chat, /api/generate and /api/embed, NDJSON streams, from Ollama's documented wire format. */
@SuppressWarnings("unchecked")
class OllamaProviderTest {
    @RegisterExtension
    static final ProviderUnderTest ollama = new ProviderUnderTest("ollama", "", null);
    static final ProviderUnderTest.Proxy proxy = ollama.serving("llama3.2"), withKey = ollama.serving(base -> {
                var d = litellm.LiteLLM.deployment("cloud", "ollama_chat/gpt-oss:120b", base, null, new litellm.provider.ProviderScripts(null));
                return ProxyUnderTest.serving(new litellm.routing.Deployment(d.modelName(), d.provider(), d.model(), d.apiBase(), "ollama-key-0123", null, Map.of()),
                        litellm.config.Settings.defaults(), null);
            }), embedder = ollama.serving("all-minilm"), gptOss = ollama.serving("gpt-oss:20b");

    /** ollama_chat/ is LiteLLM's name for /api/chat; a configured key goes as a Bearer token (Ollama's cloud, a proxy in front). */
    @Test
    void ollamaChatWithAKeySendsItAsABearerToken() {
        ollama.upstream().on("/api/chat", json(200, Fixtures.read("ollama/chat-response.json")));
        var r = Http.post(withKey.url("/chat/completions"), "{\"model\":\"cloud\",\"messages\":[{\"role\":\"user\",\"content\":\"why is the sky blue?\"}]}");
        assertEquals(200, r.status(), r.body());
        var sent = ollama.upstream().last();
        assertEquals("/api/chat", sent.path());
        assertEquals("Bearer ollama-key-0123", sent.headers().get("authorization"));
        assertEquals("gpt-oss:120b", sent.json().get("model"));

        ollama.upstream().on("/api/generate", json(200, Fixtures.read("ollama/generate-response.json")));
        assertEquals(200, Http.post(withKey.url("/completions"), "{\"model\":\"cloud\",\"prompt\":\"hi\"}").status());
        assertEquals("Bearer ollama-key-0123", ollama.upstream().last().headers().get("authorization"));
    }

    @Test
    void toolCallArgumentsThatAreNoJsonAreA400NotA500() {
        // Ollama takes a tool call's arguments as an object: a string that is no JSON has no place in its request
        // (found by MalformedRequestsTest: the script's JSON parser threw a checked exception, and it was a 500).
        var r = Http.post(proxy.url("/chat/completions"), """
                {"model":"m","messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function",
                 "function":{"name":"f","arguments":"not json"}}]},{"role":"user","content":"hi"}]}""");
        assertEquals(400, r.status(), r.body());
        assertEquals("unsupported_request", r.error().get("code"), r.body());
        assertTrue(r.error().get("message").toString().contains("ollama.groovy:"), "names the script's line: " + r.body());
    }

    @Test
    void chatSendsMessagesWithOptionsAndMapsTheAnswer() {
        ollama.upstream().on("/api/chat", json(200, Fixtures.read("ollama/chat-response.json")));
        var r = Http.post(proxy.url("/chat/completions"), """
                {"model":"m","messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"why is the sky blue?"}],
                 "max_tokens":128,"temperature":0.7,"stop":"<|eot_id|>"}""");

        assertEquals(200, r.status(), r.body());
        var sent = ollama.upstream().last();
        assertEquals("/api/chat", sent.path());
        assertFalse(sent.headers().containsKey("authorization"));
        assertEquals(Http.parse(Fixtures.read("ollama/chat-request.json")), sent.json(), "exactly Ollama's request");
        var choice = choices(r.json()).get(0);
        assertEquals(Map.of("role", "assistant", "content", "Hello! How are you today?"), choice.get("message"));
        assertEquals("stop", choice.get("finish_reason"), "late-2023 answers have no done_reason");
        assertEquals(Map.of("prompt_tokens", 26, "completion_tokens", 298, "total_tokens", 324), r.json().get("usage"));
        assertEquals("llama3.2", r.json().get("model"));
    }

    @Test
    void completionsGoToGenerate() {
        ollama.upstream().on("/api/generate", json(200, Fixtures.read("ollama/generate-response-2024.json")));
        var r = Http.post(proxy.url("/completions"), """
                {"model":"m","prompt":"def compute_gcd(a, b):","max_tokens":128,"top_p":0.9,"seed":42,"stop":["\\n\\n"],"top_k":40,"echo":true}""");

        assertEquals(200, r.status(), r.body());
        var sent = ollama.upstream().last().json();
        assertEquals("llama3.2", sent.get("model"));
        assertEquals("def compute_gcd(a, b):", sent.get("prompt"));
        assertEquals(false, sent.get("stream"));
        assertEquals(Map.of("num_predict", 128, "top_p", 0.9, "seed", 42, "stop", List.of("\n\n"), "top_k", 40), sent.get("options"));
        assertFalse(sent.containsKey("echo"));
        var choice = choices(r.json()).get(0);
        assertEquals("def compute_gcd(a, b):\n  if a == 0:\n    return b\n  else:\n    return compute_gcd(b % a, a)\n", choice.get("text"));
        assertEquals("stop", choice.get("finish_reason"));
        assertEquals(Map.of("prompt_tokens", 17, "completion_tokens", 63, "total_tokens", 80), r.json().get("usage"));
    }

    @Test
    void doneReasonLengthIsFinishReasonLength() {
        ollama.upstream().on("/api/generate", json(200, Fixtures.read("ollama/generate-response-2024.json").replace("\"done_reason\": \"stop\"", "\"done_reason\": \"length\"")));
        var r = Http.post(proxy.url("/completions"), "{\"model\":\"m\",\"prompt\":\"x\",\"max_tokens\":63}");
        assertEquals("length", choices(r.json()).get(0).get("finish_reason"));
    }

    @Test
    void chatStreamIsNdjsonTurnedIntoChunks() {
        ollama.upstream().on("/api/chat", sse(Fixtures.read("ollama/chat-stream.ndjson"), 0));
        List<String> got = Http.streamData(proxy.url("/chat/completions"),
                "{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"why is the sky blue?\"}]}");

        assertEquals(true, ollama.upstream().last().json().get("stream"));
        assertEquals("[DONE]", got.get(got.size() - 1));
        var chunks = got.subList(0, got.size() - 1).stream().map(Http::parse).toList();
        assertEquals(5, chunks.size(), got.toString());
        assertEquals("The sky is blue.", String.join("", chunks.subList(0, 4).stream()
                .map(c -> (String) ((Map<String, Object>) choices(c).get(0).get("delta")).get("content")).toList()));
        assertNull(choices(chunks.get(2)).get(0).get("finish_reason"));
        assertEquals("stop", choices(chunks.get(3)).get(0).get("finish_reason"));
        assertEquals("chat.completion.chunk", chunks.get(0).get("object"));
        assertEquals("assistant", ((Map<String, Object>) choices(chunks.get(0)).get(0).get("delta")).get("role"));
        assertFalse(((Map<String, Object>) choices(chunks.get(1)).get(0).get("delta")).containsKey("role"), "the role comes once");
        assertEquals(1, chunks.stream().map(c -> c.get("id")).distinct().count());
        assertEquals(Map.of("prompt_tokens", 26, "completion_tokens", 4, "total_tokens", 30), chunks.get(4).get("usage"));
    }

    @Test
    void generateStream() {
        ollama.upstream().on("/api/generate", sse(Fixtures.read("ollama/generate-stream.ndjson"), 0));
        List<String> got = Http.streamData(proxy.url("/completions"), "{\"model\":\"m\",\"stream\":true,\"prompt\":\"Why is the sky blue?\"}");
        var chunks = got.subList(0, got.size() - 1).stream().map(Http::parse).toList();
        assertEquals(5, chunks.size(), "no usage chunk unless asked: " + got);
        assertEquals("The sky is blue.", String.join("", chunks.stream().map(c -> (String) choices(c).get(0).get("text")).toList()));
        assertEquals("text_completion", chunks.get(0).get("object"));
        assertEquals("stop", choices(chunks.get(4)).get(0).get("finish_reason"));
    }

    @Test
    void anErrorLineMidStreamBecomesAnSseError() {
        ollama.upstream().on("/api/generate", sse(Fixtures.read("ollama/stream-error.ndjson"), 0));
        List<String> got = Http.streamData(proxy.url("/completions"), "{\"model\":\"m\",\"stream\":true,\"prompt\":\"Is it?\"}");
        assertEquals(3, got.size(), got.toString());
        assertEquals(" Yes", choices(Http.parse(got.get(0))).get(0).get("text"));
        assertEquals("an error was encountered while running the model", ((Map<String, Object>) Http.parse(got.get(2)).get("error")).get("message"));
    }

    @Test
    void toolsGoAsTheyAreAndToolCallsComeBackWithStringArguments() {
        ollama.upstream().on("/api/chat", json(200, Fixtures.read("ollama/chat-tools-response.json")));
        var request = Http.parse(Fixtures.read("ollama/chat-tools-request.json"));
        request.put("stream", false);
        var r = Http.post(proxy.url("/chat/completions"), litellm.json.Json.text(request));
        assertEquals(200, r.status(), r.body());
        assertEquals(request.get("tools"), ollama.upstream().last().json().get("tools"));
        var choice = choices(r.json()).get(0);
        assertEquals("tool_calls", choice.get("finish_reason"));
        var call = ((List<Map<String, Object>>) ((Map<String, Object>) choice.get("message")).get("tool_calls")).get(0);
        assertEquals("function", call.get("type"));
        assertEquals(Map.of("name", "get_weather", "arguments", "{\"city\":\"Tokyo\"}"), call.get("function"));
        assertTrue(call.get("id").toString().startsWith("call_"));
    }

    @Test
    void aStreamedToolCallEndsWithFinishReasonToolCalls() {
        ollama.upstream().on("/api/chat", sse(Fixtures.read("ollama/chat-tools-stream.ndjson"), 0));
        String request = Fixtures.read("ollama/chat-tools-request.json");
        List<String> got = Http.streamData(proxy.url("/chat/completions"), request);

        assertEquals(Http.parse(request), ollama.upstream().last().json(), "tools go as they are, stream true");
        assertEquals(3, got.size(), got.toString());
        var first = choices(Http.parse(got.get(0))).get(0);
        assertNull(first.get("finish_reason"));
        var call = ((List<Map<String, Object>>) ((Map<String, Object>) first.get("delta")).get("tool_calls")).get(0);
        assertEquals(0, call.get("index"));
        assertEquals(Map.of("name", "get_weather", "arguments", "{\"city\":\"Tokyo\"}"), call.get("function"));
        assertEquals("tool_calls", choices(Http.parse(got.get(1))).get(0).get("finish_reason"), "Ollama says stop; a call arrived");
        assertEquals("[DONE]", got.get(2));

        ollama.upstream().on("/api/chat", sse(Fixtures.read("ollama/chat-tools-stream.ndjson"), 0));
        var completion = OpenAiSdk.streamed(proxy.get(), com.openai.models.chat.completions.ChatCompletionCreateParams.builder()
                .model("llama3.2").addUserMessage("what is the weather in tokyo?").addTool(WeatherTool.sdkTool()).build());
        var sdkCall = completion.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
        assertEquals("get_weather", sdkCall.function().name());
        assertEquals("{\"city\":\"Tokyo\"}", sdkCall.function().arguments());
        assertEquals("tool_calls", completion.choices().get(0).finishReason().asString());
    }

    @Test
    void aToolCallFollowUpSendsObjectArguments() {
        ollama.upstream().on("/api/chat", json(200, Fixtures.read("ollama/chat-response.json")));
        var r = Http.post(proxy.url("/chat/completions"), """
                {"model":"m","messages":[{"role":"user","content":"what is the weather in tokyo?"},
                 {"role":"assistant","content":"","tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Tokyo\\"}"}}]},
                 {"role":"tool","tool_call_id":"call_1","content":"11 degrees celsius"}]}""");
        assertEquals(200, r.status(), r.body());
        var messages = (List<Map<String, Object>>) ollama.upstream().last().json().get("messages");
        var expected = (List<Map<String, Object>>) Http.parse(Fixtures.read("ollama/chat-tools-followup-request.json")).get("messages");
        assertEquals(expected.get(1), messages.get(1));
        assertEquals("tool", messages.get(2).get("role"));
        assertEquals("11 degrees celsius", messages.get(2).get("content"));
    }

    @Test
    void embeddingsAsFloatsAndBase64() {
        ollama.upstream().on("/api/embed", json(200, Fixtures.read("ollama/embed-response.json")));
        var r = Http.post(embedder.url("/embeddings"), "{\"model\":\"m\",\"input\":[\"Why is the sky blue?\",\"Why is the grass green?\"]}");
        assertEquals(200, r.status(), r.body());
        assertEquals(Http.parse(Fixtures.read("ollama/embed-request.json")), ollama.upstream().last().json());
        var data = (List<Map<String, Object>>) r.json().get("data");
        assertEquals(2, data.size());
        assertEquals(0.010071029, ((List<Number>) data.get(0).get("embedding")).get(0).doubleValue(), 1e-9);
        assertEquals(1, data.get(1).get("index"));
        assertEquals(16, ((Map<String, Object>) r.json().get("usage")).get("prompt_tokens"));

        var b64 = Http.post(embedder.url("/embeddings"), "{\"model\":\"m\",\"input\":\"Why is the sky blue?\",\"encoding_format\":\"base64\"}");
        assertEquals(200, b64.status(), b64.body());
        assertTrue(((List<Map<String, Object>>) b64.json().get("data")).get(0).get("embedding") instanceof String);
        assertFalse(ollama.upstream().last().json().containsKey("encoding_format"));
    }

    @ParameterizedTest(name = "ollama {0}")
    @CsvSource({
            "404, ollama/error-404-model-not-found.json",
            "400, ollama/error-400.json",
            "500, ollama/error-500.json",
    })
    void errorsKeepStatusAndMessage(int status, String fixture) {
        ollama.upstream().on("/api/chat", json(status, Fixtures.read(fixture)));
        for (String stream : List.of("false", "true")) {
            var r = Http.post(proxy.url("/chat/completions"), "{\"model\":\"m\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            assertEquals(status, r.status(), r.body());
            assertEquals(Http.parse(Fixtures.read(fixture)).get("error"), r.error().get("message"));
        }
    }

    // Thinking models, as LiteLLM maps them for ollama_chat/ and ollama/.

    @ParameterizedTest(name = "{0} on llama3.2 -> {1}, on gpt-oss -> {2}")
    @CsvSource({"none, false, none", "minimal, false, minimal", "low, true, low", "medium, true, medium", "high, true, high"})
    void reasoningEffortIsThinkABooleanOrGptOsssLevel(String effort, boolean think, String level) {
        ollama.upstream().on("/api/chat", json(200, Fixtures.read("ollama/chat-response.json")));
        String ask = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"reasoning_effort\":\"" + effort + "\"}";
        var r = Http.post(proxy.url("/chat/completions"), ask);
        assertEquals(200, r.status(), r.body());
        var sent = ollama.upstream().last().json();
        assertEquals(think, sent.get("think"), "a top-level field, not an option");
        assertFalse(sent.containsKey("reasoning_effort"));
        assertNull(sent.get("options"));

        assertEquals(200, Http.post(gptOss.url("/chat/completions"), ask).status());
        assertEquals(level, ollama.upstream().last().json().get("think"), "gpt-oss takes the effort itself");
    }

    @Test
    void ollamasOwnThinkGoesAsGivenToChatAndGenerate() {
        ollama.upstream().on("/api/chat", json(200, Fixtures.read("ollama/chat-response.json")));
        var r = Http.post(gptOss.url("/chat/completions"), "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"think\":\"high\",\"reasoning_effort\":\"low\"}");
        assertEquals(200, r.status(), r.body());
        assertEquals("high", ollama.upstream().last().json().get("think"), "think wins over reasoning_effort");

        ollama.upstream().on("/api/generate", json(200, Fixtures.read("ollama/generate-response-2024.json")));
        assertEquals(200, Http.post(proxy.url("/completions"), "{\"model\":\"m\",\"prompt\":\"hi\",\"think\":false}").status());
        assertEquals(false, ollama.upstream().last().json().get("think"));
    }

    @Test
    void aThinkingAnswerIsReasoningContentNotContent() {
        String body = Fixtures.read("ollama/chat-thinking-response.json");
        ollama.upstream().on("/api/chat", json(200, body));
        var r = Http.post(proxy.url("/chat/completions"), """
                {"model":"m","messages":[{"role":"user","content":"How many letter r are in strawberry?"}],"reasoning_effort":"medium"}""");

        assertEquals(200, r.status(), r.body());
        assertEquals(true, ollama.upstream().last().json().get("think"));
        var message = (Map<String, Object>) Http.parse(body).get("message");
        assertEquals(Map.of("role", "assistant", "content", message.get("content"), "reasoning_content", message.get("thinking")), choices(r.json()).get(0).get("message"));
        assertEquals("stop", choices(r.json()).get(0).get("finish_reason"));
        assertEquals(Map.of("prompt_tokens", 18, "completion_tokens", 61, "total_tokens", 79), r.json().get("usage"));
    }

    @Test
    void anAssistantsReasoningContentGoesBackAsItsThinking() {
        ollama.upstream().on("/api/chat", json(200, Fixtures.read("ollama/chat-response.json")));
        var r = Http.post(proxy.url("/chat/completions"), """
                {"model":"m","messages":[{"role":"user","content":"What is 17 × 23?"},
                 {"role":"assistant","content":"17 × 23 = 391","reasoning_content":"17 × 23 = 340 + 51 = 391."},
                 {"role":"user","content":"And 17 × 24?"}]}""");
        assertEquals(200, r.status(), r.body());
        var messages = (List<Map<String, Object>>) ollama.upstream().last().json().get("messages");
        assertEquals(Map.of("role", "assistant", "content", "17 × 23 = 391", "thinking", "17 × 23 = 340 + 51 = 391."), messages.get(1));
        assertFalse(messages.get(2).containsKey("thinking"));
    }

    @Test
    void aThinkingStreamIsReasoningContentDeltasBeforeTheContent() {
        ollama.upstream().on("/api/chat", sse(Fixtures.read("ollama/chat-thinking-stream.ndjson"), 0));
        List<String> got = Http.streamData(proxy.url("/chat/completions"),
                "{\"model\":\"m\",\"stream\":true,\"reasoning_effort\":\"high\",\"messages\":[{\"role\":\"user\",\"content\":\"What is 17 × 23?\"}]}");

        assertEquals(true, ollama.upstream().last().json().get("think"));
        assertEquals("[DONE]", got.get(got.size() - 1));
        var deltas = deltas(got);
        assertEquals(6, deltas.size(), got.toString());
        assertEquals("assistant", deltas.get(0).get("role"));
        for (int i = 0; i < 3; i++) {
            assertTrue(deltas.get(i).get("reasoning_content") instanceof String, "chunk " + i + ": " + deltas.get(i));
            assertNull(deltas.get(i).get("content"), "chunk " + i + ": thinking is never content");
        }
        for (int i = 3; i < 6; i++) assertNull(deltas.get(i).get("reasoning_content"), "chunk " + i);
        assertEquals("17 × 23 = 340 + 51 = 391.", String.join("", deltas.subList(0, 3).stream().map(d -> (String) d.get("reasoning_content")).toList()));
        assertEquals("17 × 23 = 391", String.join("", deltas.subList(3, 6).stream().map(d -> (String) d.get("content")).toList()));
        assertEquals("stop", choices(Http.parse(got.get(5))).get(0).get("finish_reason"));
    }

    // Models that write their reasoning into the text (deepseek-r1, qwen3 without think), as LiteLLM's ollama_chat/ reads them.

    @Test
    void aLeadingThinkBlockInTheAnswerIsReasoningContent() {
        ollama.upstream().on("/api/chat", json(200, Fixtures.read("ollama/chat-response.json")
                .replace("\"Hello! How are you today?\"", "\"<think>\\nThe user greets me.\\n</think>\\n\\nHello! How are you today?\"")));
        var r = Http.post(proxy.url("/chat/completions"), "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(200, r.status(), r.body());
        assertEquals(Map.of("role", "assistant", "reasoning_content", "\nThe user greets me.\n", "content", "\n\nHello! How are you today?"),
                choices(r.json()).get(0).get("message"), "split as LiteLLM does, the text as it is (not trimmed)");

        // Ollama's own thinking wins: the text is then left as it came.
        ollama.upstream().on("/api/chat", json(200, Fixtures.read("ollama/chat-response.json")
                .replace("\"Hello! How are you today?\"", "\"<think>a</think>b\", \"thinking\": \"t\"")));
        var thinking = Http.post(proxy.url("/chat/completions"), "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(Map.of("role", "assistant", "content", "<think>a</think>b", "reasoning_content", "t"), choices(thinking.json()).get(0).get("message"));
    }

    @Test
    void thinkTagsInAStreamTurnItsTextIntoReasoningContentDeltasUntilTheyClose() {
        ollama.upstream().on("/api/chat", sse(Fixtures.read("ollama/chat-think-tags-stream.ndjson"), 0));
        List<String> got = Http.streamData(proxy.url("/chat/completions"),
                "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"What is 17 × 23?\"}]}");

        assertEquals("[DONE]", got.get(got.size() - 1));
        for (String data : got) assertFalse(data.contains("<think>") || data.contains("</think>"), "the tags never reach the client: " + data);
        var deltas = deltas(got);
        assertEquals(6, deltas.size(), got.toString());
        assertEquals("assistant", deltas.get(0).get("role"));
        for (int i = 0; i < 3; i++) {
            assertTrue(deltas.get(i).get("reasoning_content") instanceof String, "chunk " + i + ": " + deltas.get(i));
            assertNull(deltas.get(i).get("content"), "chunk " + i + ": reasoning is never content");
        }
        for (int i = 3; i < 6; i++) {
            assertNull(deltas.get(i).get("reasoning_content"), "chunk " + i + ": " + deltas.get(i));
            assertTrue(deltas.get(i).get("content") instanceof String, "chunk " + i + ": " + deltas.get(i));
        }
        assertEquals("\n17 × 23 = 340 + 51 = 391.\n", String.join("", deltas.subList(0, 3).stream().map(d -> (String) d.get("reasoning_content")).toList()));
        assertEquals("\n\n17 × 23 = 391", String.join("", deltas.subList(3, 6).stream().map(d -> (String) d.get("content")).toList()));
        assertEquals("stop", choices(Http.parse(got.get(5))).get(0).get("finish_reason"));

        // A chunk that holds a tag is split where the tag is: no reasoning goes out as content.
        ollama.upstream().on("/api/chat", sse("""
                {"model":"qwen3","message":{"role":"assistant","content":"<think>step 1,"},"done":false}
                {"model":"qwen3","message":{"role":"assistant","content":" step 2.</think>Answer"},"done":false}
                {"model":"qwen3","message":{"role":"assistant","content":": 4"},"done":true,"done_reason":"stop"}
                """, 0));
        List<String> split = Http.streamData(proxy.url("/chat/completions"), "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"2+2?\"}]}");
        var splitDeltas = deltas(split);
        assertEquals("step 1, step 2.", String.join("", splitDeltas.stream().map(d -> (String) d.getOrDefault("reasoning_content", "")).toList()));
        assertEquals("Answer: 4", String.join("", splitDeltas.stream().map(d -> (String) d.getOrDefault("content", "")).toList()));

        // The state is the stream's own: the next stream's text is content from its first chunk.
        ollama.upstream().on("/api/chat", sse(Fixtures.read("ollama/chat-stream.ndjson"), 0));
        List<String> next = Http.streamData(proxy.url("/chat/completions"), "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals("The", ((Map<String, Object>) choices(Http.parse(next.get(0))).get(0).get("delta")).get("content"));
    }

    @Test
    void completionsSendThinkAndLeaveGeneratesThinkingOutOfTheText() {
        ollama.upstream().on("/api/generate", json(200, Fixtures.read("ollama/generate-response-2024.json")
                .replace("\"response\":", "\"thinking\": \"Euclid's algorithm.\",\n  \"response\":")));
        var r = Http.post(proxy.url("/completions"), "{\"model\":\"m\",\"prompt\":\"def compute_gcd(a, b):\",\"reasoning_effort\":\"low\"}");
        assertEquals(200, r.status(), r.body());
        assertEquals(true, ollama.upstream().last().json().get("think"));
        assertEquals("\n  if a == 0:\n    return b\n  else:\n    return compute_gcd(b % a, a)\n", choices(r.json()).get(0).get("text"), "as LiteLLM: a completion has no thinking");
    }

    @Test
    void aBadReasoningEffortIs400BeforeAnyCall() {
        int before = ollama.upstream().received().size();
        for (String endpoint : List.of("/chat/completions", "/completions")) {
            String ask = endpoint.equals("/completions") ? "\"prompt\":\"hi\"" : "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
            var r = Http.post(proxy.url(endpoint), "{\"model\":\"m\"," + ask + ",\"reasoning_effort\":\"extreme\"}");
            assertEquals(400, r.status(), r.body());
            assertEquals("reasoning_effort", r.error().get("param"));
            assertEquals("invalid_value", r.error().get("code"), r.body());
            assertTrue(r.error().get("message").toString().contains("none, minimal, low, medium, high"), r.body());
        }
        assertEquals(before, ollama.upstream().received().size());
    }

    @Test
    void unsupportedParametersAre400() {
        var r = Http.post(proxy.url("/chat/completions"), "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"logit_bias\":{\"1\":2}}");
        assertEquals(400, r.status());
        assertEquals("logit_bias", r.error().get("param"));
    }

    /** The delta of each chunk of a stream's data lines, [DONE] left out. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> deltas(List<String> data) {
        return data.subList(0, data.size() - 1).stream().map(d -> (Map<String, Object>) choices(Http.parse(d)).get(0).get("delta")).toList();
    }
}
