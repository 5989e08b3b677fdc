package litellm.e2e.proxy;

import com.openai.errors.BadRequestException;
import com.openai.models.images.ImageGenerateParams;
import com.openai.models.images.ImagesResponse;
import litellm.testing.CallRecorder;
import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.OpenAiSdk;
import litellm.testing.ProxyUnderTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static litellm.testing.FakeUpstream.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /v1/images/generations: the OpenAI SDK's images.generate through OpenAI and Azure deployments, routed, logged and priced. */
class ImagesEndpointTest {
    static final String IMAGE = Fixtures.read("openai/images/response.json");
    /** LiteLLM's price of a standard 1024x1024 dall-e-3 image: per pixel. */
    static final double IMAGE_COST = 3.81469e-8 * 1024 * 1024;

    @TempDir
    Path dir;
    FakeUpstream openai, azure;
    CallRecorder calls;

    @BeforeEach
    void start() throws Exception {
        openai = FakeUpstream.start().on("/v1/images/generations", json(200, IMAGE));
        azure = FakeUpstream.start().on("/openai/deployments/my-dalle/images/generations", json(200, IMAGE));
        calls = new CallRecorder(dir);
    }

    @AfterEach
    void stop() {
        openai.close();
        azure.close();
    }

    String config(String settings) {
        return calls.environment() + "model_list:\n"
                + "  - model_name: dall-e-3\n    litellm_params: {model: openai/dall-e-3, api_base: " + openai.baseUrl() + "/v1, api_key: sk-openai-test}\n"
                + "  - model_name: azure-dalle\n    litellm_params: {model: azure/my-dalle, api_base: " + azure.baseUrl() + ", api_key: azure-key-test}\n"
                + "  - model_name: claude\n    litellm_params: {model: anthropic/claude-3-5-haiku-20241022, api_key: sk-ant-test}\n"
                + "litellm_settings:\n" + calls.litellmSettings() + settings;
    }

    static ImageGenerateParams dallE(String model) {
        return ImageGenerateParams.builder().model(model).prompt("a lighthouse at dawn, watercolor")
                .size(ImageGenerateParams.Size._1024X1024).n(1).build();
    }

    @Test
    void theSdkGetsTheImageAndTheUpstreamTheRequestWithTheDeploymentsModel() throws Exception {
        try (var proxy = ProxyUnderTest.withConfig(dir, config(""))) {
            ImagesResponse images = OpenAiSdk.client(proxy).images().generate(dallE("dall-e-3"));
            assertEquals("https://oaidalleapiprodscus.blob.core.windows.net/private/org-123/user-456/img-789.png", images.data().orElseThrow().get(0).url().orElseThrow());
            assertTrue(images.data().orElseThrow().get(0).revisedPrompt().orElseThrow().startsWith("A watercolor painting"));
            var sent = openai.last();
            assertEquals("Bearer sk-openai-test", sent.headers().get("authorization"));
            assertEquals(Map.of("model", "dall-e-3", "prompt", "a lighthouse at dawn, watercolor", "size", "1024x1024", "n", 1), sent.json());

            Map<String, Object> logged = calls.await(1).get(0);
            assertEquals("image_generation", logged.get("call_type"));
            assertEquals(IMAGE_COST, ((Number) logged.get("response_cost")).doubleValue(), 1e-9, "LiteLLM's price per pixel, times the image's");
            var hd = Http.post(proxy.url("/v1/images/generations"), "{\"model\":\"dall-e-3\",\"prompt\":\"a lighthouse\",\"quality\":\"hd\"}");
            assertEquals(7.629e-8 * 1024 * 1024, Double.parseDouble(hd.headers().get("x-litellm-response-cost").get(0)), 1e-9, "the hd price");
        }
    }

