package litellm.e2e.providers;

import com.openai.models.chat.completions.ChatCompletionCreateParams;
import litellm.LiteLLM;
import litellm.config.Settings;
import litellm.json.Json;
import litellm.provider.ProviderScripts;
import litellm.routing.Deployment;
import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.OpenAiSdk;
import litellm.testing.ProxyUnderTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static litellm.testing.OpenAiResponses.choice;
import static litellm.testing.OpenAiResponses.delta;
import static litellm.testing.FakeUpstream.json;
import static litellm.testing.FakeUpstream.sse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Claude through the proxy to a fake Anthropic API: the Messages API, and the legacy Text Completions API for claude-2. */
@SuppressWarnings("unchecked")
class AnthropicProviderTest {
    static final String KEY = "sk-ant-api03-test0123456789";
    static final String SONNET = "claude-3-5-sonnet-20241022";
    static final String WEATHER_TOOL = """
            {"type":"function","function":{"name":"get_weather","description":"Get the current weather in a given location",
             "parameters":{"type":"object","properties":{"location":{"type":"string"%s}},"required":["location"]}}}""";
    static FakeUpstream upstream;
    static final Map<String, ProxyUnderTest> proxies = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() {
        upstream = FakeUpstream.start();
    }

    @AfterAll
    static void stop() {
        proxies.values().forEach(ProxyUnderTest::close);
        upstream.close();
    }

    /** The proxy serving a bare model name, as {@code --model claude-2} does: the name alone picks the anthropic script. */
    static ProxyUnderTest proxy(String model) {
        return proxies.computeIfAbsent(model, m -> {
            Deployment named = LiteLLM.deployment(m, m, null, null, new ProviderScripts(null));
            assertEquals("anthropic", named.provider());
            return ProxyUnderTest.serving(new Deployment(m, named.provider(), named.model(), upstream.baseUrl(), KEY, null, Map.of()), Settings.defaults(), null);
        });
    }

    static String chat(String model, String rest) {
        return "{\"model\":\"" + model + "\"," + rest + "}";
    }

    @Test
    void reasoningEffortIsAThinkingBudgetAndThinkingComesBackWithItsSignatures() {
        upstream.on("/v1/messages", json(200, Fixtures.read("anthropic/messages-thinking-response.json")));
        var r = Http.post(proxy(SONNET).url("/chat/completions"), chat(SONNET,
                "\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris?\"}],\"reasoning_effort\":\"medium\",\"tools\":[" + WEATHER_TOOL.formatted("") + "]"));
        assertEquals(200, r.status(), r.body());
        var sent = upstream.last().json();
        assertEquals(Map.of("type", "enabled", "budget_tokens", 2048), sent.get("thinking"));
        assertEquals(4096 + 2048, sent.get("max_tokens"), "Anthropic wants max_tokens above the budget");

        var message = (Map<String, Object>) choice(r.json()).get("message");
        assertEquals("The user asks for the weather in Paris. I should call get_weather with location Paris.", message.get("reasoning_content"));
        var blocks = (List<Map<String, Object>>) message.get("thinking_blocks");
        assertEquals(List.of("thinking", "redacted_thinking"), blocks.stream().map(b -> b.get("type")).toList());
        assertTrue(blocks.get(0).get("signature").toString().startsWith("EqQBCgIYAhIM"), blocks.toString());

        // The next turn: the assistant's message as the client got it, thinking blocks and all, then the tool's result
        upstream.on("/v1/messages", json(200, Fixtures.read("anthropic/messages-response.json")));
        var next = new java.util.LinkedHashMap<String, Object>(Map.of("role", "assistant", "tool_calls", message.get("tool_calls"), "thinking_blocks", blocks));
        String followUp = chat(SONNET, "\"reasoning_effort\":\"medium\",\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris?\"},"
                + Json.text(next) + ",{\"role\":\"tool\",\"tool_call_id\":\"toolu_01A09q90qw90lq917835lq9\",\"content\":\"18 C\"}]");
        assertEquals(200, Http.post(proxy(SONNET).url("/chat/completions"), followUp).status());
        var turns = (List<Map<String, Object>>) upstream.last().json().get("messages");
        var assistant = (List<Map<String, Object>>) turns.get(1).get("content");
        assertEquals(List.of("thinking", "redacted_thinking", "tool_use"), assistant.stream().map(b -> b.get("type")).toList(),
                "the thinking blocks go back first, unchanged");
        assertEquals(blocks.get(0), assistant.get(0));
    }

