package litellm.e2e.providers;

import com.openai.models.chat.completions.ChatCompletionCreateParams;
import litellm.config.Settings;
import litellm.routing.Deployment;
import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.ProviderUnderTest;
import litellm.testing.OpenAiSdk;
import litellm.testing.ProxyUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static litellm.testing.OpenAiResponses.choice;
import static litellm.testing.FakeUpstream.json;
import static litellm.testing.FakeUpstream.sse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@SuppressWarnings("unchecked")
/** azure/<deployment> through the proxy to a fake Azure OpenAI resource speaking Azure's wire format. */
class AzureProviderTest {
    static final String KEY = "0123456789abcdef0123456789abcdef";
    static final String DEFAULT_VERSION = System.getenv("AZURE_API_VERSION") != null ? System.getenv("AZURE_API_VERSION") : "2024-10-21";
    static final String DEPLOYMENT = "/openai/deployments/my-gpt35";
    @RegisterExtension
    static final ProviderUnderTest azure = new ProviderUnderTest("azure", "", KEY);
    static final ProviderUnderTest.Proxy proxy = azure.serving("my-gpt35"),
            withToken = azure.serving(base -> ProxyUnderTest.serving(new Deployment("azure/my-gpt35", "azure", "my-gpt35", base + "/", KEY,
                    "2023-05-15", Map.of("azure_ad_token", "eyJ0eXAiOiJKV1QiLCJhbGciOi.entra.token")), Settings.defaults(), null));

    static final ProviderUnderTest.Proxy oSeries = azure.serving("o_series/my-reasoner"),
            namedO3 = azure.serving("prod-o3-mini"), demo = azure.serving("demo1");