    @Test
    void anAzureDeploymentGetsItsDeploymentsPathApiVersionAndKey() throws Exception {
        try (var proxy = ProxyUnderTest.withConfig(dir, config(""))) {
            ImagesResponse images = OpenAiSdk.client(proxy).images().generate(dallE("azure-dalle"));
            assertEquals(1, images.data().orElseThrow().size());
            var sent = azure.last();
            assertEquals("api-version=2024-10-21", sent.query());
            assertEquals("azure-key-test", sent.headers().get("api-key"));
            assertFalse(sent.json().containsKey("model"), "the deployment in the path names the model");
            assertEquals("a lighthouse at dawn, watercolor", sent.json().get("prompt"));
        }
    }

    @Test
    void imagenGetsItsPredictRequestAndItsImagesComeBackAsBase64() throws Exception {
        try (FakeUpstream gemini = FakeUpstream.start().on("/v1beta/models/imagen-3.0-generate-002:predict", json(200, Fixtures.read("gemini/imagen-predict-response.json")))) {
            String yaml = config("").replace("model_list:\n", "model_list:\n"
                    + "  - model_name: imagen\n    litellm_params: {model: gemini/imagen-3.0-generate-002, api_base: " + gemini.baseUrl() + "/v1beta, api_key: gm-test}\n");
            try (var proxy = ProxyUnderTest.withConfig(dir, yaml)) {
                var params = ImageGenerateParams.builder().model("imagen").prompt("a lighthouse").n(2).size(ImageGenerateParams.Size._1792X1024).build();
                ImagesResponse images = OpenAiSdk.client(proxy).images().generate(params);
                assertEquals(2, images.data().orElseThrow().size());
                assertTrue(images.data().orElseThrow().get(0).b64Json().orElseThrow().startsWith("iVBORw0KGgo"), "a PNG");
                assertEquals("gm-test", gemini.last().headers().get("x-goog-api-key"));
                assertEquals(Map.of("instances", List.of(Map.of("prompt", "a lighthouse")), "parameters", Map.of("sampleCount", 2, "aspectRatio", "16:9")),
                        gemini.last().json(), "LiteLLM's mapping: n as sampleCount, the size as an aspect ratio");
            }
        }
    }

