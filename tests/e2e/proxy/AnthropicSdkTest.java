package litellm.e2e.proxy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.models.ErrorType;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageParam;
import com.anthropic.models.messages.Metadata;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolChoiceAny;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import litellm.testing.AnthropicSdk;
import litellm.testing.Configs;
import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.ProviderUnderTest;
import litellm.testing.ProxyUnderTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static litellm.testing.FakeUpstream.json;
import static litellm.testing.FakeUpstream.sse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official Anthropic Java SDK against the proxy's {@code /v1/messages}, as Claude Code uses it with
 * ANTHROPIC_BASE_URL: in front of an OpenAI-format model (the request translated to a chat completion and the
 * answer back), and in front of an Anthropic deployment (the body passed on as it is).
 */
@SuppressWarnings("unchecked")
class AnthropicSdkTest {
    static final String CLAUDE = "claude-sonnet-4-5-20250929";
    @RegisterExtension
    static final ProviderUnderTest openai = new ProviderUnderTest("openai", "gpt-4o-mini", "/v1", "sk-upstream-key");
    @RegisterExtension
    static final ProviderUnderTest anthropic = new ProviderUnderTest("anthropic", CLAUDE, "", "sk-ant-deployment-key");
    static AnthropicClient viaChat, native_;

    @BeforeAll
    static void start() {
        viaChat = AnthropicSdk.client(openai.proxy(), "anything");
        native_ = AnthropicSdk.client(anthropic.proxy(), "anything");
    }

    @AfterAll
    static void stop() {
        viaChat.close();
        native_.close();
    }

    static MessageCreateParams.Builder hello() {
        return MessageCreateParams.builder().model(CLAUDE).maxTokens(256).addUserMessage("Hello");
    }

    static final Tool WEATHER = Tool.builder().name("get_current_weather").description("The weather in a city")
            .inputSchema(Tool.InputSchema.builder()
                    .properties(Tool.InputSchema.Properties.builder().putAdditionalProperty("location", JsonValue.from(Map.of("type", "string"))).build())
                    .required(List.of("location")).build())
            .build();

    static String text(Message message) {
        return message.content().stream().flatMap(b -> b.text().stream()).map(t -> t.text()).reduce("", String::concat);
    }

    @Test
    void aMessageFromAnOpenAiModel() {
        openai.upstream().on("/v1/chat/completions", json(200, Fixtures.read("openai/chat/response.json")));
        Message message = viaChat.messages().create(hello().system("You are terse.").putAdditionalBodyProperty("temperature", JsonValue.from(0.5)).stopSequences(List.of("END"))
                .metadata(Metadata.builder().userId("user-7").build()).build());

        assertEquals("Hello! How can I assist you today?", text(message));
        assertEquals(StopReason.END_TURN, message.stopReason().orElseThrow());
        assertEquals(19, message.usage().inputTokens());
        assertEquals(10, message.usage().outputTokens());

        var sent = openai.upstream().last();
        assertEquals("/v1/chat/completions", sent.path());
        assertEquals("Bearer sk-upstream-key", sent.headers().get("authorization"), "the deployment's key, not the client's");
        Map<String, Object> body = sent.json();
        assertEquals("gpt-4o-mini", body.get("model"));
        assertEquals(List.of(Map.of("role", "system", "content", "You are terse."), Map.of("role", "user", "content", "Hello")), body.get("messages"));
        assertEquals(256, body.get("max_tokens"));
        assertEquals(0.5, body.get("temperature"));
        assertEquals(List.of("END"), body.get("stop"));
        assertEquals("user-7", body.get("user"));
        assertFalse(body.containsKey("metadata"), "Anthropic's metadata is no OpenAI parameter");
    }

    @Test
    void aStreamFromAnOpenAiModel() {
        openai.upstream().on("/v1/chat/completions", sse(Fixtures.read("openai/chat/stream.txt"), 0));
        var streamed = AnthropicSdk.streamed(viaChat, hello().build());

        assertEquals(List.of("message_start", "content_block_start", "content_block_delta", "content_block_delta", "content_block_delta",
                "content_block_delta", "content_block_delta", "content_block_delta", "content_block_delta", "content_block_stop",
                "message_delta", "message_stop"), streamed.types());
        assertEquals("Hello! How can I help?", text(streamed.message()));
        assertEquals(StopReason.END_TURN, streamed.message().stopReason().orElseThrow());
        assertEquals(8, streamed.message().usage().outputTokens());
        var usage = streamed.events().stream().flatMap(e -> e.messageDelta().stream()).findFirst().orElseThrow().usage();
        assertEquals(9, usage.inputTokens().orElseThrow(), "the prompt's tokens, which OpenAI's stream tells at its end");
        assertEquals(Map.of("include_usage", true), openai.upstream().last().json().get("stream_options"), "asked for, so message_delta has it");
    }

