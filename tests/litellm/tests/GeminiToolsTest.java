package litellm.tests;

import litellm.json.Json;
import litellm.tests.support.Fixtures;
import litellm.tests.support.Http;
import litellm.tests.support.ProviderUnderTest;
import litellm.tests.support.OpenAiSdk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static litellm.tests.support.OpenAiResponses.choice;
import static litellm.tests.support.FakeUpstream.json;
import static litellm.tests.support.FakeUpstream.sse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** providers/gemini.groovy: OpenAI tools and tool calls <-> Gemini functionDeclarations, functionCall and functionResponse. */
@SuppressWarnings("unchecked")
class GeminiToolsTest {
    static final String PATH = "/v1beta/models/gemini-1.5-flash:generateContent";
    @RegisterExtension
    static final ProviderUnderTest geminiApi = new ProviderUnderTest("gemini", "gemini-1.5-flash", "/v1beta", "AIzaTestKey0123456789");

    @Test
    void toolsBecomeFunctionDeclarationsAndAFunctionCallComesBackAsAToolCall() {
        geminiApi.upstream().on(PATH, json(200, Fixtures.read("gemini/generateContent-tools-response.json")));
        var r = Http.post(geminiApi.url("/chat/completions"), WeatherTool.ask("gemini-1.5-flash") + ",\"tool_choice\":\"auto\"}");

        assertEquals(200, r.status(), r.body());
        assertEquals(Http.parse(Fixtures.read("gemini/generateContent-tools-request.json")), geminiApi.upstream().last().json(),
                "upper-case types, no $schema or additionalProperties (Gemini refuses them)");
        var choice = choice(r.json());
        assertEquals("tool_calls", choice.get("finish_reason"));
        var message = (Map<String, Object>) choice.get("message");
        assertNull(message.get("content"));
        var call = ((List<Map<String, Object>>) message.get("tool_calls")).get(0);
        assertTrue(call.get("id").toString().startsWith("call_"), call.toString());
        assertEquals("function", call.get("type"));
        assertEquals(Map.of("name", "get_weather", "arguments", "{\"location\":\"Paris\"}"), call.get("function"));
        assertEquals(Map.of("prompt_tokens", 32, "completion_tokens", 5, "total_tokens", 37), r.json().get("usage"));
    }

    @Test
    void toolResultsGoBackAsFunctionResponsesNamedAfterTheirCall() {
        geminiApi.upstream().on(PATH, json(200, Fixtures.read("gemini/generateContent-response.json")));
        var r = Http.post(geminiApi.url("/chat/completions"), WeatherTool.followUp("gemini-1.5-flash", "call_abc"));
        assertEquals(200, r.status(), r.body());
        assertEquals(Http.parse(Fixtures.read("gemini/generateContent-tools-followup-request.json")), geminiApi.upstream().last().json());
    }

    @Test
    void aToolResultThatIsNotAJsonObjectIsWrappedAsOutput() {
        geminiApi.upstream().on(PATH, json(200, Fixtures.read("gemini/generateContent-response.json")));
        var r = Http.post(geminiApi.url("/chat/completions"), WeatherTool.followUp("g", "call_1").replace(Json.text(WeatherTool.RESULT), "\"18 degrees\""));
        assertEquals(200, r.status(), r.body());
        var turns = (List<Map<String, Object>>) geminiApi.upstream().last().json().get("contents");
        assertEquals(Map.of("role", "function", "parts", List.of(Map.of("functionResponse",
                Map.of("name", "get_weather", "response", Map.of("output", "18 degrees"))))), turns.get(2));
    }

