package litellm.e2e.providers;

import litellm.LiteLLM;
import litellm.config.Settings;
import litellm.error.LlmError;
import litellm.provider.ProviderScripts;
import litellm.routing.Deployment;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.ProviderUnderTest;
import litellm.testing.ProxyUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static litellm.testing.OpenAiResponses.choice;
import static litellm.testing.FakeUpstream.json;
import static litellm.testing.FakeUpstream.sse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * providers/openai-compatible.yaml: {@code --model groq/llama3-70b-8192} is served by the openai
 * script at the catalogue's base URL with the catalogue's key variable; Groq and Mistral quirks.
 */
class CompatibleProvidersTest {
    static final String CHAT = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"What is 2+2?\"}]}";
    static final ProviderScripts SCRIPTS = new ProviderScripts(null);
    @RegisterExtension
    static final ProviderUnderTest compatible = new ProviderUnderTest();
    static final ProviderUnderTest.Proxy groq = compatible.serving(base -> ProxyUnderTest.serving(withKey(LiteLLM.deployment("groq/llama3-70b-8192", "groq/llama3-70b-8192",
                    base + "/openai/v1", null, SCRIPTS), "gsk_test_0123456789"), Settings.defaults(), null)),
            mistral = compatible.serving(base -> ProxyUnderTest.serving(withKey(LiteLLM.deployment("mistral/mistral-small-latest", "mistral/mistral-small-latest",
                    base + "/v1", null, SCRIPTS), "mistral-key-0123"), Settings.defaults(), null));

    static Deployment withKey(Deployment d, String key) {
        return new Deployment(d.modelName(), d.provider(), d.model(), d.apiBase(), key, d.apiVersion(), d.params());
    }

    @ParameterizedTest(name = "{0}: {1} with {2}")
    @CsvSource({
            "groq, https://api.groq.com/openai/v1, GROQ_API_KEY",
            "mistral, https://api.mistral.ai/v1, MISTRAL_API_KEY",
            "deepinfra, https://api.deepinfra.com/v1/openai, DEEPINFRA_API_KEY",
            "openrouter, https://openrouter.ai/api/v1, OPENROUTER_API_KEY",
            "perplexity, https://api.perplexity.ai, PERPLEXITYAI_API_KEY",
            "fireworks_ai, https://api.fireworks.ai/inference/v1, FIREWORKS_AI_API_KEY",
            "anyscale, https://api.endpoints.anyscale.com/v1, ANYSCALE_API_KEY",
            "deepseek, https://api.deepseek.com/v1, DEEPSEEK_API_KEY",
            "xai, https://api.x.ai/v1, XAI_API_KEY",
            "cerebras, https://api.cerebras.ai/v1, CEREBRAS_API_KEY",
            "sambanova, https://api.sambanova.ai/v1, SAMBANOVA_API_KEY",
            "nvidia_nim, https://integrate.api.nvidia.com/v1, NVIDIA_NIM_API_KEY",
            "github, https://models.inference.ai.azure.com, GITHUB_API_KEY",
    })
    void everyCatalogueProviderIsServedByTheOpenAiScriptWithItsOwnBaseAndKey(String provider, String base, String keyEnv) {
        var d = LiteLLM.deployment(provider + "/some-model", provider + "/some-model", null, null, SCRIPTS);
        assertEquals(provider, d.provider());
        assertEquals("some-model", d.model());
        var script = SCRIPTS.get(provider).script();
        assertEquals(SCRIPTS.get("openai").script(), script);
        var info = SCRIPTS.info(provider, script);
        assertEquals(base, info.apiBase());
        assertEquals(keyEnv, info.apiKeyEnv());
    }

    @Test
    void localServersNeedNoKey() {
        assumeTrue(System.getenv("LM_STUDIO_API_KEY") == null && System.getenv("LLAMAFILE_API_KEY") == null);
        var lmStudio = SCRIPTS.info("lm_studio", SCRIPTS.get("lm_studio").script());
        assertEquals("http://localhost:1234/v1", lmStudio.apiBase());
        assertEquals(List.of("LM_STUDIO_API_BASE"), lmStudio.apiBaseEnv());
        assertNull(lmStudio.apiKeyEnv());
        assertEquals("http://127.0.0.1:8080/v1", SCRIPTS.info("llamafile", SCRIPTS.get("llamafile").script()).apiBase());
    }

