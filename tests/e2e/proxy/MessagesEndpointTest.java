package litellm.e2e.proxy;

import litellm.testing.Configs;
import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.ProviderUnderTest;
import litellm.testing.ProxyUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static litellm.testing.FakeUpstream.json;
import static litellm.testing.FakeUpstream.sse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /v1/messages} as bytes on the wire: Anthropic's event names and order, its error shape and statuses, the
 * stop reasons and content blocks a translation gives.
 */
@SuppressWarnings("unchecked")
class MessagesEndpointTest {
    static final String HELLO = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":256,\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]%s}";
    @RegisterExtension
    static final ProviderUnderTest openai = new ProviderUnderTest("openai", "gpt-4o-mini", "/v1", "sk-upstream-key");
    @RegisterExtension
    static final ProviderUnderTest anthropic = new ProviderUnderTest("anthropic", "claude-sonnet-4-5-20250929", "", "sk-ant-key");

    static String hello(String more) {
        return HELLO.formatted(more);
    }

    /** A stream's events as sent: each {@code event:} name with its {@code data:} object. */
    record Event(String name, Map<String, Object> data) {}

    static List<Event> events(String url, String body) {
        var r = Http.stream(url, body, d -> {});
        assertEquals(200, r.status(), r.body());
        List<Event> events = new ArrayList<>();
        String name = null;
        for (String line : r.body().split("\n")) {
            if (line.startsWith("event: ")) name = line.substring(7);
            else if (line.startsWith("data: ")) {
                assertTrue(name != null, "every event is named, as Anthropic's SDKs need: " + r.body());
                events.add(new Event(name, Http.parse(line.substring(6))));
                name = null;
            }
        }
        return events;
    }

    /** The Anthropic error object of a response, failing the test when the body is not one. */
    static Map<String, Object> anthropicError(Http.Response r) {
        Map<String, Object> body = r.json();
        assertEquals("error", body.get("type"), r.body());
        Map<String, Object> error = (Map<String, Object>) body.get("error");
        assertTrue(error.get("type") instanceof String && error.get("message") instanceof String, r.body());
        return error;
    }

    // Streams: event names and order, each delta as it arrives, errors in the stream

    @Test
    void aTranslatedStreamHasAnthropicsEventsInAnthropicsOrder() {
        openai.upstream().on("/v1/chat/completions", sse(Fixtures.read("openai/chat/stream.txt"), 0));
        List<Event> events = events(openai.url("/v1/messages"), hello(",\"stream\":true"));

        List<String> names = events.stream().map(Event::name).toList();
        assertEquals(List.of("message_start", "content_block_start", "ping", "content_block_delta", "content_block_delta",
                "content_block_delta", "content_block_delta", "content_block_delta", "content_block_delta", "content_block_delta",
                "content_block_stop", "message_delta", "message_stop"), names);
        events.forEach(e -> assertEquals(e.name(), e.data().get("type"), "the name is the data's type"));
        assertEquals(Map.of("type", "text", "text", ""), events.get(1).data().get("content_block"));
        assertEquals(Map.of("type", "text_delta", "text", "Hello"), events.get(3).data().get("delta"));
        Map<String, Object> delta = events.get(11).data();
        assertEquals("end_turn", ((Map<String, Object>) delta.get("delta")).get("stop_reason"));
        assertEquals(Map.of("input_tokens", 9, "output_tokens", 8), delta.get("usage"));
    }

