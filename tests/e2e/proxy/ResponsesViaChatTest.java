package litellm.e2e.proxy;

import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.RateLimitException;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseStatus;
import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.OpenAiSdk;
import litellm.testing.ProviderUnderTest;
import litellm.testing.WeatherTool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static litellm.testing.FakeUpstream.json;
import static litellm.testing.FakeUpstream.sse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Responses API (POST /v1/responses) in front of a provider that only chats (vLLM's OpenAI-format chat server here),
 * with the official OpenAI Java SDK as the client: the proxy translates the request onto /chat/completions and the
 * answer, whole or streamed, back into a Response and the Responses events.
 */
class ResponsesViaChatTest {
    @RegisterExtension
    static final ProviderUnderTest vllm = new ProviderUnderTest("vllm", "Qwen/Qwen3-8B", "/v1", "sk-vllm");
    static OpenAIClient client;

    @BeforeAll
    static void start() {
        client = OpenAiSdk.client(vllm.proxy());
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    static ResponseCreateParams.Builder ask(String input) {
        return ResponseCreateParams.builder().model("qwen").input(input);
    }

    static String text(Response response) {
        return response.output().stream().filter(o -> o.isMessage()).flatMap(o -> o.asMessage().content().stream())
                .map(c -> c.asOutputText().text()).collect(Collectors.joining());
    }

    @Test
    void aStringInputAndInstructionsBecomeChatMessagesAndTheAnswerAResponse() {
        vllm.upstream().on("/v1/chat/completions", json(200, Fixtures.read("openai/chat/response.json")));
        Response response = client.responses().create(ask("hello").instructions("Answer briefly.").maxOutputTokens(100).temperature(0.2).build()).validate();

        var sent = vllm.upstream().last().json();
        assertEquals(List.of(Map.of("role", "system", "content", "Answer briefly."), Map.of("role", "user", "content", "hello")), sent.get("messages"));
        assertEquals(100, sent.get("max_tokens"));
        assertEquals(0.2, sent.get("temperature"));
        assertFalse(sent.containsKey("input") || sent.containsKey("instructions") || sent.containsKey("max_output_tokens"), sent.toString());

        assertTrue(response.id().startsWith("resp_"), response.id());
        assertEquals(ResponseStatus.COMPLETED, response.status().orElseThrow());
        assertEquals("Hello! How can I assist you today?", text(response));
        assertEquals("Answer briefly.", response.instructions().orElseThrow().asString());
        var usage = response.usage().orElseThrow();
        assertEquals(19, usage.inputTokens());
        assertEquals(10, usage.outputTokens());
        assertEquals(29, usage.totalTokens());
    }

    @Test
    void aStreamIsTheResponsesEventsInOrderNumberedFromZero() {
        vllm.upstream().on("/v1/chat/completions", sse(Fixtures.read("openai/chat/stream.txt"), 0));
        var streamed = OpenAiSdk.streamed(vllm.proxy(), ask("hello").build());

        var sent = vllm.upstream().last().json();
        assertEquals(true, sent.get("stream"));
        assertEquals(Map.of("include_usage", true), sent.get("stream_options"), "the usage response.completed carries");
        List<String> expected = new ArrayList<>(List.of("response.created", "response.in_progress", "response.output_item.added", "response.content_part.added"));
        long deltas = streamed.types().stream().filter("response.output_text.delta"::equals).count();
        for (int i = 0; i < deltas; i++) expected.add("response.output_text.delta");
        expected.addAll(List.of("response.output_text.done", "response.content_part.done", "response.output_item.done", "response.completed"));
        assertEquals(expected, streamed.types());
        assertTrue(deltas > 1, "each chat chunk's text is its own delta");
        for (int i = 0; i < streamed.events().size(); i++)
            assertEquals(i, Http.parse(litellm.json.Json.text(com.openai.core.ObjectMappers.jsonMapper().valueToTree(streamed.events().get(i)))).get("sequence_number"));
        assertEquals("Hello! How can I help?", text(streamed.response()));
        assertEquals(17, streamed.response().usage().orElseThrow().totalTokens());
    }

    @Test
    void theStreamNamesEachEventByItsTypeAndEndsWithoutDone() {
        vllm.upstream().on("/v1/chat/completions", sse(Fixtures.read("openai/chat/stream.txt"), 0));
        var r = Http.stream(vllm.url("/responses"), "{\"model\":\"qwen\",\"input\":\"hi\",\"stream\":true}", data -> {});
        assertEquals(200, r.status(), r.body());
        var events = FakeUpstream.events(r.body());
        for (String event : events) {
            String name = event.lines().findFirst().orElseThrow();
            String type = (String) Http.parse(event.lines().skip(1).findFirst().orElseThrow().substring(6)).get("type");
            assertEquals("event: " + type, name);
        }
        assertTrue(events.getLast().startsWith("event: response.completed"), events.getLast());
        assertFalse(r.body().contains("[DONE]"));
    }

    @Test
    void functionToolsGoNestedAndTheirCallsComeBackAsFunctionCallItems() {
        vllm.upstream().on("/v1/chat/completions", json(200, Fixtures.read("openai/chat/tools-response.json")));
        Response response = client.responses().create(ask(WeatherTool.QUESTION).addTool(weatherTool()).toolChoice(
                com.openai.models.responses.ToolChoiceOptions.AUTO).build()).validate();

        var sent = vllm.upstream().last().json();
        assertEquals(List.of(Map.of("type", "function", "function", Map.of("name", "get_weather", "description", "Get the current weather",
                "parameters", WeatherTool.SCHEMA, "strict", false))), sent.get("tools"));
        assertEquals("auto", sent.get("tool_choice"));
        ResponseFunctionToolCall call = response.output().getFirst().asFunctionCall();
        assertEquals("call_abc123", call.callId());
        assertEquals("get_current_weather", call.name());
        assertEquals("{\n\"location\": \"Boston, MA\"\n}", call.arguments());
        assertTrue(call.id().orElseThrow().startsWith("fc_"));

        // The client runs the function and sends its call and output back as input items
        vllm.upstream().on("/v1/chat/completions", json(200, Fixtures.read("openai/chat/response.json")));
        client.responses().create(ResponseCreateParams.builder().model("qwen").addTool(weatherTool()).inputOfResponse(List.of(
                ResponseInputItem.ofEasyInputMessage(EasyInputMessage.builder().role(EasyInputMessage.Role.USER).content(WeatherTool.QUESTION).build()),
                ResponseInputItem.ofFunctionCall(call),
                ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder().callId(call.callId()).output(WeatherTool.RESULT).build())
        )).build());
        var followUp = vllm.upstream().last().json();
        assertEquals(List.of(
                Map.of("role", "user", "content", WeatherTool.QUESTION),
                Map.of("role", "assistant", "tool_calls", List.of(Map.of("id", "call_abc123", "type", "function",
                        "function", Map.of("name", "get_current_weather", "arguments", "{\n\"location\": \"Boston, MA\"\n}")))),
                Map.of("role", "tool", "tool_call_id", "call_abc123", "content", WeatherTool.RESULT)),
                withoutNullContent(followUp.get("messages")));
    }

    @Test
    void aStreamedFunctionCallIsItsArgumentsDeltaByDelta() {
        vllm.upstream().on("/v1/chat/completions", sse(Fixtures.read("openai/chat/stream-tool-calls.recorded.txt"), 0));
        var streamed = OpenAiSdk.streamed(vllm.proxy(), ask(WeatherTool.QUESTION).addTool(weatherTool()).build());

        assertEquals(List.of("response.created", "response.in_progress", "response.output_item.added"), streamed.types().subList(0, 3));
        assertTrue(streamed.types().stream().filter("response.function_call_arguments.delta"::equals).count() > 1, streamed.types().toString());
        assertEquals(List.of("response.function_call_arguments.done", "response.output_item.done", "response.completed"),
                streamed.types().subList(streamed.types().size() - 3, streamed.types().size()));
        ResponseFunctionToolCall call = streamed.response().output().getFirst().asFunctionCall();
        assertEquals("get_weather", call.name());
        assertEquals("call_CTf1nWJLqSeRgDqaCG27xZ74", call.callId());
        assertEquals("San Francisco", Http.parse(call.arguments()).get("city"));
        assertTrue(streamed.response().usage().orElseThrow().inputTokens() > 0, "counted when the upstream sent no usage");
    }

    @Test
    void previousResponseIdContinuesTheConversationWhichGetAndDeleteReach() {
        vllm.upstream().on("/v1/chat/completions", json(200, Fixtures.read("openai/chat/response.json")));
        Response first = client.responses().create(ask("My name is Ada.").instructions("Be kind.").build());
        Response second = client.responses().create(ask("What is my name?").previousResponseId(first.id()).build()).validate();

        assertEquals(List.of(Map.of("role", "user", "content", "My name is Ada."),
                Map.of("role", "assistant", "content", "Hello! How can I assist you today?"),
                Map.of("role", "user", "content", "What is my name?")), vllm.upstream().last().json().get("messages"),
                "the earlier turn's input and output, then this one's; the earlier instructions are not carried over, as OpenAI does");
        assertEquals(first.id(), second.previousResponseId().orElseThrow());

        assertEquals(first.id(), client.responses().retrieve(first.id()).validate().id());
        assertEquals(text(first), text(client.responses().retrieve(first.id())));
        client.responses().delete(first.id());
        assertThrows(NotFoundException.class, () -> client.responses().retrieve(first.id()));
        var r = Http.get(vllm.url("/v1/responses/" + first.id()));
        assertEquals(404, r.status());
        assertEquals("Response with id '" + first.id() + "' not found.", r.error().get("message"));
    }

    @Test
    void aResponseNotStoredCannotBeContinued() {
        vllm.upstream().on("/v1/chat/completions", json(200, Fixtures.read("openai/chat/response.json")));
        Response unstored = client.responses().create(ask("hello").store(false).build());
        int before = vllm.upstream().received().size();
        var e = assertThrows(BadRequestException.class, () -> client.responses().create(ask("again").previousResponseId(unstored.id()).build()));
        assertEquals("previous_response_not_found", e.code().orElseThrow());
        assertEquals("previous_response_id", e.param().orElseThrow());
        assertEquals(before, vllm.upstream().received().size(), "refused before any upstream call");
    }

    @Test
    void textFormatReasoningEffortAndOtherSettingsMapOntoChat() {
        vllm.upstream().on("/v1/chat/completions", json(200, Fixtures.read("openai/chat/response.json")));
        var r = Http.post(vllm.url("/v1/responses"), """
                {"model": "qwen", "input": [{"role": "developer", "content": "Reply in JSON."},
                  {"role": "user", "content": [{"type": "input_text", "text": "Describe this:"},
                                               {"type": "input_image", "image_url": "https://example.com/cat.png", "detail": "low"}]}],
                 "text": {"format": {"type": "json_schema", "name": "answer", "strict": true,
                          "schema": {"type": "object", "properties": {"a": {"type": "string"}}}}},
                 "reasoning": {"effort": "low"}, "top_p": 0.9, "user": "u-1", "parallel_tool_calls": false,
                 "metadata": {"ticket": "42"}, "store": false}""");
        assertEquals(200, r.status(), r.body());
        var sent = vllm.upstream().last().json();
        assertEquals(List.of(Map.of("role", "system", "content", "Reply in JSON."), Map.of("role", "user", "content", List.of(
                Map.of("type", "text", "text", "Describe this:"),
                Map.of("type", "image_url", "image_url", Map.of("url", "https://example.com/cat.png", "detail", "low"))))), sent.get("messages"));
        assertEquals(Map.of("type", "json_schema", "json_schema", Map.of("name", "answer", "strict", true,
                "schema", Map.of("type", "object", "properties", Map.of("a", Map.of("type", "string"))))), sent.get("response_format"));
        assertEquals("low", sent.get("reasoning_effort"));
        assertEquals(0.9, sent.get("top_p"));
        assertEquals("u-1", sent.get("user"));
        assertEquals(false, sent.get("parallel_tool_calls"));
        assertFalse(sent.containsKey("metadata") || sent.containsKey("store") || sent.containsKey("text") || sent.containsKey("reasoning"), sent.toString());
        var response = r.json();
        assertEquals(Map.of("ticket", "42"), response.get("metadata"));
        assertEquals(false, response.get("store"));
        assertEquals("low", ((Map<?, ?>) response.get("reasoning")).get("effort"));
        assertEquals("json_schema", ((Map<?, ?>) ((Map<?, ?>) response.get("text")).get("format")).get("type"));

        Http.post(vllm.url("/v1/responses"), "{\"model\":\"qwen\",\"input\":\"hi\",\"text\":{\"format\":{\"type\":\"json_object\"}}}");
        assertEquals(Map.of("type", "json_object"), vllm.upstream().last().json().get("response_format"));
    }

    @Test
    void aCutShortAnswerIsAnIncompleteResponse() {
        vllm.upstream().on("/v1/chat/completions", json(200, Fixtures.read("openai/chat/response.json").replace("\"finish_reason\": \"stop\"", "\"finish_reason\": \"length\"")));
        Response response = client.responses().create(ask("hello").maxOutputTokens(16).build()).validate();
        assertEquals(ResponseStatus.INCOMPLETE, response.status().orElseThrow());
        assertEquals("max_output_tokens", response.incompleteDetails().orElseThrow().reason().orElseThrow().asString());
    }

    @Test
    void badRequestsAreOpenAiErrorsBeforeAnyUpstreamCall() {
        int before = vllm.upstream().received().size();
        var missing = Http.post(vllm.url("/v1/responses"), "{\"model\":\"qwen\"}");
        assertEquals(400, missing.status());
        assertEquals("input", missing.error().get("param"));
        assertEquals("missing_required_parameter", missing.error().get("code"));

        var chatShaped = Http.post(vllm.url("/v1/responses"), "{\"model\":\"qwen\",\"input\":\"hi\",\"tools\":" + WeatherTool.json() + "}");
        assertEquals(400, chatShaped.status());
        assertEquals("tools[0].name", chatShaped.error().get("param"));

        var role = Http.post(vllm.url("/v1/responses"), "{\"model\":\"qwen\",\"input\":[{\"role\":\"robot\",\"content\":\"hi\"}]}");
        assertEquals(400, role.status());
        assertEquals("input[0].role", role.error().get("param"));

        var tokens = Http.post(vllm.url("/v1/responses"), "{\"model\":\"qwen\",\"input\":\"hi\",\"max_output_tokens\":4}");
        assertEquals(400, tokens.status());
        assertEquals("integer_below_min_value", tokens.error().get("code"));

        var builtIn = Http.post(vllm.url("/v1/responses"), "{\"model\":\"qwen\",\"input\":\"hi\",\"tools\":[{\"type\":\"web_search\"}]}");
        assertEquals(400, builtIn.status());
        assertEquals("tools[0].type", builtIn.error().get("param"));
        assertTrue(builtIn.error().get("message").toString().contains("vllm"), builtIn.body());

        assertEquals(before, vllm.upstream().received().size());
    }

    @Test
    void upstreamErrorsRaiseTheSdkExceptions() {
        vllm.upstream().on("/v1/chat/completions", json(429, Fixtures.read("openai/errors/429-rate-limit.json"), Map.of("Retry-After", "3")));
        var limited = assertThrows(RateLimitException.class, () -> client.responses().create(ask("hello").build()));
        assertTrue(limited.getMessage().contains("Rate limit reached"), limited.getMessage());
        assertThrows(RateLimitException.class, () -> OpenAiSdk.streamed(vllm.proxy(), ask("hello").build()), "before the first event: the status");
    }

    @Test
    void aStreamThatBreaksEndsWithResponseFailedAndAnErrorEvent() {
        String chunks = Fixtures.read("openai/chat/stream.txt");
        String firstTwo = String.join("", FakeUpstream.events(chunks).subList(0, 2));
        vllm.upstream().on("/v1/chat/completions", sse(firstTwo + Fixtures.read("openai/errors/stream-error.txt"), 0));
        List<String> types = new ArrayList<>();
        List<Map<String, Object>> data = new ArrayList<>();
        Http.stream(vllm.url("/v1/responses"), "{\"model\":\"qwen\",\"input\":\"hi\",\"stream\":true}", d -> {
            Map<String, Object> event = Http.parse(d);
            data.add(event);
            types.add((String) event.get("type"));
        });
        assertEquals("response.output_text.delta", types.get(types.size() - 3), types.toString());
        assertEquals(List.of("response.failed", "error"), types.subList(types.size() - 2, types.size()));
        Map<?, ?> failed = (Map<?, ?>) data.get(data.size() - 2).get("response");
        assertEquals("failed", failed.get("status"));
        assertTrue(failed.get("error") instanceof Map<?, ?> e && e.get("message") != null, failed.toString());
        Map<String, Object> error = data.getLast();
        assertEquals(data.size() - 1, error.get("sequence_number"));
        assertTrue(error.get("message") != null && error.get("error") instanceof Map<?, ?>, error.toString());
    }

    static FunctionTool weatherTool() {
        FunctionTool.Parameters.Builder parameters = FunctionTool.Parameters.builder();
        WeatherTool.SCHEMA.forEach((k, v) -> parameters.putAdditionalProperty(k, JsonValue.from(v)));
        return FunctionTool.builder().name("get_weather").description("Get the current weather").parameters(parameters.build()).strict(false).build();
    }

    /** Chat messages with a null content left out, to compare with maps (which cannot hold null). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> withoutNullContent(Object messages) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object m : (List<Object>) messages) {
            Map<String, Object> copy = new java.util.LinkedHashMap<>((Map<String, Object>) m);
            copy.values().removeIf(java.util.Objects::isNull);
            out.add(copy);
        }
        return out;
    }
}
