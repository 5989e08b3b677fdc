package litellm.e2e.providers;

import litellm.testing.WeatherTool;
import litellm.json.Json;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.ProviderUnderTest;
import litellm.testing.OpenAiSdk;
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

    static final String SIGNATURE = "CiQBVKhc7k3xQmP1p0Xr9a2dE5vWq8sLkY2Jf0bN3cT7uHgA==";

    @Test
    void aThoughtSignatureRidesInTheCallIdAndGoesBackOnItsFunctionCall() {
        geminiApi.upstream().on(PATH, json(200, Fixtures.read("gemini/generateContent-tools-response-signed.json")));
        var r = Http.post(geminiApi.url("/chat/completions"), WeatherTool.ask("gemini-3-pro-preview") + "}");
        assertEquals(200, r.status(), r.body());
        var calls = (List<Map<String, Object>>) ((Map<String, Object>) choice(r.json()).get("message")).get("tool_calls");
        String signed = calls.get(0).get("id").toString(), plain = calls.get(1).get("id").toString();
        assertTrue(signed.matches("call_\\w+__thought__" + java.util.regex.Pattern.quote(SIGNATURE)), signed);
        assertEquals(Map.of("thought_signature", SIGNATURE), calls.get(0).get("provider_specific_fields"));
        assertTrue(plain.matches("call_\\w+"), "Gemini signs only the first of parallel calls: " + plain);
        assertNull(calls.get(1).get("provider_specific_fields"));
        assertEquals(Map.of("prompt_tokens", 32, "completion_tokens", 66, "total_tokens", 98, "completion_tokens_details", Map.of("reasoning_tokens", 56)),
                r.json().get("usage"), "a thinking model's thoughts are billed output, as OpenAI's reasoning tokens are");

        // The client sends back the ids it got, and nothing it does not know (no provider_specific_fields).
        geminiApi.upstream().on(PATH, json(200, Fixtures.read("gemini/generateContent-response.json")));
        var followUp = Http.parse(WeatherTool.followUp("gemini-3-pro-preview", signed));
        var messages = (List<Map<String, Object>>) followUp.get("messages");
        var toolCalls = (List<Object>) messages.get(1).get("tool_calls");
        toolCalls.add(Map.of("id", plain, "type", "function", "function", Map.of("name", "get_weather", "arguments", "{\"location\":\"London\"}")));
        messages.add(Map.of("role", "tool", "tool_call_id", plain, "content", "{}"));
        assertEquals(200, Http.post(geminiApi.url("/chat/completions"), Json.text(followUp)).status());
        var turns = (List<Map<String, Object>>) geminiApi.upstream().last().json().get("contents");
        assertEquals(List.of(
                Map.of("functionCall", Map.of("name", "get_weather", "args", Map.of("location", "Paris")), "thoughtSignature", SIGNATURE),
                Map.of("functionCall", Map.of("name", "get_weather", "args", Map.of("location", "London")))), turns.get(1).get("parts"));
        var responses = (List<Map<String, Map<String, Object>>>) turns.get(2).get("parts");
        assertEquals(List.of("get_weather", "get_weather"), responses.stream().map(p -> p.get("functionResponse").get("name")).toList(),
                "each result still finds its call by the id that carries the signature");
    }

    @Test
    void aThoughtSummaryBesideSignedCallsIsReasoningContentAndTheSignatureStillGoesBack() {
        // With includeThoughts, a thinking model's answer starts with its thought summary; the calls keep their signature
        var answer = Http.parse(Fixtures.read("gemini/generateContent-tools-response-signed.json"));
        var parts = (List<Object>) ((Map<String, Object>) ((List<Map<String, Object>>) answer.get("candidates")).get(0).get("content")).get("parts");
        String thought = "**Checking both cities**\n\nThe user asks about Paris and London, so I will get the weather for each.\n";
        parts.add(0, Map.of("text", thought, "thought", true));
        geminiApi.upstream().on(PATH, json(200, Json.text(answer)));
        var r = Http.post(geminiApi.url("/chat/completions"), WeatherTool.ask("gemini-3-pro-preview") + ",\"reasoning_effort\":\"high\"}");
        assertEquals(200, r.status(), r.body());
        var message = (Map<String, Object>) choice(r.json()).get("message");
        assertEquals(thought, message.get("reasoning_content"));
        assertNull(message.get("content"), "a thought is not content");
        var calls = (List<Map<String, Object>>) message.get("tool_calls");
        assertEquals(2, calls.size());
        String signed = calls.get(0).get("id").toString();
        assertTrue(signed.endsWith("__thought__" + SIGNATURE), signed);

        // The client sends the message back as it got it, reasoning_content too (not thinking_blocks): Gemini gets the
        // thought back as a thought part, as LiteLLM sends it, and the signed call
        geminiApi.upstream().on(PATH, json(200, Fixtures.read("gemini/generateContent-response.json")));
        var followUp = Http.parse(WeatherTool.followUp("gemini-3-pro-preview", signed));
        ((List<Map<String, Object>>) followUp.get("messages")).get(1).put("reasoning_content", thought);
        assertEquals(200, Http.post(geminiApi.url("/chat/completions"), Json.text(followUp)).status());
        var turns = (List<Map<String, Object>>) geminiApi.upstream().last().json().get("contents");
        assertEquals(List.of(Map.of("text", thought, "thought", true),
                Map.of("functionCall", Map.of("name", "get_weather", "args", Map.of("location", "Paris")), "thoughtSignature", SIGNATURE)),
                turns.get(1).get("parts"));
    }

    @RegisterExtension
    static final ProviderUnderTest openaiApi = new ProviderUnderTest("openai", "gpt-4o-mini", "/v1", "sk-test");

    @Test
    void aConversationThatMovesToAnotherProviderSendsItNoReasoningStateItCannotRead() {
        // OpenAI refuses tool call ids over 40 characters and message fields it does not know: a chat that goes on
        // with another model must not fail
        openaiApi.upstream().on("/v1/chat/completions", json(200, Fixtures.read("openai/chat/response.json")));
        String signed = "call_abc" + "__thought__" + SIGNATURE;
        var followUp = Http.parse(WeatherTool.followUp("gpt-4o-mini", signed));
        var messages = (List<Map<String, Object>>) followUp.get("messages");
        ((Map<String, Object>) ((List<?>) messages.get(1).get("tool_calls")).get(0)).put("provider_specific_fields", Map.of("thought_signature", SIGNATURE));
        messages.get(1).put("provider_specific_fields", Map.of("thought_signatures", List.of(SIGNATURE))); // a signed text answer's
        messages.get(1).put("reasoning_content", "Claude's thoughts"); // as a Claude answer carries them, for the same reason
        messages.get(1).put("thinking_blocks", List.of(Map.of("type", "thinking", "thinking", "Claude's thoughts", "signature", "EqQB")));
        var r = Http.post(openaiApi.url("/chat/completions"), Json.text(followUp));
        assertEquals(200, r.status(), r.body());

        var sent = (List<Map<String, Object>>) openaiApi.upstream().last().json().get("messages");
        var call = ((List<Map<String, Object>>) sent.get(1).get("tool_calls")).get(0);
        assertEquals("call_abc", call.get("id"));
        assertNull(call.get("provider_specific_fields"));
        assertEquals(Map.of("name", "get_weather", "arguments", "{\"location\":\"Paris\"}"), call.get("function"));
        assertEquals("call_abc", sent.get(2).get("tool_call_id"));
        assertEquals(java.util.Set.of("role", "content", "tool_calls"), sent.get(1).keySet(), "OpenAI refuses message fields it does not know");
        assertEquals(messages.get(0), sent.get(0), "the other messages as they were");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"extra_content, google", "provider_specific_fields, ''"})
    void aThoughtSignatureInAFieldOfTheCallGoesBackToo(String field, String nested) {
        // Google's own OpenAI layer puts it in extra_content.google; LiteLLM in provider_specific_fields
        geminiApi.upstream().on(PATH, json(200, Fixtures.read("gemini/generateContent-response.json")));
        var followUp = Http.parse(WeatherTool.followUp("gemini-3-pro-preview", "call_1"));
        var call = (Map<String, Object>) ((List<?>) ((List<Map<String, Object>>) followUp.get("messages")).get(1).get("tool_calls")).get(0);
        Map<String, Object> signature = Map.of("thought_signature", SIGNATURE);
        call.put(field, nested.isEmpty() ? signature : Map.of(nested, signature));
        assertEquals(200, Http.post(geminiApi.url("/chat/completions"), Json.text(followUp)).status());
        var turns = (List<Map<String, Object>>) geminiApi.upstream().last().json().get("contents");
        assertEquals(SIGNATURE, ((List<Map<String, Object>>) turns.get(1).get("parts")).get(0).get("thoughtSignature"));
    }

    @Test
    void aStreamedSignedCallAndTheSdksFollowUpKeepTheSignature() {
        String signedStream = "data: " + Json.text(Http.parse(Fixtures.read("gemini/generateContent-tools-response-signed.json"))) + "\r\n\r\n";
        geminiApi.upstream().on("/v1beta/models/gemini-1.5-flash:streamGenerateContent", sse(signedStream, 0));
        var streamed = OpenAiSdk.streamed(geminiApi.proxy(), WeatherTool.sdkAsk("gemini-3-pro-preview"));
        var message = streamed.choices().get(0).message();
        String id = message.toolCalls().orElseThrow().get(0).asFunction().id();
        assertTrue(id.endsWith("__thought__" + SIGNATURE), id);

        geminiApi.upstream().on(PATH, json(200, Fixtures.read("gemini/generateContent-response.json")));
        OpenAiSdk.client(geminiApi.proxy()).chat().completions().create(WeatherTool.sdkFollowUp("gemini-3-pro-preview", message));
        var turns = (List<Map<String, Object>>) geminiApi.upstream().last().json().get("contents");
        assertEquals(SIGNATURE, ((List<Map<String, Object>>) turns.get(1).get("parts")).get(0).get("thoughtSignature"));
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
