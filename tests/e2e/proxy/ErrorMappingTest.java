package litellm.e2e.proxy;

import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import litellm.testing.Configs;
import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.OpenAiSdk;
import litellm.testing.ProxyUnderTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static litellm.testing.FakeUpstream.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LiteLLM's error mapping, one table for every provider (engine/ErrorTable): each provider family's real error
 * bodies from a fake upstream, and the status, type and code the client gets, and the exception the OpenAI SDK
 * raises for them.
 */
@SuppressWarnings("unchecked")
class ErrorMappingTest {
    static final String GEMINI_KEY = "AIzaSyTestKey0123456789abcdef", AKID = "AKIDEXAMPLE", SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    static final String CHAT = "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    @TempDir
    static Path dir;
    static FakeUpstream upstream;
    static ProxyUnderTest proxy;

    @BeforeAll
    static void start() throws Exception {
        upstream = FakeUpstream.start();
        String base = upstream.baseUrl();
        proxy = ProxyUnderTest.withConfig(dir, "model_list:\n"
                + model("gemini", "gemini/gemini-1.5-flash", base + "/v1beta", GEMINI_KEY)
                + model("palm", "palm/chat-bison-001", base + "/v1beta2", "palm-key-0123")
                + model("bedrock", "bedrock/anthropic.claude-3-haiku-20240307-v1:0", base, null)
                + "      aws_access_key_id: " + AKID + "\n      aws_secret_access_key: " + SECRET + "\n      aws_region_name: us-east-1\n"
                + model("anthropic", "anthropic/claude-sonnet-4-5", base, "sk-ant-test-0123")
                + model("cohere", "cohere/command-r", base + "/v1", "co-test-0123")
                + model("azure", "azure/my-gpt35", base + "/", "azure-key-0123") + "      api_version: 2024-02-01\n"
                + model("openai", "openai/gpt-4o-mini", base + "/v1", "sk-openai-test-0123")
                + model("groq", "groq/llama3-70b-8192", base + "/openai/v1", "gsk_test_0123")
                + model("mistral", "mistral/mistral-small-latest", base + "/v1", "mistral-key-0123")
                + model("vllm", "vllm/Qwen3-8B", base, null)
                + model("together", "together_ai/mistralai/Mixtral-8x7B-Instruct-v0.1", base + "/v1", "together-key-0123")
                + model("ai21", "ai21/j2-ultra", base + "/studio/v1", "ai21-key-0123")
                + model("huggingface", "huggingface/mistralai/Mistral-7B-Instruct-v0.1", base + "/models", "hf_test_0123")
                + model("ollama", "ollama/llama3.2", base, null)
                + "litellm_settings:\n  num_retries: 0\n");
    }

    @AfterAll
    static void stop() {
        if (proxy != null) proxy.close();
        if (upstream != null) upstream.close();
    }

    static String model(String name, String model, String apiBase, String key) {
        return "  - model_name: " + name + "\n    litellm_params:\n      model: " + model + "\n      api_base: " + apiBase + "\n"
                + (key == null ? "" : "      api_key: " + key + "\n");
    }

    @ParameterizedTest(name = "{0}: {1} ({2}) -> {3} {4} {5}")
    @CsvSource({
            // invalid or unknown credentials: 401 whatever the provider's status
            "gemini, gemini/error-400-api-key.json, 400, 401, authentication_error, invalid_api_key",
            "palm, palm/error-400-api-key.json, 400, 401, authentication_error, invalid_api_key",
            "bedrock, bedrock/errors/403-unrecognized-client.json, 403, 401, authentication_error, invalid_api_key",
            "bedrock, bedrock/errors/403-invalid-signature.json, 403, 401, authentication_error, invalid_api_key",
            "anthropic, anthropic/messages-error-401.json, 401, 401, authentication_error, invalid_api_key",
            "cohere, cohere/error-401.json, 401, 401, authentication_error, invalid_api_key",
            "azure, azure/error-401.json, 401, 401, authentication_error, invalid_api_key",
            "openai, openai/errors/401-invalid-api-key.json, 401, 401, authentication_error, invalid_api_key",
            "groq, groq/error-401.json, 401, 401, authentication_error, invalid_api_key",
            "together, together_ai/error-401.json, 401, 401, authentication_error, invalid_api_key",
            "ai21, ai21/error-401.json, 401, 401, authentication_error, invalid_api_key",
            // access denied: 403
            "bedrock, bedrock/errors/403-access-denied.json, 403, 403, permission_error, AccessDeniedException",
            // a prompt longer than the model's context: 400 context_length_exceeded
            "openai, openai/errors/400-context-length-exceeded.json, 400, 400, invalid_request_error, context_length_exceeded",
            "azure, azure/error-400-context-length.json, 400, 400, invalid_request_error, context_length_exceeded",
            "vllm, vllm/error-400.json, 400, 400, invalid_request_error, context_length_exceeded",
            "cohere, cohere/error-400-too-many-tokens.json, 400, 400, invalid_request_error, context_length_exceeded",
            "mistral, mistral/error-400.json, 400, 400, invalid_request_error, context_length_exceeded",
            "together, together_ai/error-legacy-inference.json, 400, 400, invalid_request_error, context_length_exceeded",
            // a content policy: 400 content_policy_violation
            "azure, azure/error-400-content-filter.json, 400, 400, invalid_request_error, content_policy_violation",
            // overloaded: LiteLLM's InternalServerError
            "anthropic, anthropic/messages-error-529.json, 529, 500, api_error, ",
            "gemini, gemini/error-503.json, 503, 500, api_error, ",
            // Bedrock's 500 is LiteLLM's ServiceUnavailableError; throttling a 429
            "bedrock, bedrock/errors/500-internal-server.json, 500, 503, api_error, InternalServerException",
            "bedrock, bedrock/errors/503-service-unavailable.json, 503, 503, api_error, ServiceUnavailableException",
            "bedrock, bedrock/errors/429-throttling.json, 429, 429, rate_limit_error, ThrottlingException",
            // a 422 is LiteLLM's BadRequestError on OpenAI-compatible providers
            "mistral, mistral/error-422.json, 422, 400, invalid_request_error, ",
            // what no rule takes keeps its status and code
            "openai, openai/errors/429-rate-limit.json, 429, 429, rate_limit_error, rate_limit_exceeded",
            "openai, openai/errors/404-model-not-found.json, 404, 404, invalid_request_error, model_not_found",
            "ollama, ollama/error-404-model-not-found.json, 404, 404, invalid_request_error, ",
            "huggingface, huggingface-tgi/error-422-validation-temperature.json, 422, 422, invalid_request_error, ",
    })
    void aProvidersErrorIsTheOneLiteLlmGives(String model, String fixture, int upstreamStatus, int status, String type, String code) {
        answer(fixture, upstreamStatus);
        var r = Http.post(proxy.url("/v1/chat/completions"), CHAT.formatted(model));
        assertEquals(status, r.status(), r.body());
        assertEquals(type, r.error().get("type"), r.body());
        assertEquals(code, r.error().get("code"), r.body());
        assertFalse(r.error().get("message").toString().isBlank(), r.body());

        var e = assertThrows(OpenAIServiceException.class, () -> OpenAiSdk.client(proxy).chat().completions()
                .create(ChatCompletionCreateParams.builder().model(model).addUserMessage("hi").build()));
        assertEquals(status, e.statusCode());
        Class<? extends OpenAIServiceException> expected = switch (status) {
            case 400 -> BadRequestException.class;
            case 401 -> UnauthorizedException.class;
            case 403 -> PermissionDeniedException.class;
            case 404 -> NotFoundException.class;
            case 429 -> RateLimitException.class;
            case 500, 503 -> InternalServerException.class;
            default -> OpenAIServiceException.class;
        };
        assertTrue(expected.isInstance(e), "the SDK raises " + expected.getSimpleName() + ", not " + e.getClass().getSimpleName());
    }