    @Test
    void toolsRoundTripThroughAnOpenAiModel() {
        openai.upstream().on("/v1/chat/completions", json(200, Fixtures.read("openai/chat/tools-response.json")));
        Message call = viaChat.messages().create(hello().addTool(WEATHER).toolChoice(ToolChoiceAny.builder().build()).build());

        Map<String, Object> sent = openai.upstream().last().json();
        Map<String, Object> function = (Map<String, Object>) ((List<Map<String, Object>>) sent.get("tools")).get(0).get("function");
        assertEquals("get_current_weather", function.get("name"));
        assertEquals(Map.of("type", "object", "properties", Map.of("location", Map.of("type", "string")), "required", List.of("location")),
                function.get("parameters"), "input_schema is the function's parameters");
        assertEquals("required", sent.get("tool_choice"), "any is OpenAI's required");
        assertEquals(StopReason.TOOL_USE, call.stopReason().orElseThrow());
        ToolUseBlock toolUse = call.content().stream().flatMap(b -> b.toolUse().stream()).findFirst().orElseThrow();
        assertEquals("call_abc123", toolUse.id());
        assertEquals("get_current_weather", toolUse.name());
        assertEquals(JsonValue.from(Map.of("location", "Boston, MA")), toolUse._input());

        openai.upstream().on("/v1/chat/completions", json(200, Fixtures.read("openai/chat/response.json")));
        MessageParam result = MessageParam.ofUserOfContentBlockParams(List.of(
                ContentBlockParam.ofToolResult(ToolResultBlockParam.builder().toolUseId(toolUse.id()).content("sunny, 22C").build())));
        Message answer = viaChat.messages().create(hello().addTool(WEATHER).addMessage(call).addMessage(result).build());

        assertEquals("Hello! How can I assist you today?", text(answer));
        List<Map<String, Object>> messages = (List<Map<String, Object>>) openai.upstream().last().json().get("messages");
        assertEquals(3, messages.size(), messages.toString());
        Map<String, Object> assistant = messages.get(1);
        assertEquals("assistant", assistant.get("role"));
        Map<String, Object> toolCall = ((List<Map<String, Object>>) assistant.get("tool_calls")).get(0);
        assertEquals("call_abc123", toolCall.get("id"));
        assertEquals(Map.of("name", "get_current_weather", "arguments", "{\"location\":\"Boston, MA\"}"), toolCall.get("function"));
        assertEquals(Map.of("role", "tool", "tool_call_id", "call_abc123", "content", "sunny, 22C"), messages.get(2));
    }

    @Test
    void aStreamedToolCallFromAnOpenAiModel() {
        openai.upstream().on("/v1/chat/completions", sse(Fixtures.read("openai/chat/stream-tool-calls.recorded.txt"), 0));
        var streamed = AnthropicSdk.streamed(viaChat, hello().addTool(WEATHER).build());

        ToolUseBlock toolUse = streamed.message().content().stream().flatMap(b -> b.toolUse().stream()).findFirst().orElseThrow();
        assertEquals("call_CTf1nWJLqSeRgDqaCG27xZ74", toolUse.id());
        assertEquals("get_weather", toolUse.name());
        assertTrue(toolUse._input().toString().contains("city"), toolUse._input().toString());
        assertEquals(StopReason.TOOL_USE, streamed.message().stopReason().orElseThrow());
        assertEquals(19, streamed.message().usage().outputTokens());
    }

    @Test
    void thinkingBecomesReasoningEffortForAnOpenAiModel() {
        openai.upstream().on("/v1/chat/completions", json(200, Fixtures.read("openai/chat/response.json")));
        viaChat.messages().create(hello().maxTokens(8000).enabledThinking(2048).build());
        assertEquals("medium", openai.upstream().last().json().get("reasoning_effort"), "LiteLLM's bucket for a 2048-token budget");
    }

    @Test
    void countTokensForAnOpenAiModelIsCountedInTheProxy() {
        int before = openai.upstream().received().size();
        long tokens = viaChat.messages().countTokens(MessageCountTokensParams.builder().model(CLAUDE).system("You are terse.")
                .addUserMessage("How many tokens is this?").build()).inputTokens();
        assertTrue(tokens > 5 && tokens < 40, "about the prompt's length: " + tokens);
        assertEquals(before, openai.upstream().received().size(), "no upstream call");
    }