    @Test
    void toolCallArgumentsThatAreNotAJsonObjectAre400() {
        var r = Http.post(geminiApi.url("/chat/completions"), WeatherTool.followUp("g", "call_1").replace("{\\\"location\\\":\\\"Paris\\\"}", "Paris"));
        assertEquals(400, r.status(), r.body());
        assertTrue(r.error().get("message").toString().contains("the arguments of tool call call_1 are not a JSON object: Paris"), r.body());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "\"none\"|{\"mode\":\"NONE\"}",
            "\"required\"|{\"mode\":\"ANY\"}",
            "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}|{\"mode\":\"ANY\",\"allowedFunctionNames\":[\"get_weather\"]}"})
    void toolChoiceIsAFunctionCallingMode(String toolChoice, String config) {
        geminiApi.upstream().on(PATH, json(200, Fixtures.read("gemini/generateContent-response.json")));
        var r = Http.post(geminiApi.url("/chat/completions"), WeatherTool.ask("g") + ",\"tool_choice\":" + toolChoice + "}");
        assertEquals(200, r.status(), r.body());
        assertEquals(Map.of("functionCallingConfig", Http.parse(config)), geminiApi.upstream().last().json().get("toolConfig"));
        assertEquals("stop", choice(r.json()).get("finish_reason"), "a text answer with tools offered");
    }

    /** The tools response as one SSE event: Gemini streams a functionCall part whole. */
    static String toolCallStream() {
        return "data: " + Json.text(Http.parse(Fixtures.read("gemini/generateContent-tools-response.json"))) + "\r\n\r\n";
    }

    @Test
    void aStreamedFunctionCallIsAToolCallChunk() {
        geminiApi.upstream().on("/v1beta/models/gemini-1.5-flash:streamGenerateContent", sse(toolCallStream(), 0));
        List<String> got = Http.streamData(geminiApi.url("/chat/completions"), WeatherTool.ask("g") + ",\"stream\":true}");

        assertEquals(2, got.size(), got.toString());
        assertEquals("[DONE]", got.get(1));
        var choice = choice(Http.parse(got.get(0)));
        assertEquals("tool_calls", choice.get("finish_reason"));
        var delta = (Map<String, Object>) choice.get("delta");
        assertEquals("assistant", delta.get("role"));
        var call = ((List<Map<String, Object>>) delta.get("tool_calls")).get(0);
        assertEquals(0, call.get("index"));
        assertTrue(call.get("id").toString().startsWith("call_"));
        assertEquals(Map.of("name", "get_weather", "arguments", "{\"location\":\"Paris\"}"), call.get("function"));
    }

    @Test
    void roundTripThroughTheOpenAiSdk() {
        geminiApi.upstream().on(PATH, json(200, Fixtures.read("gemini/generateContent-tools-response.json")));
        var answer = OpenAiSdk.client(geminiApi.proxy()).chat().completions().create(WeatherTool.sdkAsk("gemini-1.5-flash"));
        var sent = geminiApi.upstream().last().json();
        assertEquals(Http.parse(Fixtures.read("gemini/generateContent-tools-request.json")).get("tools"), sent.get("tools"));
        assertEquals("tool_calls", answer.choices().get(0).finishReason().asString());
        var message = answer.choices().get(0).message();
        var toolCall = message.toolCalls().orElseThrow().get(0).asFunction();
        assertEquals("get_weather", toolCall.function().name());
        assertEquals("{\"location\":\"Paris\"}", toolCall.function().arguments());

        geminiApi.upstream().on(PATH, json(200, Fixtures.read("gemini/generateContent-response.json")));
        OpenAiSdk.client(geminiApi.proxy()).chat().completions().create(WeatherTool.sdkFollowUp("gemini-1.5-flash", message));
        assertEquals(Http.parse(Fixtures.read("gemini/generateContent-tools-followup-request.json")), geminiApi.upstream().last().json());

        geminiApi.upstream().on("/v1beta/models/gemini-1.5-flash:streamGenerateContent", sse(toolCallStream(), 0));
        var streamed = OpenAiSdk.streamed(geminiApi.proxy(), WeatherTool.sdkAsk("gemini-1.5-flash"));
        var streamedCall = streamed.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
        assertEquals("get_weather", streamedCall.function().name());
        assertEquals("{\"location\":\"Paris\"}", streamedCall.function().arguments());
        assertEquals("tool_calls", streamed.choices().get(0).finishReason().asString());
    }
}
