package litellm.e2e.providers;

import litellm.testing.WeatherTool;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.ProviderUnderTest;
import litellm.testing.OpenAiSdk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static litellm.testing.OpenAiResponses.choice;
import static litellm.e2e.providers.CohereProviderTest.ndjson;
import static litellm.testing.FakeUpstream.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** providers/cohere.groovy: OpenAI tools and tool calls <-> Cohere v1 chat tools, tool_calls, chat_history and tool_results. */
@SuppressWarnings("unchecked")
class CohereToolsTest {
    static final String PLAN = "I will look up the weather in Paris.";
    @RegisterExtension
    static final ProviderUnderTest cohereApi = new ProviderUnderTest("cohere", "command-r", "/v1", "co-test-0123456789");

    @Test
    void toolsGetParameterDefinitionsAndToolCallsComeBackAsOpenAis() {
        cohereApi.upstream().on("/v1/chat", json(200, Fixtures.read("cohere/v1-chat-tools-response.json")));
        var r = Http.post(cohereApi.url("/chat/completions"), WeatherTool.ask("command-r") + ",\"tool_choice\":\"auto\"}");

        assertEquals(200, r.status(), r.body());
        assertEquals(Http.parse(Fixtures.read("cohere/v1-chat-tools-request.json")), cohereApi.upstream().last().json());
        var choice = choice(r.json());
        assertEquals("tool_calls", choice.get("finish_reason"), "Cohere says COMPLETE; OpenAI clients look for tool_calls");
        var message = (Map<String, Object>) choice.get("message");
        assertEquals(PLAN, message.get("content"));
        var call = ((List<Map<String, Object>>) message.get("tool_calls")).get(0);
        assertTrue(call.get("id").toString().startsWith("call_"), call.toString());
        assertEquals("function", call.get("type"));
        assertEquals(Map.of("name", "get_weather", "arguments", "{\"location\":\"Paris\"}"), call.get("function"));
        assertEquals(Map.of("prompt_tokens", 37, "completion_tokens", 21, "total_tokens", 58), r.json().get("usage"));
    }

    @Test
    void toolResultsThatEndTheConversationAreToolResultsWithAnEmptyMessage() {
        cohereApi.upstream().on("/v1/chat", json(200, Fixtures.read("cohere/v1-chat-response.json")));
        var r = Http.post(cohereApi.url("/chat/completions"), WeatherTool.followUp("command-r", "call_1")
                .replace("\"content\":null", "\"content\":\"" + PLAN + "\""));
        assertEquals(200, r.status(), r.body());
        assertEquals(Http.parse(Fixtures.read("cohere/v1-chat-tools-followup-request.json")), cohereApi.upstream().last().json());
        assertEquals("stop", choice(r.json()).get("finish_reason"));
    }

    @Test
    void earlierToolResultsAreToolTurnsOfTheHistory() {
        cohereApi.upstream().on("/v1/chat", json(200, Fixtures.read("cohere/v1-chat-response.json")));
        String followUp = WeatherTool.followUp("command-r", "call_1");
        String body = followUp.substring(0, followUp.length() - 2)
                + ",{\"role\":\"assistant\",\"content\":\"18 degrees and cloudy.\"},{\"role\":\"user\",\"content\":\"And tomorrow?\"}],\"tool_choice\":\"none\"}";
        var r = Http.post(cohereApi.url("/chat/completions"), body);
        assertEquals(200, r.status(), r.body());
        var sent = cohereApi.upstream().last().json();
        assertEquals("And tomorrow?", sent.get("message"));
        assertFalse(sent.containsKey("tools"), "tool_choice none: no tools");
        assertFalse(sent.containsKey("tool_results"));
        var history = (List<Map<String, Object>>) sent.get("chat_history");
        var expected = (Map<String, Object>) ((List<?>) Http.parse(Fixtures.read("cohere/v1-chat-tools-followup-request.json")).get("tool_results")).get(0);
        assertEquals(List.of("USER", "CHATBOT", "TOOL", "CHATBOT"), history.stream().map(h -> h.get("role")).toList());
        assertEquals(Map.of("role", "CHATBOT", "message", "", "tool_calls", List.of(expected.get("call"))), history.get(1));
        assertEquals(Map.of("role", "TOOL", "tool_results", List.of(expected)), history.get(2));
    }