    @Test
    void anAnthropicDeploymentGetsTheBodyAsItIs() {
        anthropic.upstream().on("/v1/messages", json(200, Fixtures.read("anthropic/messages-response.recorded.json")));
        Message message = native_.messages().create(hello().system("You are terse.").stopSequences(List.of("END"))
                .metadata(Metadata.builder().userId("user-7").build()).build());

        assertEquals("msg_01T4jd6NyD9xGGtTPDC4ogy5", message.id(), "Anthropic's answer, unchanged");
        assertTrue(text(message).startsWith("{\"items\""), text(message));
        assertEquals(406, message.usage().inputTokens());
        var sent = anthropic.upstream().last();
        assertEquals("sk-ant-deployment-key", sent.headers().get("x-api-key"), "the deployment's key, not the client's");
        assertEquals("2023-06-01", sent.headers().get("anthropic-version"));
        Map<String, Object> body = sent.json();
        assertEquals(CLAUDE, body.get("model"));
        assertEquals("You are terse.", body.get("system"));
        assertEquals(Map.of("user_id", "user-7"), body.get("metadata"), "Anthropic's own metadata goes on");
        assertEquals(List.of("END"), body.get("stop_sequences"));
        assertEquals(List.of(Map.of("role", "user", "content", "Hello")), body.get("messages"));
    }

    @Test
    void theClientsBetasReachAnAnthropicDeploymentAsItsHeader() {
        anthropic.upstream().on("/v1/messages", json(200, Fixtures.read("anthropic/messages-response.recorded.json")));
        native_.messages().create(hello().putAdditionalHeader("anthropic-beta", "context-management-2025-06-27").build());
        var sent = anthropic.upstream().last();
        assertEquals("context-management-2025-06-27", sent.headers().get("anthropic-beta"));
        assertFalse(sent.json().containsKey("anthropic-beta"), "a header, not a body field");

        openai.upstream().on("/v1/chat/completions", json(200, Fixtures.read("openai/chat/response.json")));
        viaChat.messages().create(hello().putAdditionalHeader("anthropic-beta", "context-management-2025-06-27").build());
        assertFalse(openai.upstream().last().json().containsKey("anthropic-beta"), "Anthropic's betas mean nothing to a chat model");
    }

    @Test
    void anAnthropicDeploymentsStreamComesThroughEventByEvent() {
        anthropic.upstream().on("/v1/messages", sse(Fixtures.read("anthropic/messages-stream.recorded.txt"), 0));
        var streamed = AnthropicSdk.streamed(native_, hello().build());
        assertEquals("[12345,67890]", text(streamed.message()));
        assertEquals(StopReason.END_TURN, streamed.message().stopReason().orElseThrow());
        assertEquals(10, streamed.message().usage().outputTokens());
        assertEquals(true, anthropic.upstream().last().json().get("stream"));
    }

    @Test
    void countTokensForAnAnthropicDeploymentIsAnthropics() {
        anthropic.upstream().on("/v1/messages/count_tokens", json(200, "{\"input_tokens\": 14}"));
        long tokens = native_.messages().countTokens(MessageCountTokensParams.builder().model(CLAUDE).addUserMessage("Hello").build()).inputTokens();
        assertEquals(14, tokens);
        var sent = anthropic.upstream().last();
        assertEquals(CLAUDE, sent.json().get("model"));
        assertEquals("sk-ant-deployment-key", sent.headers().get("x-api-key"));
    }

    @Test
    void anAnthropicErrorReachesTheSdkAsAnthropicsError() {
        anthropic.upstream().on("/v1/messages", json(529, Fixtures.read("anthropic/messages-error-529.json")));
        var e = assertThrows(AnthropicServiceException.class, () -> native_.messages().create(hello().build()));
        assertEquals(529, e.statusCode());
        assertEquals(ErrorType.OVERLOADED_ERROR, e.errorType().orElseThrow());
    }

    @Test
    void theProxysKeyIsTakenAsXApiKeyOrBearer(@TempDir Path dir) throws Exception {
        try (FakeUpstream upstream = FakeUpstream.start().on("/v1/chat/completions", json(200, Fixtures.read("openai/chat/response.json")));
             var proxy = ProxyUnderTest.withConfig(dir, "model_list:\n" + Configs.gpt35At(upstream) + "general_settings:\n  master_key: sk-1234\n")) {
            AnthropicClient right = AnthropicSdk.client(proxy, "sk-1234");
            AnthropicClient bearer = AnthropicOkHttpClient.builder().baseUrl(proxy.url("")).authToken("sk-1234").maxRetries(0).build();
            AnthropicClient wrong = AnthropicSdk.client(proxy, "sk-wrong");
            try {
                assertEquals("Hello! How can I assist you today?", text(right.messages().create(hello().build())));
                assertEquals("Hello! How can I assist you today?", text(bearer.messages().create(hello().build())));
                var refused = assertThrows(UnauthorizedException.class, () -> wrong.messages().create(hello().build()));
                assertEquals(ErrorType.AUTHENTICATION_ERROR, refused.errorType().orElseThrow());
            } finally {
                List.of(right, bearer, wrong).forEach(AnthropicClient::close);
            }
        }
    }
}