    @Test
    void aStreamsErrorBeforeItsFirstChunkIsMappedTheSameWay() {
        answer("gemini/error-400-api-key.json", 400);
        var r = Http.post(proxy.url("/v1/chat/completions"), CHAT.formatted("gemini").replace("{", "{\"stream\":true,"));
        assertEquals(401, r.status(), r.body());
        assertEquals("invalid_api_key", r.error().get("code"));
        assertEquals("API key not valid. Please pass a valid API key.", r.error().get("message"));
    }

    @Test
    void theKeyAProviderEchoesInItsErrorIsMasked() {
        upstream.otherwise(json(403, "{\"message\":\"The security token included in the request is invalid: " + SECRET + "\"}"));
        var r = Http.post(proxy.url("/v1/chat/completions"), CHAT.formatted("bedrock"));
        assertEquals(401, r.status(), r.body());
        assertFalse(r.body().contains(SECRET), r.body());
        assertTrue(r.error().get("message").toString().startsWith("The security token included in the request is invalid"), r.body());
    }

    @Test
    void anthropicsOwnApiKeepsAnthropicsErrors() {
        answer("anthropic/messages-error-529.json", 529);
        var r = Http.post(proxy.url("/v1/messages"), "{\"model\":\"anthropic\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(529, r.status(), r.body());
        assertEquals("overloaded_error", ((Map<String, Object>) r.json().get("error")).get("type"));
    }

    @Test
    void aPromptTooLongForAnthropicGoesToTheContextWindowFallback(@TempDir Path configDir) throws Exception {
        try (FakeUpstream claude = FakeUpstream.start().on("/v1/messages", json(400,
                "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"prompt is too long: 210417 tokens > 200000 maximum\"}}"));
             FakeUpstream gpt = FakeUpstream.start().on("/v1/chat/completions", json(200, Fixtures.read("openai/chat/response.json")));
             var routed = ProxyUnderTest.withConfig(configDir, "model_list:\n" + model("claude", "anthropic/claude-sonnet-4-5", claude.baseUrl(), "sk-ant-0123")
                     + Configs.gpt35At(gpt) + "litellm_settings:\n  context_window_fallbacks: [{claude: [gpt-3.5-turbo]}]\n")) {
            var r = Http.post(routed.url("/v1/chat/completions"), CHAT.formatted("claude"));
            assertEquals(200, r.status(), r.body());
            assertEquals(1, claude.received().size());
            assertEquals(1, gpt.received().size(), "the context window fallback answered");
        }
    }

    /** The upstream answers every path with {@code fixture}: a body, or Bedrock's {status, headers, body} triple. */
    static void answer(String fixture, int status) {
        Map<String, Object> json = Http.parse(Fixtures.read(fixture));
        if (json.get("headers") instanceof Map<?, ?> headers && json.get("body") != null) {
            Map<String, String> h = new HashMap<>();
            headers.forEach((k, v) -> h.put(k.toString(), v.toString()));
            upstream.otherwise(json(status, litellm.json.Json.text(json.get("body")), h));
        } else {
            upstream.otherwise(json(status, Fixtures.read(fixture)));
        }
    }
}