    @Test
    void aToolResultThatIsNotAJsonObjectIsWrappedAsOutputAndAnUnknownCallIs400() {
        cohereApi.upstream().on("/v1/chat", json(200, Fixtures.read("cohere/v1-chat-response.json")));
        String followUp = WeatherTool.followUp("command-r", "call_1");
        var r = Http.post(cohereApi.url("/chat/completions"), followUp.replace(litellm.json.Json.text(WeatherTool.RESULT), "\"18 degrees\""));
        assertEquals(200, r.status(), r.body());
        var results = (List<Map<String, Object>>) cohereApi.upstream().last().json().get("tool_results");
        assertEquals(List.of(Map.of("output", "18 degrees")), results.get(0).get("outputs"));

        var unknown = Http.post(cohereApi.url("/chat/completions"), followUp.replace("\"tool_call_id\":\"call_1\"", "\"tool_call_id\":\"call_2\""));
        assertEquals(400, unknown.status(), unknown.body());
        assertTrue(unknown.error().get("message").toString().contains("call_2"), unknown.body());
    }

    @Test
    void aStreamedToolCallsGenerationIsAToolCallChunk() {
        cohereApi.upstream().on("/v1/chat", ndjson(Fixtures.read("cohere/v1-chat-tools-stream.ndjson")));
        List<String> got = Http.streamData(cohereApi.url("/chat/completions"), WeatherTool.ask("command-r") + ",\"stream\":true}");

        assertEquals(4, got.size(), "start, the calls, the finish, [DONE] (tool-calls-chunk pieces are left out): " + got);
        var delta = (Map<String, Object>) choice(Http.parse(got.get(1))).get("delta");
        assertEquals(PLAN, delta.get("content"));
        var call = ((List<Map<String, Object>>) delta.get("tool_calls")).get(0);
        assertEquals(0, call.get("index"));
        assertTrue(call.get("id").toString().startsWith("call_"));
        assertEquals(Map.of("name", "get_weather", "arguments", "{\"location\":\"Paris\"}"), call.get("function"));
        assertEquals("tool_calls", choice(Http.parse(got.get(2))).get("finish_reason"));
        assertEquals("[DONE]", got.get(3));
    }

    @Test
    void roundTripThroughTheOpenAiSdk() {
        cohereApi.upstream().on("/v1/chat", json(200, Fixtures.read("cohere/v1-chat-tools-response.json")));
        var answer = OpenAiSdk.client(cohereApi.proxy()).chat().completions().create(WeatherTool.sdkAsk("command-r"));
        assertEquals(Http.parse(Fixtures.read("cohere/v1-chat-tools-request.json")), cohereApi.upstream().last().json());
        assertEquals("tool_calls", answer.choices().get(0).finishReason().asString());
        var message = answer.choices().get(0).message();
        assertEquals("{\"location\":\"Paris\"}", message.toolCalls().orElseThrow().get(0).asFunction().function().arguments());

        cohereApi.upstream().on("/v1/chat", json(200, Fixtures.read("cohere/v1-chat-response.json")));
        var last = OpenAiSdk.client(cohereApi.proxy()).chat().completions().create(WeatherTool.sdkFollowUp("command-r", message));
        assertEquals(Http.parse(Fixtures.read("cohere/v1-chat-tools-followup-request.json")), cohereApi.upstream().last().json());
        assertEquals("Hello! How can I assist you today?", last.choices().get(0).message().content().orElseThrow());

        cohereApi.upstream().on("/v1/chat", ndjson(Fixtures.read("cohere/v1-chat-tools-stream.ndjson")));
        var streamed = OpenAiSdk.streamed(cohereApi.proxy(), WeatherTool.sdkAsk("command-r"));
        var streamedCall = streamed.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
        assertEquals("get_weather", streamedCall.function().name());
        assertEquals("{\"location\":\"Paris\"}", streamedCall.function().arguments());
        assertEquals(PLAN, streamed.choices().get(0).message().content().orElseThrow());
        assertEquals("tool_calls", streamed.choices().get(0).finishReason().asString());
    }
}