    @Test
    void aChatThatMovesHereFromGeminiLeavesGeminisSignedThinkingBehind() {
        // Gemini's thinking blocks carry signatures Claude would refuse; Gemini lists them in provider_specific_fields
        upstream.on("/v1/messages", json(200, Fixtures.read("anthropic/messages-response.json")));
        String signature = "CiwBjz1rX2MzYWbNs8GeminiSignature";
        var gemini = Map.of("role", "assistant", "content", "The ball costs $0.05.", "reasoning_content", "Let x be the ball.",
                "thinking_blocks", List.of(Map.of("type", "thinking", "thinking", "Let x be the ball.", "signature", signature)),
                "provider_specific_fields", Map.of("thought_signatures", List.of(signature)));
        String next = chat(SONNET, "\"messages\":[{\"role\":\"user\",\"content\":\"Bat and ball?\"}," + Json.text(gemini)
                + ",{\"role\":\"user\",\"content\":\"And if the bat cost $2 more?\"}]");
        assertEquals(200, Http.post(proxy(SONNET).url("/chat/completions"), next).status());
        var turns = (List<Map<String, Object>>) upstream.last().json().get("messages");
        assertEquals("The ball costs $0.05.", turns.get(1).get("content"), "the text alone: " + turns.get(1));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":3000}|3000",
            "\"reasoning_effort\":\"minimal\"|1024"})
    void anthropicsOwnThinkingParameterPassesAndTheLeastBudgetIs1024(String thinking, int budget) {
        upstream.on("/v1/messages", json(200, Fixtures.read("anthropic/messages-response.json")));
        var r = Http.post(proxy(SONNET).url("/chat/completions"), chat(SONNET, "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]," + thinking));
        assertEquals(200, r.status(), r.body());
        assertEquals(Map.of("type", "enabled", "budget_tokens", budget), upstream.last().json().get("thinking"));
        assertEquals(4096 + budget, upstream.last().json().get("max_tokens"));
    }

    @Test
    void aThinkingParameterThatIsNotAnObjectIs400BeforeAnyCall() {
        int before = upstream.received().size();
        var r = Http.post(proxy(SONNET).url("/chat/completions"), chat(SONNET, "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"thinking\":true"));
        assertEquals(400, r.status(), r.body());
        assertEquals("thinking", r.error().get("param"));
        assertEquals(before, upstream.received().size());
    }

    @Test
    void aThinkingStreamIsReasoningContentThenTheSignatureThenTheAnswer() {
        upstream.on("/v1/messages", sse(Fixtures.read("anthropic/messages-thinking-stream.txt"), 0));
        List<String> got = Http.streamData(proxy(SONNET).url("/chat/completions"), chat(SONNET,
                "\"messages\":[{\"role\":\"user\",\"content\":\"What is 27 * 453?\"}],\"stream\":true,\"reasoning_effort\":\"low\""));
        var deltas = got.stream().filter(d -> !d.equals("[DONE]")).map(d -> (Map<String, Object>) choice(Http.parse(d)).get("delta")).toList();
        String reasoning = deltas.stream().map(d -> (String) d.get("reasoning_content")).filter(java.util.Objects::nonNull).collect(java.util.stream.Collectors.joining());
        assertEquals("Let me solve this step by step:\n\n1. First break down 27 * 453\n2. 453 = 400 + 50 + 3", reasoning);
        var signed = deltas.stream().filter(d -> d.containsKey("thinking_blocks")).toList();
        assertEquals(List.of(Map.of("type", "thinking", "thinking", "", "signature", "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds...")),
                signed.get(0).get("thinking_blocks"));
        assertEquals("27 * 453 = 12,231", deltas.stream().map(d -> (String) d.get("content")).filter(c -> c != null).collect(java.util.stream.Collectors.joining()));
        assertEquals(Map.of("type", "enabled", "budget_tokens", 1024), upstream.last().json().get("thinking"));
    }

    @Test
    void aRedactedThinkingBlockInAStreamIsOneThinkingBlocksDelta() {
        upstream.on("/v1/messages", sse(Fixtures.read("anthropic/messages-thinking-redacted-stream.txt"), 0));
        List<String> got = Http.streamData(proxy(SONNET).url("/chat/completions"), chat(SONNET,
                "\"messages\":[{\"role\":\"user\",\"content\":\"What is 27 * 453?\"}],\"stream\":true,\"reasoning_effort\":\"low\""));
        var deltas = got.stream().filter(d -> !d.equals("[DONE]")).map(d -> (Map<String, Object>) choice(Http.parse(d)).get("delta")).toList();
        var blocks = deltas.stream().filter(d -> d.containsKey("thinking_blocks")).map(d -> ((List<Map<String, Object>>) d.get("thinking_blocks")).getFirst()).toList();
        assertEquals(List.of("thinking", "redacted_thinking"), blocks.stream().map(b -> b.get("type")).toList());
        assertTrue(((String) blocks.get(1).get("data")).startsWith("EmwKAhgBEgy3va3pzix"), "the encrypted data, whole, to be sent back: " + blocks.get(1));
        assertEquals("27 * 453 = 12,231", deltas.stream().map(d -> (String) d.get("content")).filter(c -> c != null).collect(java.util.stream.Collectors.joining()));
    }

    @Test
    void chatMapsToTheMessagesApiAndBack() {
        upstream.on("/v1/messages", json(200, Fixtures.read("anthropic/messages-response.json")));
        var r = Http.post(proxy(SONNET).url("/v1/chat/completions"), chat(SONNET, """
                "messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"Hello, Claude"}],
                "max_tokens":1024,"temperature":0.7,"top_p":0.9,"top_k":40,"stop":"\\n\\nUser:","user":"user-1234"
                """));

        assertEquals(200, r.status(), r.body());
        var sent = upstream.last();
        assertEquals("POST", sent.method());
        assertEquals("/v1/messages", sent.path());
        assertEquals(KEY, sent.headers().get("x-api-key"));
        assertEquals("2023-06-01", sent.headers().get("anthropic-version"));
        assertNull(sent.headers().get("authorization"));
        assertEquals(Http.parse(Fixtures.read("anthropic/messages-request.json")), sent.json());

        var answer = r.json();
        assertEquals("chat.completion", answer.get("object"));
        assertEquals("msg_013Zva2CMHLNnXjNJJKqJ2EF", answer.get("id"));
        assertEquals(Map.of("role", "assistant", "content", "Hi! My name is Claude. How can I help you today?"), choice(answer).get("message"));
        assertEquals("stop", choice(answer).get("finish_reason"));
        assertEquals(Map.of("prompt_tokens", 12, "completion_tokens", 16, "total_tokens", 28), answer.get("usage"));
    }

    @Test
    void sameRoleTurnsMergeImagesBecomeBlocksAndMaxTokensGetsADefault() {
        upstream.on("/v1/messages", json(200, Fixtures.read("anthropic/messages-response-2024-03.json")));
        var r = Http.post(proxy(SONNET).url("/chat/completions"), chat(SONNET, """
                "messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Look:"},
                  {"role":"user","content":[{"type":"text","text":"what is this?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]},
                  {"role":"system","content":"Answer in English."},{"role":"assistant","content":"A"},{"role":"assistant","content":"tiny"}],
                "stop":["x","y"],"tool_choice":"required","parallel_tool_calls":false,"tools":[%s]
                """.formatted(WEATHER_TOOL.formatted(""))));

        assertEquals(200, r.status(), r.body());
        var sent = upstream.last().json();
        assertEquals(4096, sent.get("max_tokens"));
        assertEquals("Be brief.\nAnswer in English.", sent.get("system"));
        assertEquals(List.of("x", "y"), sent.get("stop_sequences"));
        assertEquals(Map.of("type", "any", "disable_parallel_tool_use", true), sent.get("tool_choice"));
        assertEquals(Http.parse("""
                {"m":[{"role":"user","content":[{"type":"text","text":"Look:"},{"type":"text","text":"what is this?"},
                        {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}}]},
                      {"role":"assistant","content":[{"type":"text","text":"A"},{"type":"text","text":"tiny"}]}]}""").get("m"), sent.get("messages"));
        assertFalse(sent.containsKey("stream"));
        assertEquals("Hello!", ((Map<String, Object>) choice(r.json()).get("message")).get("content"));
    }

    @Test
    void toolCallRoundTrip() {
        upstream.on("/v1/messages", json(200, Fixtures.read("anthropic/messages-tools-response.json")));
        String ask = "{\"role\":\"user\",\"content\":\"What is the weather like in San Francisco?\"}";
        var first = Http.post(proxy(SONNET).url("/chat/completions"), chat(SONNET,
                "\"max_tokens\":1024,\"tool_choice\":\"auto\",\"messages\":[" + ask + "],\"tools\":["
                        + WEATHER_TOOL.formatted(",\"description\":\"The city and state, e.g. San Francisco, CA\"") + "]"));

        assertEquals(200, first.status(), first.body());
        assertEquals(Http.parse(Fixtures.read("anthropic/messages-tools-request.json")), upstream.last().json());
        var message = (Map<String, Object>) choice(first.json()).get("message");
        assertEquals("tool_calls", choice(first.json()).get("finish_reason"));
        assertEquals("I'll check the current weather in San Francisco for you.", message.get("content"));
        var toolCalls = (List<Map<String, Object>>) message.get("tool_calls");
        assertEquals(List.of(Map.of("id", "toolu_01A09q90qw90lq917835lq9", "type", "function",
                "function", Map.of("name", "get_weather", "arguments", "{\"location\":\"San Francisco, CA\"}"))), toolCalls);
        assertEquals(Map.of("prompt_tokens", 384, "completion_tokens", 68, "total_tokens", 452), first.json().get("usage"));

        // The client runs the tool and sends the assistant turn back with the result, as OpenAI clients do.
        upstream.on("/v1/messages", json(200, Fixtures.read("anthropic/messages-response.json")));
        var second = Http.post(proxy(SONNET).url("/chat/completions"), chat(SONNET,
                "\"max_tokens\":1024,\"tools\":[" + WEATHER_TOOL.formatted("") + "],\"messages\":[" + ask + ","
                        + litellm.json.Json.text(message) + ","
                        + "{\"role\":\"tool\",\"tool_call_id\":\"toolu_01A09q90qw90lq917835lq9\",\"content\":\"15 degrees, foggy\"}]"));

        assertEquals(200, second.status(), second.body());
        assertEquals(Http.parse(Fixtures.read("anthropic/messages-tools-followup-request.json")), upstream.last().json());
    }

    @Test
    void streamBecomesOpenAiChunksWithTheUsageChunkLast() {
        upstream.on("/v1/messages", sse(Fixtures.read("anthropic/messages-stream.recorded.txt"), 0));
        List<String> got = Http.streamData(proxy(SONNET).url("/chat/completions"), chat(SONNET,
                "\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"Extract order IDs\"}]"));

        assertEquals(8, got.size(), "role, 4 texts, finish, usage, [DONE]: " + got);
        assertEquals(Map.of("role", "assistant", "content", ""), delta(got.get(0)));
        assertEquals("[12345,67890]", String.join("", got.subList(1, 5).stream().map(c -> (String) delta(c).get("content")).toList()));
        var finish = Http.parse(got.get(5));
        assertEquals("stop", choice(finish).get("finish_reason"));
        assertEquals("msg_013nnniYDrJDocdy5nrMU7cH", finish.get("id"));
        assertEquals("chat.completion.chunk", finish.get("object"));
        var usage = Http.parse(got.get(6));
        assertEquals(List.of(), usage.get("choices"));
        assertEquals(Map.of("prompt_tokens", 135, "completion_tokens", 10, "total_tokens", 145), usage.get("usage"));
        assertEquals("[DONE]", got.get(7));
        var sent = upstream.last().json();
        assertEquals(true, sent.get("stream"));
        assertFalse(sent.containsKey("stream_options"));
    }

    @Test
    void streamedToolCall() {
        upstream.on("/v1/messages", sse(Fixtures.read("anthropic/messages-stream-tool-use.sdk-fixture.txt"), 0));
        List<String> got = Http.streamData(proxy(SONNET).url("/chat/completions"), chat(SONNET,
                "\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris?\"}],\"tools\":[" + WEATHER_TOOL.formatted("") + "]"));

        assertEquals(10, got.size(), "role, 2 texts, tool start, 4 argument pieces, finish, [DONE]: " + got);
        assertEquals(List.of(Map.of("index", 0, "id", "toolu_01NRLabsLyVHZPKxbKvkfSMn", "type", "function",
                "function", Map.of("name", "get_weather", "arguments", ""))), delta(got.get(3)).get("tool_calls"));
        StringBuilder arguments = new StringBuilder();
        for (String c : got.subList(4, 8)) {
            var call = ((List<Map<String, Object>>) delta(c).get("tool_calls")).get(0);
            assertEquals(0, call.get("index"));
            arguments.append(((Map<String, Object>) call.get("function")).get("arguments"));
        }
        assertEquals("{\"location\": \"Paris\"}", arguments.toString());
        assertEquals("tool_calls", choice(Http.parse(got.get(8))).get("finish_reason"));

        upstream.on("/v1/messages", sse(Fixtures.read("anthropic/messages-stream-tool-use.sdk-fixture.txt"), 0));
        var completion = OpenAiSdk.streamed(proxy(SONNET), ChatCompletionCreateParams.builder().model(SONNET).addUserMessage("Weather in Paris?").build());
        var message = completion.choices().get(0).message();
        assertEquals("I'll check the current weather in Paris for you.", message.content().orElseThrow());
        var toolCall = message.toolCalls().orElseThrow().get(0).asFunction();
        assertEquals("toolu_01NRLabsLyVHZPKxbKvkfSMn", toolCall.id());
        assertEquals("get_weather", toolCall.function().name());
        assertEquals("{\"location\": \"Paris\"}", toolCall.function().arguments());
        assertEquals("tool_calls", completion.choices().get(0).finishReason().asString());
    }

    @Test
    void errorEventMidStreamBecomesAnErrorEvent() {
        upstream.on("/v1/messages", sse(Fixtures.read("anthropic/messages-stream-error.txt"), 0));
        List<String> got = Http.streamData(proxy(SONNET).url("/chat/completions"), chat(SONNET,
                "\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]"));

        assertEquals(2, got.size(), got.toString());
        assertEquals("assistant", delta(got.get(0)).get("role"));
        var error = (Map<String, Object>) Http.parse(got.get(1)).get("error");
        assertEquals("Overloaded", error.get("message"));
        assertEquals("overloaded_error", error.get("code"));
    }

    /** Anthropic's message, and the status LiteLLM gives: overloaded (529) is its InternalServerError, a 500. */
    @ParameterizedTest(name = "upstream {0} -> {1}")
    @CsvSource({
            "400, 400, anthropic/messages-error-400.json, max_tokens: Field required, invalid_request_error",
            "400, 400, anthropic/messages-error-400-legacy-2023.json, messages: roles must alternate, invalid_request_error",
            "401, 401, anthropic/messages-error-401.json, invalid x-api-key, authentication_error",
            "404, 404, anthropic/messages-error-404.json, model: claude-3-5-sonet-20241022, invalid_request_error",
            "500, 500, anthropic/messages-error-500.json, Internal server error, api_error",
            "529, 500, anthropic/messages-error-529.json, Overloaded, api_error",
    })
    void errorsKeepAnthropicsMessage(int upstreamStatus, int status, String fixture, String message, String type) {
        upstream.on("/v1/messages", json(upstreamStatus, Fixtures.read(fixture)));
        var r = Http.post(proxy(SONNET).url("/chat/completions"), chat(SONNET, "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]"));
        assertEquals(status, r.status(), r.body());
        assertTrue(r.error().get("message").toString().startsWith(message), r.body());
        assertEquals(type, r.error().get("type"));
    }

    @Test
    void rateLimitKeepsRetryAfter() {
        upstream.on("/v1/messages", json(429, Fixtures.read("anthropic/messages-error-429.recorded.json"), Map.of("retry-after", "17", "x-should-retry", "true")));
        var r = Http.post(proxy(SONNET).url("/chat/completions"), chat(SONNET, "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]"));

        assertEquals(429, r.status(), r.body());
        assertEquals("17", r.header("retry-after"));
        assertEquals("rate_limit_error", r.error().get("type"));
        assertTrue(r.error().get("message").toString().startsWith("This request would exceed your organization's rate limit"));
    }

    @Test
    void parametersClaudeDoesNotHaveAreRefusedUnlessDropped() {
        int before = upstream.received().size();
        var refused = Http.post(proxy(SONNET).url("/chat/completions"), chat(SONNET, "\"n\":2,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]"));
        assertEquals(400, refused.status(), refused.body());
        assertEquals("n", refused.error().get("param"));
        assertEquals(before, upstream.received().size());

        upstream.on("/v1/messages", json(200, Fixtures.read("anthropic/messages-response-stop-sequence.json")));
        var dropped = Http.post(proxy(SONNET).url("/chat/completions"), chat(SONNET, "\"n\":2,\"drop_params\":true,\"messages\":[{\"role\":\"user\",\"content\":\"count\"}]"));
        assertEquals(200, dropped.status(), dropped.body());
        assertFalse(upstream.last().json().containsKey("n"));
        assertEquals("stop", choice(dropped.json()).get("finish_reason"), "stop_sequence is stop");
    }

    // The Text Completions API, for claude-2, claude-2.1 and claude-instant-1.

    @Test
    void claude21UsesTheTextCompletionsApi() {
        upstream.on("/v1/complete", json(200, Fixtures.read("anthropic/complete-response.json")));
        var r = Http.post(proxy("claude-2.1").url("/chat/completions"), chat("claude-2.1", """
                "messages":[{"role":"user","content":"Hello, world!"}],"max_tokens":256,"stop":["\\n\\nHuman:"],
                "temperature":1,"top_p":0.999,"top_k":250,"user":"user-1234"
                """));

        assertEquals(200, r.status(), r.body());
        var sent = upstream.last();
        assertEquals("/v1/complete", sent.path());
        assertEquals(KEY, sent.headers().get("x-api-key"));
        assertEquals("2023-06-01", sent.headers().get("anthropic-version"));
        assertEquals(Http.parse(Fixtures.read("anthropic/complete-request.json")), sent.json());
        assertEquals("compl_01FD2x5WnDNrtACzFmAiLvZo", r.json().get("id"));
        assertEquals(Map.of("role", "assistant", "content", " Hello! My name is Claude."), choice(r.json()).get("message"));
        assertEquals("stop", choice(r.json()).get("finish_reason"));
        assertEquals(Map.of("prompt_tokens", 9, "completion_tokens", 7, "total_tokens", 16), r.json().get("usage"), "estimated: 4 characters a token");
    }

    @Test
    void theTextCompletionsApiHasNoThinkingSoReasoningEffortChangesNothing() {
        upstream.on("/v1/complete", json(200, Fixtures.read("anthropic/complete-response.json")));
        String ask = "\"messages\":[{\"role\":\"user\",\"content\":\"Hello, world!\"}]";
        assertEquals(200, Http.post(proxy("claude-2.1").url("/chat/completions"), chat("claude-2.1", ask)).status());
        var plain = upstream.last().json();
        assertEquals(200, Http.post(proxy("claude-2.1").url("/chat/completions"), chat("claude-2.1", ask + ",\"reasoning_effort\":\"high\"")).status());
        assertEquals(plain, upstream.last().json(), "no thinking field, and no budget added to max_tokens_to_sample");
    }

    @Test
    void textCompletionsPromptCarriesSystemAndTurns() {
        upstream.on("/v1/complete", json(200, Fixtures.read("anthropic/complete-response-max-tokens.json")));
        var r = Http.post(proxy("claude-instant-1.2").url("/chat/completions"), chat("claude-instant-1.2", """
                "messages":[{"role":"system","content":"Tell stories."},{"role":"user","content":"Once?"},
                  {"role":"assistant","content":"Yes."},{"role":"user","content":[{"type":"text","text":"Go on"}]}]
                """));

        assertEquals(200, r.status(), r.body());
        var sent = upstream.last().json();
        assertEquals("Tell stories.\n\nHuman: Once?\n\nAssistant: Yes.\n\nHuman: Go on\n\nAssistant:", sent.get("prompt"));
        assertEquals(4096, sent.get("max_tokens_to_sample"));
        assertEquals("claude-instant-1.2", sent.get("model"));
        assertEquals("length", choice(r.json()).get("finish_reason"));
    }

    @Test
    void textCompletionsStream() {
        upstream.on("/v1/complete", sse(Fixtures.read("anthropic/complete-stream.txt"), 0));
        List<String> got = Http.streamData(proxy("claude-2").url("/chat/completions"), chat("claude-2",
                "\"stream\":true,\"stream_options\":{\"include_usage\":true},\"max_tokens\":256,\"messages\":[{\"role\":\"user\",\"content\":\"Hello, world!\"}]"));

        assertEquals(Http.parse(Fixtures.read("anthropic/complete-stream-request.json")), upstream.last().json());
        assertEquals(11, got.size(), "role, 7 texts (ping dropped), finish, usage, [DONE]: " + got);
        assertEquals("assistant", delta(got.get(0)).get("role"));
        assertEquals(" Hello! My name is Claude.", String.join("", got.subList(1, 8).stream().map(c -> (String) delta(c).get("content")).toList()));
        assertEquals("stop", choice(Http.parse(got.get(8))).get("finish_reason"));
        assertEquals(Map.of("prompt_tokens", 9, "completion_tokens", 7, "total_tokens", 16), Http.parse(got.get(9)).get("usage"));
        assertEquals(1, got.stream().map(c -> c.equals("[DONE]") ? "done" : Http.parse(c).get("id")).filter(id -> !id.equals("done")).distinct().count(), "one id for the whole stream");
    }

    @Test
    void textCompletionsErrors() {
        upstream.on("/v1/complete", sse(Fixtures.read("anthropic/complete-stream-error.txt"), 0));
        List<String> got = Http.streamData(proxy("claude-2").url("/chat/completions"), chat("claude-2",
                "\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]"));
        assertEquals(3, got.size(), "role, Hello, error: " + got);
        var error = (Map<String, Object>) Http.parse(got.get(2)).get("error");
        assertEquals("Overloaded", error.get("message"));
        assertEquals("overloaded_error", error.get("code"));

        upstream.on("/v1/complete", json(400, Fixtures.read("anthropic/complete-error-400.json")));
        var r = Http.post(proxy("claude-2").url("/chat/completions"), chat("claude-2", "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]"));
        assertEquals(400, r.status(), r.body());
        assertEquals("prompt must start with \"\n\nHuman:\" turn", r.error().get("message"));
    }
}
