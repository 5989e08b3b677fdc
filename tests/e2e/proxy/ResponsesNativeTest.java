package litellm.e2e.proxy;

import com.openai.client.OpenAIClient;
import com.openai.errors.BadRequestException;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.OpenAiSdk;
import litellm.testing.ProviderUnderTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static litellm.testing.FakeUpstream.json;
import static litellm.testing.FakeUpstream.sse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Responses API on OpenAI and Azure deployments, which serve it themselves: the request goes to the upstream's own
 * /responses as the client sent it, and its answer and events come back as they were.
 */
class ResponsesNativeTest {
    static final String KEY = "sk-upstream-key";

    @RegisterExtension
    static final ProviderUnderTest openai = new ProviderUnderTest("openai", "gpt-4.1", "/v1", KEY);
    @RegisterExtension
    static final ProviderUnderTest azure = new ProviderUnderTest("azure", "my-gpt-4o", "", "azure-key-0123");
    static OpenAIClient client;

    @BeforeAll
    static void start() {
        client = OpenAiSdk.client(openai.proxy());
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    @Test
    void theRequestGoesToOpenAisResponsesAsSentAndTheResponseComesBackAsItWas() {
        openai.upstream().on("/v1/responses", json(200, Fixtures.read("openai/responses/function-call-response.json")));
        var body = """
                {"model": "gpt-4.1", "input": [{"role": "user", "content": "What is the weather like in Boston today?"}],
                 "tools": [{"type": "function", "name": "get_current_weather", "parameters": {"type": "object", "properties": {}}}],
                 "tool_choice": "auto", "metadata": {"ticket": "42"}, "max_output_tokens": 500, "reasoning": {"effort": "low"}}""";
        var r = Http.post(openai.url("/v1/responses"), body);

        assertEquals(200, r.status(), r.body());
        assertEquals(Http.parse(Fixtures.read("openai/responses/function-call-response.json")), r.json(), "OpenAI's answer, unchanged");
        var sent = openai.upstream().last();
        assertEquals("/v1/responses", sent.path());
        assertEquals("Bearer " + KEY, sent.headers().get("authorization"));
        Map<String, Object> expected = Http.parse(body);
        assertEquals(expected, sent.json(), "the client's request as it was: flat tools, metadata, max_output_tokens");
    }

    @Test
    void theOfficialSdkReadsTheNativeResponse() {
        openai.upstream().on("/v1/responses", json(200, Fixtures.read("openai/responses/response.json")));
        Response response = client.responses().create(ResponseCreateParams.builder().model("gpt-4.1")
                .input("Tell me a three sentence bedtime story about a unicorn.").build()).validate();
        assertEquals("resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b", response.id());
        assertTrue(response.output().getFirst().asMessage().content().getFirst().asOutputText().text().startsWith("In a peaceful grove"));
        assertEquals(123, response.usage().orElseThrow().totalTokens());
        assertEquals(response.id(), client.responses().retrieve(response.id()).id(), "stored by the proxy for GET");
    }

    @Test
    void theProxysDefaultsAreGivenInTheResponsesApisTerms() {
        openai.upstream().on("/v1/responses", json(200, Fixtures.read("openai/responses/response.json")));
        try (var proxy = litellm.testing.ProxyUnderTest.serving(new litellm.routing.Deployment("gpt", "openai", "gpt-4.1",
                openai.upstream().baseUrl() + "/v1", KEY, null, Map.of("max_tokens", 300, "stop", List.of("END"))), litellm.config.Settings.defaults(), null)) {
            var r = Http.post(proxy.url("/v1/responses"), "{\"model\":\"gpt\",\"input\":\"hi\"}");
            assertEquals(200, r.status(), r.body());
            var sent = openai.upstream().last().json();
            assertEquals(300, sent.get("max_output_tokens"));
            assertFalse(sent.containsKey("max_tokens") || sent.containsKey("stop"), sent.toString());
        }
    }

    @Test
    void theStreamIsRelayedEventByEventAsOpenAiSentIt() {
        openai.upstream().on("/v1/responses", sse(Fixtures.read("openai/responses/stream.txt"), 0));
        var streamed = OpenAiSdk.streamed(openai.proxy(), ResponseCreateParams.builder().model("gpt-4.1").input("hi").build());

        var expected = Fixtures.read("openai/responses/stream.txt").lines().filter(l -> l.startsWith("event: ")).map(l -> l.substring(7)).toList();
        assertEquals(expected, streamed.types());
        assertEquals("Hi there! How can I assist you today?",
                streamed.response().output().getFirst().asMessage().content().getFirst().asOutputText().text());
        assertEquals(true, openai.upstream().last().json().get("stream"));

        var raw = Http.stream(openai.url("/v1/responses"), "{\"model\":\"gpt-4.1\",\"input\":\"hi\",\"stream\":true}", d -> {});
        assertEquals(Fixtures.read("openai/responses/stream.txt"), raw.body(), "the same bytes: event names, data, no [DONE]");
    }

    @Test
    void aPreviousResponseIdTheProxyNeverStoredIsLeftForOpenAi() {
        openai.upstream().on("/v1/responses", json(200, Fixtures.read("openai/responses/response.json")));
        var r = Http.post(openai.url("/v1/responses"), "{\"model\":\"gpt-4.1\",\"input\":\"go on\",\"previous_response_id\":\"resp_made_elsewhere\"}");
        assertEquals(200, r.status(), r.body());
        var sent = openai.upstream().last().json();
        assertEquals("resp_made_elsewhere", sent.get("previous_response_id"));
        assertEquals("go on", sent.get("input"));
    }

    @Test
    void aConversationStartedOnOpenAiContinuesItemByItem() {
        openai.upstream().on("/v1/responses", json(200, Fixtures.read("openai/responses/function-call-response.json")));
        Response first = client.responses().create(ResponseCreateParams.builder().model("gpt-4.1").input("Weather in Boston?").build());
        openai.upstream().on("/v1/responses", json(200, Fixtures.read("openai/responses/response.json")));
        var r = Http.post(openai.url("/v1/responses"), "{\"model\":\"gpt-4.1\",\"previous_response_id\":\"" + first.id() + "\",\"input\":"
                + "[{\"type\":\"function_call_output\",\"call_id\":\"call_unLAR8MvFNptuiZK6K6HCy5k\",\"output\":\"20 C\"}]}");
        assertEquals(200, r.status(), r.body());

        var sent = openai.upstream().last().json();
        assertFalse(sent.containsKey("previous_response_id"), "the proxy had it: its items are sent, whichever deployment serves the turn");
        var input = (List<?>) sent.get("input");
        assertEquals(List.of("message", "function_call", "function_call_output"), input.stream().map(i -> ((Map<?, ?>) i).get("type")).toList());
        assertEquals(first.id(), r.json().get("previous_response_id"), "the response echoes the client's previous_response_id");
    }

    @Test
    void openAisErrorsComeBackAsTheSdkExceptions() {
        openai.upstream().on("/v1/responses", json(400, """
                {"error": {"message": "Invalid 'input[0].content': empty.", "type": "invalid_request_error", "param": "input[0].content", "code": "empty_array"}}"""));
        var e = assertThrows(BadRequestException.class, () -> client.responses().create(ResponseCreateParams.builder().model("gpt-4.1").input("hi").build()));
        assertEquals("empty_array", e.code().orElseThrow());
        assertTrue(e.getMessage().contains("Invalid 'input[0].content': empty."), e.getMessage());
    }

    @Test
    void azureGetsTheRequestAtItsV1ResponsesWithTheDeploymentAsModel() {
        azure.upstream().on("/openai/v1/responses", json(200, Fixtures.read("openai/responses/response.json")));
        var r = Http.post(azure.url("/v1/responses"), "{\"model\":\"gpt-4o\",\"input\":\"hi\"}");
        assertEquals(200, r.status(), r.body());
        var sent = azure.upstream().last();
        assertEquals("/openai/v1/responses", sent.path());
        assertEquals(null, sent.query());
        assertEquals("azure-key-0123", sent.headers().get("api-key"));
        assertEquals("my-gpt-4o", sent.json().get("model"));
        assertEquals("resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b", r.json().get("id"));

        azure.upstream().on("/openai/v1/responses", sse(Fixtures.read("openai/responses/stream.txt"), 0));
        var raw = Http.stream(azure.url("/v1/responses"), "{\"model\":\"gpt-4o\",\"input\":\"hi\",\"stream\":true}", d -> {});
        assertEquals(Fixtures.read("openai/responses/stream.txt"), raw.body(), "Azure's events relayed as they came");
    }
}