    @Test
    void aScriptOfTheSameNameWinsOverTheCatalogue(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("groq.groovy"), "info(apiBase: 'http://my-groq/v1')\ndef request(Call call) { [url: call.apiBase] }\n");
        var scripts = new ProviderScripts(dir);
        var script = scripts.get("groq").script();
        assertEquals("http://my-groq/v1", scripts.info("groq", script).apiBase());
        assertFalse(script == scripts.get("openai").script());
    }

    @Test
    void theCatalogueBaseWithoutItsKeyIsRefusedNeverSentWithOpenAisKey() {
        assumeTrue(System.getenv("GROQ_API_KEY") == null);
        var d = LiteLLM.deployment("groq/llama3-8b-8192", "groq/llama3-8b-8192", null, null, SCRIPTS);
        var llm = new LiteLLM(Settings.defaults(), litellm.routing.Router.fixed(d), SCRIPTS, new litellm.http.UpstreamClient("test"));
        var e = assertThrows(LlmError.class, () -> llm.chat("groq/llama3-8b-8192", "hi"));
        assertEquals(401, e.status());
        assertTrue(e.getMessage().contains("GROQ_API_KEY"), e.getMessage());
    }

    @Test
    void groqChatGoesToItsBaseWithItsKeyAndComesBackUnchanged() {
        String recorded = Fixtures.read("groq/chat-response.recorded.json");
        compatible.upstream().on("/openai/v1/chat/completions", json(200, recorded));
        var r = Http.post(groq.url("/chat/completions"), CHAT.replace("}]}", "}],\"temperature\":0,\"max_tokens\":20}"));

        assertEquals(200, r.status(), r.body());
        assertEquals(Http.parse(recorded), r.json());
        var sent = compatible.upstream().last();
        assertEquals("/openai/v1/chat/completions", sent.path());
        assertEquals("Bearer gsk_test_0123456789", sent.headers().get("authorization"));
        assertEquals("llama3-70b-8192", sent.json().get("model"));
        assertEquals(20, sent.json().get("max_tokens"));
        assertEquals(List.of(Map.of("role", "user", "content", "What is 2+2?")), sent.json().get("messages"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void groqStreamUsageFromXGroqReachesClientsThatAskedForIt() {
        compatible.upstream().on("/openai/v1/chat/completions", sse(Fixtures.read("groq/chat-stream.txt"), 0));
        List<String> asked = Http.streamData(groq.url("/chat/completions"),
                CHAT.replace("}]}", "}],\"stream\":true,\"stream_options\":{\"include_usage\":true}}"));
        assertEquals(5, asked.size(), asked.toString());
        assertEquals("[DONE]", asked.get(4));
        var last = Http.parse(asked.get(3));
        assertEquals("stop", choice(last).get("finish_reason"));
        var usage = (Map<String, Object>) last.get("usage");
        assertEquals(18, usage.get("prompt_tokens"));
        assertEquals(3, usage.get("completion_tokens"));
        assertEquals(21, usage.get("total_tokens"));
        assertEquals("Hello", ((Map<?, ?>) choice(Http.parse(asked.get(1))).get("delta")).get("content"));

        List<String> plain = Http.streamData(groq.url("/chat/completions"), CHAT.replace("}]}", "}],\"stream\":true}"));
        assertEquals(5, plain.size());
        assertFalse(Http.parse(plain.get(3)).containsKey("usage"), "no usage unless asked for");
    }

    @Test
    void groqUnsupportedParametersAreRefusedOrDropped() {
        int before = compatible.upstream().received().size();
        var refused = Http.post(groq.url("/chat/completions"), CHAT.replace("}]}", "}],\"logprobs\":true}"));
        assertEquals(400, refused.status());
        assertEquals("logprobs", refused.error().get("param"));
        assertEquals(before, compatible.upstream().received().size());

        compatible.upstream().on("/openai/v1/chat/completions", json(200, Fixtures.read("groq/chat-response.recorded.json")));
        var dropped = Http.post(groq.url("/chat/completions"), CHAT.replace("}]}", "}],\"logprobs\":true,\"drop_params\":true}"));
        assertEquals(200, dropped.status(), dropped.body());
        assertFalse(compatible.upstream().last().json().containsKey("logprobs"));
    }

    @Test
    void groqRateLimitKeepsStatusMessageCodeAndRetryAfter() {
        compatible.upstream().on("/openai/v1/chat/completions", json(429, Fixtures.read("groq/error-429.json"), Map.of("retry-after", "5")));
        var r = Http.post(groq.url("/chat/completions"), CHAT);
        assertEquals(429, r.status());
        assertEquals("5", r.header("retry-after"));
        assertEquals("rate_limit_exceeded", r.error().get("code"));
        assertTrue(r.error().get("message").toString().startsWith("Rate limit reached for model `llama-3.1-8b-instant`"));

        compatible.upstream().on("/openai/v1/chat/completions", json(401, Fixtures.read("groq/error-401.json")));
        var unauthorized = Http.post(groq.url("/chat/completions"), CHAT);
        assertEquals(401, unauthorized.status());
        assertEquals("Invalid API Key", unauthorized.error().get("message"));
    }

    @Test
    void mistralChatPassesItsOwnParametersThrough() {
        String response = Fixtures.read("mistral/chat-response.json");
        compatible.upstream().on("/v1/chat/completions", json(200, response));
        Map<String, Object> request = Http.parse(Fixtures.read("mistral/chat-request.json"));
        var r = Http.post(mistral.url("/v1/chat/completions"), Fixtures.read("mistral/chat-request.json"));

        assertEquals(200, r.status(), r.body());
        assertEquals(Http.parse(response), r.json());
        var sent = compatible.upstream().last();
        assertEquals("/v1/chat/completions", sent.path());
        assertEquals("Bearer mistral-key-0123", sent.headers().get("authorization"));
        for (String key : List.of("messages", "temperature", "top_p", "max_tokens", "safe_prompt", "random_seed", "stop"))
            assertEquals(request.get(key), sent.json().get(key), key);
        assertFalse(sent.json().containsKey("stream"), "stream: false is left out");
    }

    @Test
    void mistralStreamKeepsUsageOnTheLastChunk() {
        compatible.upstream().on("/v1/chat/completions", sse(Fixtures.read("mistral/chat-stream.txt"), 0));
        List<String> got = Http.streamData(mistral.url("/chat/completions"), CHAT.replace("}]}", "}],\"stream\":true}"));
        assertEquals(4, got.size(), got.toString());
        assertEquals("[DONE]", got.get(3));
        assertEquals(Map.of("prompt_tokens", 16, "total_tokens", 18, "completion_tokens", 2), Http.parse(got.get(2)).get("usage"));
        assertEquals(true, compatible.upstream().last().json().get("stream"));
    }

    @Test
    void mistralRefusesUnknownFieldsSoTheProxyDropsThemFirst() {
        var refused = Http.post(mistral.url("/chat/completions"), CHAT.replace("}]}", "}],\"frequency_penalty\":0.5}"));
        assertEquals(400, refused.status());
        assertEquals("frequency_penalty", refused.error().get("param"));

        compatible.upstream().on("/v1/chat/completions", json(200, Fixtures.read("mistral/chat-response.json")));
        var dropped = Http.post(mistral.url("/chat/completions"), CHAT.replace("}]}", "}],\"frequency_penalty\":0.5,\"drop_params\":true}"));
        assertEquals(200, dropped.status(), dropped.body());
        assertFalse(compatible.upstream().last().json().containsKey("frequency_penalty"));
    }

    /** Mistral names OpenAI's seed random_seed (fixtures/mistral/README.md), and refuses seed itself with a 422. */
    @Test
    void mistralTakesOpenAisSeedAsRandomSeed() {
        compatible.upstream().on("/v1/chat/completions", json(200, Fixtures.read("mistral/chat-response.json")));
        var r = Http.post(mistral.url("/chat/completions"), CHAT.replace("}]}", "}],\"seed\":42}"));
        assertEquals(200, r.status(), r.body());
        Map<String, Object> sent = compatible.upstream().last().json();
        assertEquals(42, sent.get("random_seed"));
        assertFalse(sent.containsKey("seed"), sent.toString());

        var own = Http.post(mistral.url("/chat/completions"), CHAT.replace("}]}", "}],\"seed\":1,\"random_seed\":7}"));
        assertEquals(200, own.status(), own.body());
        assertEquals(7, compatible.upstream().last().json().get("random_seed"), "the provider's own name wins");
    }

    @Test
    void mistralErrorsKeepTheirMessage() {
        compatible.upstream().on("/v1/chat/completions", json(422, Fixtures.read("mistral/error-422.json")));
        var invalid = Http.post(mistral.url("/chat/completions"), CHAT);
        assertEquals(400, invalid.status(), "a 422 is LiteLLM's BadRequestError");
        assertTrue(invalid.error().get("message").toString().contains("Extra inputs are not permitted"), invalid.body());

        compatible.upstream().on("/v1/chat/completions", json(429, Fixtures.read("mistral/error-429.json"), Map.of("Retry-After", "2")));
        var limited = Http.post(mistral.url("/chat/completions"), CHAT);
        assertEquals(429, limited.status());
        assertEquals("Requests rate limit exceeded", limited.error().get("message"));
        assertEquals("2", limited.header("retry-after"));
    }
}
