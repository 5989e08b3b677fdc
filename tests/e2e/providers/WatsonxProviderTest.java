package litellm.e2e.providers;

import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.ProviderUnderTest;
import litellm.testing.ProxyUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static litellm.testing.FakeUpstream.json;
import static litellm.testing.FakeUpstream.sse;
import static litellm.testing.OpenAiResponses.choice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * watsonx/: IBM watsonx.ai's chat API, its API key exchanged at IBM Cloud's IAM (faked here, at WATSONX_IAM_URL) for
 * the bearer token the chat call carries; a LiteLLM config as users write one.
 */
@SuppressWarnings("unchecked")
class WatsonxProviderTest {
    static final String KEY = "wx-api-key-0123456789", PROJECT = "12ac4cf1-252f-424b-b52d-5cdd9814987f";
    static final String TOKEN = (String) Http.parse(Fixtures.read("watsonx/iam-token-response.json")).get("access_token");
    @RegisterExtension
    static final ProviderUnderTest watsonx = new ProviderUnderTest();
    static final ProviderUnderTest.Proxy proxy = watsonx.serving(base -> {
        try {
            return ProxyUnderTest.withConfig(Files.createTempDirectory("watsonx"), """
                    model_list:
                      - model_name: granite
                        litellm_params: {model: watsonx/ibm/granite-3-8b-instruct, api_base: BASE, api_key: KEY, project_id: PROJECT}
                      - model_name: deployed
                        litellm_params: {model: watsonx/deployment/my-deployment, api_base: BASE, api_key: KEY}
                      - model_name: with-token
                        litellm_params: {model: watsonx/ibm/granite-3-8b-instruct, api_base: BASE, token: wx-given-token-0123, space_id: my-space}
                      - model_name: wrong-key
                        litellm_params: {model: watsonx/ibm/granite-3-8b-instruct, api_base: BASE, api_key: wrong-key-0123456, project_id: PROJECT}
                    environment_variables:
                      WATSONX_IAM_URL: BASE/identity/token
                    """.replace("BASE", base).replace("KEY", KEY).replace("PROJECT", PROJECT));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    });

    static void iam() {
        watsonx.upstream().onRequest("/identity/token", r -> r.form().get("apikey").equals(KEY)
                ? json(200, Fixtures.read("watsonx/iam-token-response.json")) : json(400, Fixtures.read("watsonx/iam-error-400.json")));
    }

    static long exchanges() {
        return watsonx.upstream().received().stream().filter(r -> r.path().equals("/identity/token")).count();
    }

    @Test
    void theKeyIsExchangedAtIamOnceAndTheChatCarriesTheToken() {
        iam();
        watsonx.upstream().on("/ml/v1/text/chat", json(200, Fixtures.read("watsonx/chat-response.json")));
        var r = Http.post(proxy.url("/chat/completions"), """
                {"model":"granite","max_tokens":100,"temperature":0,"messages":[{"role":"system","content":"You are a helpful assistant."},
                 {"role":"user","content":"What is the capital of France?"}]}""");
        assertEquals(200, r.status(), r.body());
        var sent = watsonx.upstream().last();
        assertEquals("/ml/v1/text/chat", sent.path());
        assertEquals("version=2024-03-13", sent.query());
        assertEquals("Bearer " + TOKEN, sent.headers().get("authorization"));
        assertEquals(Http.parse(Fixtures.read("watsonx/chat-request.json")), sent.json(), "IBM's request");
        assertEquals(Map.of("role", "assistant", "content", "The capital of France is Paris."), choice(r.json()).get("message"));
        assertEquals("stop", choice(r.json()).get("finish_reason"));
        assertEquals("chat.completion", r.json().get("object"));
        assertFalse(r.json().containsKey("model_id"));
        assertEquals(Map.of("completion_tokens", 8, "prompt_tokens", 25, "total_tokens", 33), r.json().get("usage"));

        var exchange = watsonx.upstream().received().stream().filter(x -> x.path().equals("/identity/token")).toList().getLast();
        assertEquals("application/x-www-form-urlencoded", exchange.headers().get("content-type"));
        assertEquals(Map.of("grant_type", "urn:ibm:params:oauth:grant-type:apikey", "apikey", KEY), exchange.form());

        Http.post(proxy.url("/chat/completions"), "{\"model\":\"granite\",\"messages\":[{\"role\":\"user\",\"content\":\"Again\"}]}");
        assertEquals(1, watsonx.upstream().received().stream().filter(x -> x.path().equals("/identity/token") && x.form().get("apikey").equals(KEY)).count(),
                "the token is kept: one exchange for the key, whatever the calls before");
        assertEquals("Bearer " + TOKEN, watsonx.upstream().last().headers().get("authorization"));
    }

    @Test
    void aStreamGoesToChatStreamAndComesAsOpenAiChunks() {
        iam();
        watsonx.upstream().on("/ml/v1/text/chat_stream", sse(Fixtures.read("watsonx/chat-stream.txt"), 0));
        List<String> got = Http.streamData(proxy.url("/chat/completions"),
                "{\"model\":\"granite\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"What is the capital of France?\"}]}");
        var sent = watsonx.upstream().last();
        assertEquals("/ml/v1/text/chat_stream", sent.path());
        assertFalse(sent.json().containsKey("stream"));
        assertEquals("[DONE]", got.getLast());
        StringBuilder text = new StringBuilder();
        for (String data : got.subList(0, got.size() - 2)) {
            var chunk = Http.parse(data);
            assertEquals("chat.completion.chunk", chunk.get("object"));
            assertFalse(chunk.containsKey("model_id"));
            text.append(((Map<String, Object>) choice(chunk).get("delta")).get("content"));
        }
        assertEquals("The capital of France is Paris.", text.toString());
        assertEquals(Map.of("completion_tokens", 8, "prompt_tokens", 25, "total_tokens", 33), Http.parse(got.get(got.size() - 2)).get("usage"));
    }

    @Test
    void aDeployedModelHasItsOwnUrlAndNoModelIdNorProject() {
        iam();
        watsonx.upstream().on("/ml/v1/deployments/my-deployment/text/chat", json(200, Fixtures.read("watsonx/chat-response.json")));
        var r = Http.post(proxy.url("/chat/completions"), "{\"model\":\"deployed\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tool_choice\":\"auto\","
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{\"type\":\"object\"}}}]}");
        assertEquals(200, r.status(), r.body());
        var sent = watsonx.upstream().last().json();
        assertFalse(sent.containsKey("model_id"));
        assertFalse(sent.containsKey("project_id"));
        assertEquals("auto", sent.get("tool_choice_option"), "a tool_choice mode goes as tool_choice_option");
        assertFalse(sent.containsKey("tool_choice"));
    }

    @Test
    void aGivenTokenIsSentAsItIsWithTheSpace() {
        watsonx.upstream().on("/ml/v1/text/chat", json(200, Fixtures.read("watsonx/chat-response.json")));
        long before = exchanges();
        var r = Http.post(proxy.url("/chat/completions"), "{\"model\":\"with-token\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(200, r.status(), r.body());
        var sent = watsonx.upstream().last();
        assertEquals("Bearer wx-given-token-0123", sent.headers().get("authorization"));
        assertEquals("my-space", sent.json().get("space_id"));
        assertEquals(before, exchanges());
    }

    @Test
    void aKeyIamRefusesIsA401NamingIamsReason() {
        iam();
        var r = Http.post(proxy.url("/chat/completions"), "{\"model\":\"wrong-key\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(401, r.status(), r.body());
        String message = (String) r.error().get("message");
        assertTrue(message.contains("IBM Cloud IAM refused the watsonx API key") && message.contains("Provided API key could not be found."), message);
        assertFalse(r.body().contains("wrong-key-0123456"), "the key is masked: " + r.body());
    }

    @Test
    void watsonxErrorsKeepTheirStatusAndMessage() {
        iam();
        watsonx.upstream().on("/ml/v1/text/chat", json(404, Fixtures.read("watsonx/error-400.json")));
        var r = Http.post(proxy.url("/chat/completions"), "{\"model\":\"granite\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(404, r.status(), r.body());
        assertTrue(((String) r.error().get("message")).contains("Model 'ibm/no-such-model' is not supported"), r.body());
    }
}
