package litellm.e2e.providers;

import litellm.LiteLLM;
import litellm.config.Settings;
import litellm.http.UpstreamRequest;
import litellm.openai.Endpoint;
import litellm.provider.Call;
import litellm.provider.ProviderScripts;
import litellm.routing.Deployment;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.ProviderUnderTest;
import litellm.testing.ProxyUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static litellm.testing.FakeUpstream.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** azure_ai/: Azure AI Foundry's model inference API, OpenAI's format at the URL and with the key header LiteLLM uses. */
class AzureAiProviderTest {
    static final String KEY = "azure-ai-key-0123456789";
    static final ProviderScripts SCRIPTS = new ProviderScripts(null);
    @RegisterExtension
    static final ProviderUnderTest upstream = new ProviderUnderTest();
    static final ProviderUnderTest.Proxy mistral = upstream.serving(base -> {
        Deployment d = LiteLLM.deployment("mistral", "azure_ai/mistral-large-2407", base + "/", "2024-05-01-preview", SCRIPTS);
        return ProxyUnderTest.serving(new Deployment(d.modelName(), d.provider(), d.model(), d.apiBase(), KEY, d.apiVersion(), Map.of()), Settings.defaults(), null);
    });

    @Test
    void chatOnAServerlessEndpointGoesWithABearerKeyAndTheApiVersion() {
        String answer = Fixtures.read("openai/chat/response.json");
        upstream.upstream().on("/chat/completions", json(200, answer));
        var r = Http.post(mistral.url("/chat/completions"),
                "{\"model\":\"mistral\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Say this \"},{\"type\":\"text\",\"text\":\"is a test\"}]}]}");
        assertEquals(200, r.status(), r.body());
        var sent = upstream.upstream().last();
        assertEquals("/chat/completions", sent.path());
        assertEquals("api-version=2024-05-01-preview", sent.query());
        assertEquals("Bearer " + KEY, sent.headers().get("authorization"));
        assertNull(sent.headers().get("api-key"));
        assertEquals(Map.of("model", "mistral-large-2407", "messages", List.of(Map.of("role", "user", "content", "Say this is a test"))), sent.json(),
                "a text-only content list as a string");
        assertEquals(Http.parse(answer).get("choices"), r.json().get("choices"));
    }

    /** Azure's own hosts cannot be faked on loopback: the script's request for them is checked as it is built. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "https://my-res.services.ai.azure.com, https://my-res.services.ai.azure.com/models/chat/completions?api-version=2024-05-01-preview, api-key",
            "https://my-res.services.ai.azure.com/models/chat/completions?api-version=2024-01-01, https://my-res.services.ai.azure.com/models/chat/completions?api-version=2024-01-01, api-key",
            "https://my-res.openai.azure.com/openai/v1, https://my-res.openai.azure.com/openai/v1/chat/completions?api-version=2024-05-01-preview, api-key",
            "https://Mistral-large-xyz.eastus2.inference.ai.azure.com/v1/, https://Mistral-large-xyz.eastus2.inference.ai.azure.com/v1/chat/completions?api-version=2024-05-01-preview, Authorization",
    })
    void theUrlAndKeyHeaderAreLiteLlms(String base, String url, String keyHeader) {
        var call = new Call(Endpoint.CHAT, "mistral-large", new HashMap<>(Map.of("messages", List.of(Map.of("role", "user", "content", "hi")))),
                false, base, KEY, "2024-05-01-preview", Map.of());
        var request = UpstreamRequest.from(SCRIPTS.get("azure_ai").script().request(call));
        assertEquals(url, request.url().toString());
        assertEquals(keyHeader.equals("api-key") ? KEY : "Bearer " + KEY, request.headers().get(keyHeader));
    }
}