    static String withModel(String fixture) {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("model", "azure/my-gpt35"));
        body.putAll(Http.parse(Fixtures.read(fixture)));
        return litellm.json.Json.text(body);
    }

    @Test
    void chatGoesToTheDeploymentWithApiKeyAndApiVersion() {
        azure.upstream().on(DEPLOYMENT + "/chat/completions", json(200, Fixtures.read("azure/chat-response.json")));
        var r = Http.post(proxy.url("/v1/chat/completions"), withModel("azure/chat-request.json"));

        assertEquals(200, r.status(), r.body());
        assertEquals(Http.parse(Fixtures.read("azure/chat-response.json")), r.json(), "Azure's answer, filter annotations included, passes through");
        var sent = azure.upstream().last();
        assertEquals(DEPLOYMENT + "/chat/completions", sent.path());
        assertEquals("api-version=" + DEFAULT_VERSION, sent.query());
        assertEquals(KEY, sent.headers().get("api-key"));
        assertNull(sent.headers().get("authorization"));
        var expected = Http.parse(Fixtures.read("azure/chat-request.json"));
        expected.remove("stream");
        assertEquals(expected, sent.json(), "OpenAI's body without model (the deployment is in the URL) and without stream:false");
    }

    @Test
    void reasoningModelDeploymentsGetMaxTokensAsMaxCompletionTokens() {
        String ask = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":100}";
        for (String deployment : List.of("my-reasoner", "prod-o3-mini", "demo1"))
            azure.upstream().on("/openai/deployments/" + deployment + "/chat/completions", json(200, Fixtures.read("azure/chat-response.json")));

        assertEquals(200, Http.post(oSeries.url("/chat/completions"), ask).status());
        var sent = azure.upstream().last();
        assertEquals("/openai/deployments/my-reasoner/chat/completions", sent.path(), "o_series/ is LiteLLM's route, not part of the deployment's name");
        assertEquals(100, sent.json().get("max_completion_tokens"), "Azure refuses max_tokens for o-series models, as OpenAI does");
        assertFalse(sent.json().containsKey("max_tokens"));

        assertEquals(200, Http.post(namedO3.url("/chat/completions"), ask).status());
        assertEquals(100, azure.upstream().last().json().get("max_completion_tokens"), "a deployment named after an o-series model");

        assertEquals(200, Http.post(demo.url("/chat/completions"), ask).status());
        assertEquals(100, azure.upstream().last().json().get("max_tokens"), "demo1 names no o-series model");
        assertEquals(200, Http.post(proxy.url("/chat/completions"), ask).status());
        assertEquals(100, azure.upstream().last().json().get("max_tokens"), "other deployments keep max_tokens");
    }

    @Test
    void deploymentApiVersionAndEntraTokenWinOverTheKey() {
        azure.upstream().on(DEPLOYMENT + "/chat/completions", json(200, Fixtures.read("azure/chat-response-2023-09.json")));
        var r = Http.post(withToken.url("/chat/completions"), "{\"model\":\"azure/my-gpt35\",\"messages\":[{\"role\":\"user\",\"content\":\"telemedicine?\"}]}");

        assertEquals(200, r.status(), r.body());
        assertEquals("function_call", choice(r.json()).get("finish_reason"));
        var sent = azure.upstream().last();
        assertEquals("api-version=2023-05-15", sent.query());
        assertEquals("Bearer eyJ0eXAiOiJKV1QiLCJhbGciOi.entra.token", sent.headers().get("authorization"));
        assertNull(sent.headers().get("api-key"));
        assertEquals(DEPLOYMENT + "/chat/completions", sent.path(), "a trailing slash on api_base makes no double slash");
    }

    @Test
    void completionsAndEmbeddingsUseTheirOwnDeploymentPaths() {
        azure.upstream().on(DEPLOYMENT + "/completions", json(200, Fixtures.read("azure/completions-response.json")));
        var text = Http.post(proxy.url("/completions"), withModel("azure/completions-request.json"));
        assertEquals(200, text.status(), text.body());
        assertEquals(Http.parse(Fixtures.read("azure/completions-response.json")), text.json());
        assertEquals(Http.parse(Fixtures.read("azure/completions-request.json")), azure.upstream().last().json());
        assertEquals("api-version=" + DEFAULT_VERSION, azure.upstream().last().query());

        azure.upstream().on(DEPLOYMENT + "/embeddings", json(200, Fixtures.read("azure/embeddings-response.json")));
        var vectors = Http.post(proxy.url("/v1/embeddings"), withModel("azure/embeddings-request.json"));
        assertEquals(200, vectors.status(), vectors.body());
        assertEquals(Http.parse(Fixtures.read("azure/embeddings-response.json")), vectors.json());
        assertEquals(DEPLOYMENT + "/embeddings", azure.upstream().last().path());
        assertEquals(List.of("this is a test"), azure.upstream().last().json().get("input"));
    }

    @Test
    void promptRefusedByTheContentFilterIs400ContentPolicyViolation() {
        azure.upstream().on(DEPLOYMENT + "/chat/completions", json(400, Fixtures.read("azure/error-400-content-filter.json")));
        var r = Http.post(proxy.url("/chat/completions"), withModel("azure/chat-request.json"));

        assertEquals(400, r.status(), r.body());
        assertEquals("content_policy_violation", r.error().get("code"), "LiteLLM's ContentPolicyViolationError");
        assertTrue(r.error().get("message").toString().startsWith("The response was filtered due to the prompt triggering Azure OpenAI's content management policy"));
    }

    @Test
    void answerCutByTheOutputFilterIs400ContentFilter() {
        azure.upstream().on(DEPLOYMENT + "/chat/completions", json(200, Fixtures.read("azure/chat-response-output-filtered.json")));
        var r = Http.post(proxy.url("/chat/completions"), withModel("azure/chat-request.json"));

        assertEquals(400, r.status(), r.body());
        assertEquals("content_filter", r.error().get("code"));
        assertEquals("invalid_request_error", r.error().get("type"));
        assertTrue(r.error().get("message").toString().contains("(violence: medium)"), r.body());
    }

    @Test
    void streamDropsTheFilterPreambleAndRelaysTheRest() {
        String raw = Fixtures.read("azure/chat-stream.txt");
        azure.upstream().on(DEPLOYMENT + "/chat/completions", sse(raw, 0));
        List<String> got = Http.streamData(proxy.url("/chat/completions"), withModel("azure/chat-stream-request.json"));

        List<String> upstreamEvents = FakeUpstream.dataOf(raw);
        assertEquals(upstreamEvents.subList(1, upstreamEvents.size()).size(), got.size(), "all but the preamble: " + got);
        for (int i = 0; i < got.size() - 1; i++) assertEquals(Http.parse(upstreamEvents.get(i + 1)), Http.parse(got.get(i)));
        assertEquals("[DONE]", got.get(got.size() - 1));
        var sent = azure.upstream().last();
        assertEquals(true, sent.json().get("stream"));
        assertEquals(DEPLOYMENT + "/chat/completions", sent.path());
    }

    @Test
    void theOpenAiSdkReadsTheStream() {
        azure.upstream().on(DEPLOYMENT + "/chat/completions", sse(Fixtures.read("azure/chat-stream.txt"), 0));
        var completion = OpenAiSdk.streamed(proxy.get(), ChatCompletionCreateParams.builder().model("azure/my-gpt35").addUserMessage("Say hello").build());

        assertEquals("chatcmpl-9VJIxA3qNM2C2YdAnNYA2KgDYfFnX", completion.id());
        assertEquals("Hello!", completion.choices().get(0).message().content().orElseThrow());
        assertEquals("stop", completion.choices().get(0).finishReason().asString());
    }

    @Test
    void completionsStreamKeepsItsTextChunksAndDropsFilterOnlyChunks() {
        String preamble = FakeUpstream.events(Fixtures.read("azure/chat-stream.txt")).get(0);
        String lateAnnotation = "data: {\"choices\":[{\"content_filter_offsets\":{\"check_offset\":0,\"start_offset\":0,\"end_offset\":40},"
                + "\"content_filter_results\":{\"hate\":{\"filtered\":false,\"severity\":\"safe\"}},\"finish_reason\":null,\"index\":0}],"
                + "\"created\":1690759702,\"id\":\"cmpl-7iA7iJjj8V2zOkCGvWF2hAkDWBQZe\",\"model\":\"gpt-35-turbo-instruct\",\"object\":\"text_completion\"}\n\n";
        String openAiStyle = Fixtures.read("openai/completions/stream.txt");
        int done = openAiStyle.indexOf("data: [DONE]");
        azure.upstream().on(DEPLOYMENT + "/completions", sse(preamble + openAiStyle.substring(0, done) + lateAnnotation + openAiStyle.substring(done), 0));
        List<String> got = Http.streamData(proxy.url("/completions"), "{\"model\":\"azure/my-gpt35\",\"stream\":true,\"prompt\":\"Say this is a test\"}");

        assertEquals(FakeUpstream.events(openAiStyle).size(), got.size(), "the text chunks and [DONE], nothing else: " + got);
        assertTrue(got.subList(0, got.size() - 1).stream().allMatch(c -> "text_completion".equals(Http.parse(c).get("object"))));
        assertEquals(DEPLOYMENT + "/completions", azure.upstream().last().path());
    }

    @Test
    void streamCutByTheOutputFilterEndsWithAContentFilterErrorEvent() {
        String raw = Fixtures.read("azure/chat-stream.txt").replace("\"finish_reason\":\"stop\"", "\"finish_reason\":\"content_filter\"");
        azure.upstream().on(DEPLOYMENT + "/chat/completions", sse(raw, 0));
        List<String> got = Http.streamData(proxy.url("/chat/completions"), withModel("azure/chat-stream-request.json"));

        assertEquals(4, got.size(), "role, Hello, !, then the error: " + got);
        assertEquals("!", ((Map<String, Object>) choice(Http.parse(got.get(2))).get("delta")).get("content"));
        var error = (Map<String, Object>) Http.parse(got.get(3)).get("error");
        assertEquals("content_filter", error.get("code"));
        assertFalse(got.contains("[DONE]"));
    }

    @Test
    void noKeyAndNoTokenIs401BeforeAnyCall() {
        assumeTrue(System.getenv("AZURE_API_KEY") == null && System.getenv("AZURE_AD_TOKEN") == null);
        int before = azure.upstream().received().size();
        try (var keyless = ProxyUnderTest.serving("azure", "my-gpt35", azure.upstream().baseUrl(), null)) {
            var r = Http.post(keyless.url("/chat/completions"), withModel("azure/chat-request.json"));
            assertEquals(401, r.status(), r.body());
            assertTrue(r.error().get("message").toString().contains("AZURE_API_KEY"));
        }
        assertEquals(before, azure.upstream().received().size());
    }

    @ParameterizedTest(name = "upstream {0} -> {0}")
    @CsvSource({
            "401, azure/error-401.json, Access denied due to invalid subscription key",
            "404, azure/error-404-deployment.json, The API deployment for this resource does not exist",
            "400, azure/error-400-context-length.json, This model's maximum context length is 8192 tokens",
            "500, azure/error-500.json, The service is temporarily unable to process your request",
    })
    void errorsKeepStatusAndAzureMessage(int status, String fixture, String message) {
        azure.upstream().on(DEPLOYMENT + "/chat/completions", json(status, Fixtures.read(fixture)));
        var r = Http.post(proxy.url("/chat/completions"), withModel("azure/chat-request.json"));
        assertEquals(status, r.status(), r.body());
        assertTrue(r.error().get("message").toString().startsWith(message), r.body());
    }

    @Test
    void rateLimitKeepsRetryAfter() {
        azure.upstream().on(DEPLOYMENT + "/chat/completions", json(429, Fixtures.read("azure/error-429.json"), Map.of("retry-after", "6", "retry-after-ms", "6000")));
        var r = Http.post(proxy.url("/chat/completions"), withModel("azure/chat-request.json"));

        assertEquals(429, r.status(), r.body());
        assertEquals("6", r.header("retry-after"));
        assertEquals("rate_limit_error", r.error().get("type"));
        assertTrue(r.error().get("message").toString().contains("Please retry after 6 seconds"));
    }
}