    @Test
    void bedrockImageModelsGetTheirFamilysInvokeBody() throws Exception {
        try (FakeUpstream bedrock = FakeUpstream.start()
                .on("/model/stability.stable-diffusion-xl-v1/invoke", json(200, Fixtures.read("bedrock/images/sdxl-response.json")))
                .on("/model/amazon.titan-image-generator-v2:0/invoke", json(200, Fixtures.read("bedrock/images/titan-response.json")))) {
            String aws = ", api_base: " + bedrock.baseUrl() + ", aws_access_key_id: AKIDEXAMPLE, aws_secret_access_key: wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, aws_region_name: us-east-1}\n";
            String yaml = config("").replace("model_list:\n", "model_list:\n"
                    + "  - model_name: sdxl\n    litellm_params: {model: bedrock/stability.stable-diffusion-xl-v1" + aws
                    + "  - model_name: titan-image\n    litellm_params: {model: bedrock/amazon.titan-image-generator-v2:0" + aws);
            try (var proxy = ProxyUnderTest.withConfig(dir, yaml)) {
                var sdxl = Http.post(proxy.url("/v1/images/generations"), "{\"model\":\"sdxl\",\"prompt\":\"a lighthouse\",\"size\":\"1024x1024\"}");
                assertEquals(200, sdxl.status(), sdxl.body());
                assertTrue(((Map<?, ?>) ((List<?>) sdxl.json().get("data")).get(0)).get("b64_json").toString().startsWith("iVBORw0KGgo"));
                assertEquals(Map.of("text_prompts", List.of(Map.of("text", "a lighthouse", "weight", 1)), "width", 1024, "height", 1024), bedrock.last().json());
                assertTrue(bedrock.last().headers().get("authorization").startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"), "signed with SigV4");

                var titan = Http.post(proxy.url("/v1/images/generations"), "{\"model\":\"titan-image\",\"prompt\":\"a lighthouse\",\"n\":1}");
                assertEquals(1, ((List<?>) titan.json().get("data")).size(), titan.body());
                assertEquals(Map.of("taskType", "TEXT_IMAGE", "textToImageParams", Map.of("text", "a lighthouse"),
                        "imageGenerationConfig", Map.of("numberOfImages", 1, "width", 1024, "height", 1024, "quality", "standard")), bedrock.last().json());
            }
        }
    }

    @Test
    void aModelWhoseProviderHasNoImagesIsA400NamingIt() throws Exception {
        try (var proxy = ProxyUnderTest.withConfig(dir, config(""))) {
            var e = assertThrows(BadRequestException.class, () -> OpenAiSdk.client(proxy).images().generate(dallE("claude")));
            var r = Http.post(proxy.url("/v1/images/generations"), "{\"model\":\"claude\",\"prompt\":\"a lighthouse\"}");
            assertEquals(400, r.status());
            assertEquals("model", r.error().get("param"));
            assertEquals("unsupported_endpoint", r.error().get("code"));
            String message = r.error().get("message").toString();
            assertTrue(message.contains("'claude'") && message.contains("/images/generations"), message);
            assertTrue(e.getMessage().contains("/images/generations"), e.getMessage());
        }
    }

    @Test
    void aMissingPromptIsA400NamingIt() throws Exception {
        try (var proxy = ProxyUnderTest.withConfig(dir, config(""))) {
            var r = Http.post(proxy.url("/images/generations"), "{\"model\":\"dall-e-3\"}");
            assertEquals(400, r.status(), r.body());
            assertEquals("prompt", r.error().get("param"));
            assertEquals(0, openai.received().size());
        }
    }

    @Test
    void aFailingDeploymentFallsBackToTheNextModel() throws Exception {
        try (FakeUpstream broken = FakeUpstream.start().on("/v1/images/generations", json(500, Fixtures.read("openai/errors/500-server-error.json")))) {
            String yaml = config("  fallbacks: [{broken-dalle: [dall-e-3]}]\n").replace("model_list:\n", "model_list:\n"
                    + "  - model_name: broken-dalle\n    litellm_params: {model: openai/dall-e-3, api_base: " + broken.baseUrl() + "/v1, api_key: sk-broken}\n");
            try (var proxy = ProxyUnderTest.withConfig(dir, yaml)) {
                ImagesResponse images = OpenAiSdk.client(proxy).images().generate(dallE("broken-dalle"));
                assertEquals(1, images.data().orElseThrow().size());
                assertTrue(broken.received().size() >= 1);
                assertEquals(1, openai.received().size(), "served by the fallback");
            }
        }
    }

    @Test
    void imagesAreNotCachedAndTheirCostSpendsTheBudget() throws Exception {
        try (var proxy = ProxyUnderTest.withConfig(dir, config("  cache: true\n  max_budget: " + 1.5 * IMAGE_COST + "\n"))) {
            String body = "{\"model\":\"dall-e-3\",\"prompt\":\"a lighthouse\"}";
            Http.Response refused = null;
            for (int i = 0; i < 50 && refused == null; i++) {
                var r = Http.post(proxy.url("/v1/images/generations"), body);
                if (r.status() != 200) refused = r;
                else Thread.sleep(100);
            }
            assertTrue(refused != null, "the budget refuses once two images are paid for");
            assertEquals("budget_exceeded", refused.error().get("type"));
            int sent = openai.received().size();
            assertTrue(sent >= 2 && sent <= 3, "each call went to the upstream, none came from the cache: " + sent);
            List<Map<String, Object>> logged = calls.await(sent);
            assertTrue(logged.stream().noneMatch(c -> Boolean.TRUE.equals(c.get("cache_hit"))));
        }
    }
}
