package litellm.e2e.providers;

import litellm.LiteLLM;
import litellm.config.Settings;
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

import java.util.List;
import java.util.Map;

import static litellm.testing.FakeUpstream.json;
import static litellm.testing.FakeUpstream.sse;
import static litellm.testing.OpenAiResponses.choice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * LiteLLM's names for an OpenAI-compatible server of one's own, which have no default base (hosted_vllm, custom_openai,
 * openai_like, litellm_proxy, databricks): OpenAI's wire format at the deployment's api_base, the key as a Bearer token.
 */
class ServerBasesProviderTest {
    static final ProviderScripts SCRIPTS = new ProviderScripts(null);
    static final String CHAT = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Say this is a test\"}]}";
    @RegisterExtension
    static final ProviderUnderTest servers = new ProviderUnderTest();
    static final ProviderUnderTest.Proxy hostedVllm = serving("hosted_vllm/Qwen/Qwen3-8B", "/v1", null),
            customOpenai = serving("custom_openai/my-model", "/v1", "sk-custom-0123"),
            openaiLike = serving("openai_like/my-model", "/v1", "sk-like-0123"),
            litellmProxy = serving("litellm_proxy/gpt-4o", "/v1", "sk-proxy-0123"),
            databricks = serving("databricks/databricks-meta-llama-3-3-70b-instruct", "/serving-endpoints", "dapi0123456789abcdef"),
            noBase = servers.serving(base -> ProxyUnderTest.serving(LiteLLM.deployment("hosted_vllm/m", "hosted_vllm/m", null, null, SCRIPTS), Settings.defaults(), null));

    static ProviderUnderTest.Proxy serving(String model, String path, String key) {
        return servers.serving(base -> {
            Deployment d = LiteLLM.deployment(model, model, base + path, null, SCRIPTS);
            return ProxyUnderTest.serving(new Deployment(d.modelName(), d.provider(), d.model(), d.apiBase(), key, null, Map.of()), Settings.defaults(), null);
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "hosted_vllm, /v1/chat/completions, Qwen/Qwen3-8B, ",
            "custom_openai, /v1/chat/completions, my-model, Bearer sk-custom-0123",
            "openai_like, /v1/chat/completions, my-model, Bearer sk-like-0123",
            "litellm_proxy, /v1/chat/completions, gpt-4o, Bearer sk-proxy-0123",
            "databricks, /serving-endpoints/chat/completions, databricks-meta-llama-3-3-70b-instruct, Bearer dapi0123456789abcdef",
    })
    void chatGoesToTheDeploymentsBaseInOpenAisFormat(String name, String path, String model, String authorization) {
        String answer = Fixtures.read("openai/chat/response.json");
        servers.upstream().on(path, json(200, answer));
        var proxy = switch (name) {
            case "hosted_vllm" -> hostedVllm;
            case "custom_openai" -> customOpenai;
            case "openai_like" -> openaiLike;
            case "litellm_proxy" -> litellmProxy;
            default -> databricks;
        };
        var r = Http.post(proxy.url("/chat/completions"), CHAT.replace("}]}", "}],\"max_tokens\":7}"));
        assertEquals(200, r.status(), r.body());
        assertEquals(Http.parse(answer).get("choices"), r.json().get("choices"));
        var sent = servers.upstream().last();
        assertEquals(path, sent.path());
        assertEquals(authorization, sent.headers().get("authorization"));
        assertEquals(Map.of("model", model, "messages", List.of(Map.of("role", "user", "content", "Say this is a test")), "max_tokens", 7), sent.json());
    }

    @Test
    void aStreamFromHostedVllmIsRelayed() {
        servers.upstream().on("/v1/chat/completions", sse(Fixtures.read("openai/chat/stream.txt"), 0));
        List<String> got = Http.streamData(hostedVllm.url("/chat/completions"), CHAT.replace("}]}", "}],\"stream\":true}"));
        assertEquals("[DONE]", got.getLast());
        assertEquals(true, servers.upstream().last().json().get("stream"));
        assertFalse(choice(Http.parse(got.get(0))).isEmpty());
    }

    @Test
    void withoutAnApiBaseTheCallIsA400SayingSo() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("HOSTED_VLLM_API_BASE") == null);
        var r = Http.post(noBase.url("/chat/completions"), CHAT);
        assertEquals(400, r.status(), r.body());
        assertEquals("missing_api_base", r.error().get("code"));
        assertEquals("provider 'hosted_vllm' needs an api_base (--api_base or the deployment's api_base)", r.error().get("message"));
    }
}
