package litellm.e2e.providers;

import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.OpenAiSdk;
import litellm.testing.ProviderUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static litellm.testing.FakeUpstream.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Responses API in front of Claude (Anthropic's Messages API, recorded answers): translated onto chat in the
 * core, then by the anthropic script onto Messages, and back.
 */
class AnthropicResponsesTest {
    @RegisterExtension
    static final ProviderUnderTest claude = new ProviderUnderTest("anthropic", "claude-sonnet-4-5-20250929", "", "sk-ant-test-0123456789");

    static final String TOOLS = """
            [{"type": "function", "name": "get_weather", "description": "Get the current weather",
              "parameters": {"type": "object", "properties": {"location": {"type": "string"}}, "required": ["location"]}}]""";

    @Test
    void aResponseFromClaude() {
        claude.upstream().on("/v1/messages", json(200, Fixtures.read("anthropic/messages-response.recorded.json")));
        Response response = OpenAiSdk.client(claude.proxy()).responses().create(ResponseCreateParams.builder().model("claude")
                .input("List the items as JSON.").instructions("You are terse.").maxOutputTokens(1024).build()).validate();

        var sent = claude.upstream().last().json();
        assertEquals("You are terse.", sent.get("system"));
        assertEquals(1024, sent.get("max_tokens"));
        assertEquals(List.of(Map.of("role", "user", "content", "List the items as JSON.")), sent.get("messages"));
        assertTrue(response.output().getFirst().asMessage().content().getFirst().asOutputText().text().startsWith("{\"items\":[{\"product_name\":\"Green Tea\""));
        assertEquals(406, response.usage().orElseThrow().inputTokens());
        assertEquals(50, response.usage().orElseThrow().outputTokens());
        assertEquals("claude-sonnet-4-5-20250929", response.model().asString());
    }

    @Test
    void aStreamFromClaudeIsTheResponsesEvents() {
        claude.upstream().on("/v1/messages", FakeUpstream.sse(Fixtures.read("anthropic/messages-stream.recorded.txt"), 0));
        var streamed = OpenAiSdk.streamed(claude.proxy(), ResponseCreateParams.builder().model("claude").input("Count.").build());

        assertEquals(List.of("response.created", "response.in_progress", "response.output_item.added", "response.content_part.added"), streamed.types().subList(0, 4));
        assertEquals("response.completed", streamed.types().getLast());
        assertEquals("[12345,67890]", streamed.response().output().getFirst().asMessage().content().getFirst().asOutputText().text());
        assertEquals(135, streamed.response().usage().orElseThrow().inputTokens());
    }

    @Test
    void functionCallsRoundTripAsToolUseAndToolResult() {
        claude.upstream().on("/v1/messages", json(200, Fixtures.read("anthropic/messages-tools-response.json")));
        var first = Http.post(claude.url("/v1/responses"), "{\"model\":\"claude\",\"input\":\"Weather in San Francisco?\",\"tools\":" + TOOLS
                + ",\"tool_choice\":{\"type\":\"function\",\"name\":\"get_weather\"}}");
        assertEquals(200, first.status(), first.body());

        var sent = claude.upstream().last().json();
        assertEquals("get_weather", ((Map<?, ?>) ((List<?>) sent.get("tools")).getFirst()).get("name"));
        assertEquals(Map.of("type", "tool", "name", "get_weather"), sent.get("tool_choice"));
        var output = (List<?>) first.json().get("output");
        assertEquals(List.of("message", "function_call"), output.stream().map(o -> ((Map<?, ?>) o).get("type")).toList());
        var call = (Map<?, ?>) output.get(1);
        assertEquals("toolu_01A09q90qw90lq917835lq9", call.get("call_id"));
        assertEquals(Map.of("location", "San Francisco, CA"), Http.parse((String) call.get("arguments")));

        // The client sends the output back with the function's result: one assistant turn (text and tool_use), then the tool_result
        claude.upstream().on("/v1/messages", json(200, Fixtures.read("anthropic/messages-response.recorded.json")));
        var items = new java.util.ArrayList<Object>();
        items.add(Map.of("role", "user", "content", "Weather in San Francisco?"));
        items.addAll(output);
        items.add(Map.of("type", "function_call_output", "call_id", call.get("call_id"), "output", "18 C, cloudy"));
        var second = Http.post(claude.url("/v1/responses"), litellm.json.Json.text(Map.of("model", "claude", "input", items, "tools", Http.parse("{\"t\":" + TOOLS + "}").get("t"))));
        assertEquals(200, second.status(), second.body());

        var messages = (List<?>) claude.upstream().last().json().get("messages");
        assertEquals(List.of("user", "assistant", "user"), messages.stream().map(m -> ((Map<?, ?>) m).get("role")).toList());
        var assistant = (List<?>) ((Map<?, ?>) messages.get(1)).get("content");
        assertEquals(List.of("text", "tool_use"), assistant.stream().map(b -> ((Map<?, ?>) b).get("type")).toList());
        var result = (Map<?, ?>) ((List<?>) ((Map<?, ?>) messages.get(2)).get("content")).getFirst();
        assertEquals("tool_result", result.get("type"));
        assertEquals("toolu_01A09q90qw90lq917835lq9", result.get("tool_use_id"));
    }

    @Test
    void aStreamedToolUseIsAFunctionCallItem() {
        claude.upstream().on("/v1/messages", FakeUpstream.sse(Fixtures.read("anthropic/messages-stream-tool-use.sdk-fixture.txt"), 0));
        var streamed = OpenAiSdk.streamed(claude.proxy(), ResponseCreateParams.builder().model("claude").input("Weather in Paris?").build());

        var output = streamed.response().output();
        assertEquals("I'll check the current weather in Paris for you.", output.getFirst().asMessage().content().getFirst().asOutputText().text());
        var call = output.get(1).asFunctionCall();
        assertEquals("get_weather", call.name());
        assertEquals("toolu_01NRLabsLyVHZPKxbKvkfSMn", call.callId());
        assertTrue(streamed.types().contains("response.function_call_arguments.delta"), streamed.types().toString());
    }

    @Test
    void claudesThinkingIsAReasoningItemWholeAndStreamed() {
        claude.upstream().on("/v1/messages", json(200, Fixtures.read("anthropic/messages-thinking-response.json")));
        Response whole = OpenAiSdk.client(claude.proxy()).responses().create(ResponseCreateParams.builder().model("claude")
                .input("Weather in Paris?").reasoning(com.openai.models.Reasoning.builder().effort(com.openai.models.ReasoningEffort.LOW).build()).build()).validate();
        assertTrue(claude.upstream().last().json().get("thinking") instanceof Map<?, ?>, "reasoning.effort reached Claude as thinking");
        var reasoning = whole.output().getFirst().asReasoning();
        assertTrue(reasoning.summary().getFirst().text().startsWith("The user asks for the weather in Paris."), reasoning.toString());
        assertTrue(whole.output().get(1).isFunctionCall(), "then the tool call");

        claude.upstream().on("/v1/messages", FakeUpstream.sse(Fixtures.read("anthropic/messages-thinking-stream.txt"), 0));
        var streamed = OpenAiSdk.streamed(claude.proxy(), ResponseCreateParams.builder().model("claude").input("27 * 453?").build());
        assertEquals(List.of("response.created", "response.in_progress", "response.output_item.added", "response.reasoning_summary_part.added",
                "response.reasoning_summary_text.delta", "response.reasoning_summary_text.delta"), streamed.types().subList(0, 6));
        assertTrue(streamed.types().containsAll(List.of("response.reasoning_summary_text.done", "response.reasoning_summary_part.done")));
        var summary = streamed.response().output().getFirst().asReasoning().summary().getFirst().text();
        assertEquals("Let me solve this step by step:\n\n1. First break down 27 * 453\n2. 453 = 400 + 50 + 3", summary);
        assertTrue(streamed.response().output().get(1).isMessage());
    }
}