    @Test
    void eachDeltaIsSentAsItsChunkArrives() throws Exception {
        // The upstream sends its first chunks, then holds the rest until the client has seen the first text_delta:
        // a proxy that held deltas back would leave it waiting.
        List<String> chunks = FakeUpstream.events(Fixtures.read("openai/chat/stream.txt"));
        CountDownLatch clientSawText = new CountDownLatch(1);
        AtomicBoolean released = new AtomicBoolean();
        openai.upstream().on("/v1/chat/completions", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            var out = exchange.getResponseBody();
            for (int i = 0; i < chunks.size(); i++) {
                if (i == 2) released.set(clientSawText.await(10, TimeUnit.SECONDS));
                out.write(chunks.get(i).getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        });
        Http.stream(openai.url("/v1/messages"), hello(",\"stream\":true"), data -> {
            if (data.contains("text_delta")) clientSawText.countDown();
        });
        assertTrue(released.get(), "the first text_delta reached the client while the upstream's stream was still open");
    }

    @Test
    void thinkingStreamsAsAThinkingBlockBeforeTheText() {
        String chunk = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":%s,\"finish_reason\":%s}]}\n\n";
        openai.upstream().on("/v1/chat/completions", sse(chunk.formatted("{\"role\":\"assistant\",\"reasoning_content\":\"Let me think.\"}", "null")
                + chunk.formatted("{\"content\":\"42\"}", "null") + chunk.formatted("{}", "\"stop\"") + "data: [DONE]\n\n", 0));
        List<Event> events = events(openai.url("/v1/messages"), hello(",\"stream\":true"));
        assertEquals(List.of("message_start", "content_block_start", "ping", "content_block_delta", "content_block_stop",
                "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop"),
                events.stream().map(Event::name).toList());
        assertEquals("thinking", ((Map<String, Object>) events.get(1).data().get("content_block")).get("type"));
        assertEquals(Map.of("type", "thinking_delta", "thinking", "Let me think."), events.get(3).data().get("delta"));
        assertEquals(1, events.get(6).data().get("index"));
        Map<String, Object> usage = (Map<String, Object>) events.get(8).data().get("usage");
        assertTrue(((Number) usage.get("output_tokens")).intValue() > 0, "counted when the upstream reports none: " + usage);
    }

    @Test
    void anUpstreamErrorMidStreamIsAnAnthropicErrorEvent() {
        openai.upstream().on("/v1/chat/completions", sse(Fixtures.read("openai/errors/stream-error.txt"), 0));
        List<Event> events = events(openai.url("/v1/messages"), hello(",\"stream\":true"));
        Event last = events.get(events.size() - 1);
        assertEquals("error", last.name());
        assertEquals("error", last.data().get("type"));
        assertEquals("api_error", ((Map<String, Object>) last.data().get("error")).get("type"));
    }

    @Test
    void anAnthropicStreamIsPassedOnEventByEvent() {
        String raw = Fixtures.read("anthropic/messages-stream-tool-use.sdk-fixture.txt");
        anthropic.upstream().on("/v1/messages", sse(raw, 0));
        List<Event> events = events(anthropic.url("/v1/messages"), hello(",\"stream\":true"));
        List<String> upstreamNames = FakeUpstream.events(raw).stream().map(e -> e.substring(7, e.indexOf('\n'))).toList();
        assertEquals(upstreamNames, events.stream().map(Event::name).toList());
        assertEquals(Map.of("type", "input_json_delta", "partial_json", "{\"locati"), events.stream()
                .filter(e -> e.data().get("delta") instanceof Map<?, ?> d && "input_json_delta".equals(d.get("type"))).toList().get(1).data().get("delta"));
    }

    @Test
    void anAnthropicErrorEventKeepsItsType() {
        anthropic.upstream().on("/v1/messages", sse(Fixtures.read("anthropic/messages-stream-error.txt"), 0));
        List<Event> events = events(anthropic.url("/v1/messages"), hello(",\"stream\":true"));
        assertEquals(List.of("message_start", "error"), events.stream().map(Event::name).toList());
        assertEquals(Map.of("type", "overloaded_error", "message", "Overloaded"), events.get(1).data().get("error"));
    }

    // Errors: Anthropic's shape and statuses

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no max_tokens     | {"model":"m","messages":[{"role":"user","content":"hi"}]}                            | max_tokens: Field required
            no messages       | {"model":"m","max_tokens":10}                                                        | messages: Field required
            a wrong role      | {"model":"m","max_tokens":10,"messages":[{"role":"tool","content":"hi"}]}            | messages.0.role: Input should be 'user', 'assistant' or 'system'
            temperature > 1   | {"model":"m","max_tokens":10,"temperature":1.5,"messages":[{"role":"user","content":"hi"}]} | temperature: Input should be less than or equal to 1
            a bad tool_choice | {"model":"m","max_tokens":10,"tool_choice":{"type":"required"},"messages":[{"role":"user","content":"hi"}]} | tool_choice.type: Input should be 'auto', 'any', 'tool' or 'none'
            a small budget    | {"model":"m","max_tokens":4000,"thinking":{"type":"enabled","budget_tokens":100},"messages":[{"role":"user","content":"hi"}]} | thinking.enabled.budget_tokens: Input should be greater than or equal to 1024
            """)
    void badRequestsGetAnthropics400(String what, String body, String message) {
        int before = openai.upstream().received().size();
        var r = Http.post(openai.url("/v1/messages"), body);
        assertEquals(400, r.status(), r.body());
        assertEquals(Map.of("type", "invalid_request_error", "message", message), anthropicError(r));
        assertEquals(before, openai.upstream().received().size(), "refused before any call");
    }

    @Test
    void notJsonIsAnAnthropic400() {
        var r = Http.post(openai.url("/v1/messages"), "{not json");
        assertEquals(400, r.status());
        assertEquals("invalid_request_error", anthropicError(r).get("type"));
    }

    @Test
    void anUpstreamRateLimitIsAnthropics429WithItsRetryAfter() {
        anthropic.upstream().on("/v1/messages", json(429, Fixtures.read("anthropic/messages-error-429.recorded.json"), Map.of("retry-after", "7")));
        var r = Http.post(anthropic.url("/v1/messages"), hello(""));
        assertEquals(429, r.status());
        assertEquals("rate_limit_error", anthropicError(r).get("type"));
        assertTrue(anthropicError(r).get("message").toString().startsWith("This request would exceed your organization's rate limit"));
        assertEquals("7", r.header("retry-after"));
    }

    @Test
    void anOpenAiModelsErrorsAreAnthropicsToo() {
        openai.upstream().on("/v1/chat/completions", json(401, Fixtures.read("openai/errors/401-invalid-api-key.json")));
        var r = Http.post(openai.url("/v1/messages"), hello(""));
        assertEquals(401, r.status());
        assertEquals("authentication_error", anthropicError(r).get("type"));
    }

    @Test
    void anthropicsOwnToolsNeedAnAnthropicModel() {
        var r = Http.post(openai.url("/v1/messages"), hello(",\"tools\":[{\"type\":\"web_search_20250305\",\"name\":\"web_search\"}]"));
        assertEquals(400, r.status());
        assertTrue(anthropicError(r).get("message").toString().contains("web_search_20250305"), r.body());
    }

    @Test
    void withAMasterKeyAWrongOrMissingKeyIsAnthropics401(@TempDir Path dir) throws Exception {
        try (FakeUpstream upstream = FakeUpstream.start();
             var proxy = ProxyUnderTest.withConfig(dir, "model_list:\n" + Configs.gpt35At(upstream) + "general_settings:\n  master_key: sk-1234\n")) {
            for (var r : List.of(Http.post(proxy.url("/v1/messages"), hello("")), Http.post(proxy.url("/v1/messages"), hello(""), Map.of("x-api-key", "sk-wrong")),
                    Http.post(proxy.url("/v1/messages/count_tokens"), hello(""), Map.of("Authorization", "Bearer sk-wrong")))) {
                assertEquals(401, r.status(), r.body());
                assertEquals("authentication_error", anthropicError(r).get("type"));
            }
            assertTrue(upstream.received().isEmpty());
        }
    }

    // The translation onto chat: stop reasons, content blocks, tool names

    @Test
    void aStopSequenceTheUpstreamNamesIsStopSequence() {
        // vLLM says which stop string ended the answer in stop_reason
        openai.upstream().on("/v1/chat/completions", json(200, Fixtures.read("vllm/chat-response.json").replace("\"stop_reason\": null", "\"stop_reason\": \"###\"")));
        Map<String, Object> message = Http.post(openai.url("/v1/messages"), hello(",\"stop_sequences\":[\"###\"]")).json();
        assertEquals("stop_sequence", message.get("stop_reason"));
        assertEquals("###", message.get("stop_sequence"));
        assertEquals(Map.of("input_tokens", 20, "output_tokens", 10), message.get("usage"));
    }

    @Test
    void lengthIsMaxTokens() {
        openai.upstream().on("/v1/chat/completions", json(200, Fixtures.read("openai/chat/response.json").replace("\"finish_reason\": \"stop\"", "\"finish_reason\": \"length\"")));
        Map<String, Object> message = Http.post(openai.url("/v1/messages"), hello("")).json();
        assertEquals("max_tokens", message.get("stop_reason"));
        assertNull(message.get("stop_sequence"));
        assertEquals("message", message.get("type"));
        assertEquals("assistant", message.get("role"));
    }

    @Test
    void contentBlocksBecomeChatParts() {
        openai.upstream().on("/v1/chat/completions", json(200, Fixtures.read("openai/chat/response.json")));
        String body = """
                {"model":"m","max_tokens":100,"system":[{"type":"text","text":"Be brief."},{"type":"text","text":"Be kind.","cache_control":{"type":"ephemeral"}}],
                 "messages":[{"role":"user","content":[{"type":"text","text":"What is this?"},
                   {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}},
                   {"type":"image","source":{"type":"url","url":"https://example.com/cat.jpg"}}]},
                  {"role":"assistant","content":[{"type":"text","text":"Let me look."},{"type":"tool_use","id":"toolu_1","name":"zoom","input":{"factor":2}}]},
                  {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"zoomed"},
                     {"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"/9j/4AAQ"}}]},{"type":"text","text":"And now?"}]}],
                 "tools":[{"name":"zoom","input_schema":{"type":"object","properties":{"factor":{"type":"number"}}}}],
                 "tool_choice":{"type":"tool","name":"zoom","disable_parallel_tool_use":true},"top_k":5}""";
        assertEquals(200, Http.post(openai.url("/v1/messages"), body).status());
        Map<String, Object> sent = openai.upstream().last().json();
        List<Map<String, Object>> messages = (List<Map<String, Object>>) sent.get("messages");
        assertEquals(Map.of("role", "system", "content", "Be brief.\nBe kind."), messages.get(0));
        assertEquals(List.of(Map.of("type", "text", "text", "What is this?"),
                Map.of("type", "image_url", "image_url", Map.of("url", "data:image/png;base64,iVBORw0KGgo=")),
                Map.of("type", "image_url", "image_url", Map.of("url", "https://example.com/cat.jpg"))), messages.get(1).get("content"));
        assertEquals("Let me look.", messages.get(2).get("content"));
        assertEquals(Map.of("id", "toolu_1", "type", "function", "function", Map.of("name", "zoom", "arguments", "{\"factor\":2}")),
                ((List<Object>) messages.get(2).get("tool_calls")).get(0));
        assertEquals(Map.of("role", "tool", "tool_call_id", "toolu_1", "content", "zoomed"), messages.get(3));
        assertEquals(List.of(Map.of("type", "image_url", "image_url", Map.of("url", "data:image/jpeg;base64,/9j/4AAQ")),
                Map.of("type", "text", "text", "And now?")), messages.get(4).get("content"),
                "a tool result's image goes to the user message after the tool message, which takes none");
        assertEquals(Map.of("type", "function", "function", Map.of("name", "zoom")), sent.get("tool_choice"));
        assertEquals(false, sent.get("parallel_tool_calls"));
        assertEquals(5, sent.get("top_k"), "as a chat request's: the openai script takes every parameter");
    }

    @Test
    void aUserIdLongerThanOpenAiTakesIsLeftOut() {
        // Claude Code's user_id: user_<64 hex>_account_<uuid>_session_<uuid>; OpenAI refuses a user over 64 characters
        String claudeCodes = "user_" + "ab12".repeat(16) + "_account_0f8e2c1a-5d3b-4e6f-9a7b-1c2d3e4f5a6b_session_7a8b9c0d-1e2f-4a5b-8c6d-7e8f9a0b1c2d";
        openai.upstream().on("/v1/chat/completions", json(200, Fixtures.read("openai/chat/response.json")));
        assertEquals(200, Http.post(openai.url("/v1/messages"), hello(",\"metadata\":{\"user_id\":\"" + claudeCodes + "\"}")).status());
        assertFalse(openai.upstream().last().json().containsKey("user"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"auto, auto", "any, required", "none, none"})
    void toolChoiceIsOpenAis(String anthropic, String openAi) {
        openai.upstream().on("/v1/chat/completions", json(200, Fixtures.read("openai/chat/response.json")));
        Http.post(openai.url("/v1/messages"), hello(",\"tools\":[{\"name\":\"t\",\"input_schema\":{\"type\":\"object\"}}],\"tool_choice\":{\"type\":\"" + anthropic + "\"}"));
        assertEquals(openAi, openai.upstream().last().json().get("tool_choice"));
    }

    @Test
    void longToolNamesAreShortenedForOpenAiAndTurnedBack() {
        String name = "mcp__a_very_long_server_name__and_an_even_longer_tool_name_that_passes_64_chars";
        openai.upstream().on("/v1/chat/completions", exchange -> {
            Map<String, Object> sent = openai.upstream().last().json();
            String shortName = (String) ((Map<String, Object>) ((List<Map<String, Object>>) sent.get("tools")).get(0).get("function")).get("name");
            json(200, Fixtures.read("openai/chat/tools-response.json").replace("get_current_weather", shortName)).send(exchange);
        });
        Map<String, Object> message = Http.post(openai.url("/v1/messages"),
                hello(",\"tools\":[{\"name\":\"" + name + "\",\"input_schema\":{\"type\":\"object\"}}]")).json();
        String sentName = (String) ((Map<String, Object>) ((List<Map<String, Object>>) openai.upstream().last().json().get("tools")).get(0).get("function")).get("name");
        assertTrue(sentName.length() <= 64, sentName);
        Map<String, Object> toolUse = ((List<Map<String, Object>>) message.get("content")).get(0);
        assertEquals(name, toolUse.get("name"), "the client's own name back");
    }
}
