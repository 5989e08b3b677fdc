package litellm.e2e.proxy;

import com.openai.models.moderations.Moderation;
import com.openai.models.moderations.ModerationCreateParams;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /v1/moderations: OpenAI's moderation models through the proxy, with the OpenAI SDK. */
class ModerationsEndpointTest {
    @TempDir
    Path dir;
    FakeUpstream openai;
    CallRecorder calls;

    @BeforeEach
    void start() throws Exception {
        openai = FakeUpstream.start().on("/v1/moderations", json(200, Fixtures.read("openai/moderations/response.json")));
        calls = new CallRecorder(dir);
    }

    @AfterEach
    void stop() {
        openai.close();
    }

    String config() {
        return calls.environment() + "model_list:\n"
                + "  - model_name: omni-moderation-latest\n    litellm_params: {model: openai/omni-moderation-latest, api_base: " + openai.baseUrl() + "/v1, api_key: sk-openai-test}\n"
                + "  - model_name: groq-llama\n    litellm_params: {model: groq/llama3-70b-8192, api_base: " + openai.baseUrl() + "/v1, api_key: gsk-test}\n"
                + "litellm_settings:\n" + calls.litellmSettings() + "  cache: true\n";
    }

    @Test
    void theSdkGetsTheResultsAndTheCallIsLoggedAtNoCost() throws Exception {
        try (var proxy = ProxyUnderTest.withConfig(dir, config())) {
            var params = ModerationCreateParams.builder().model("omni-moderation-latest").input("I want to hurt them.").build();
            Moderation result = OpenAiSdk.client(proxy).moderations().create(params).results().get(0);
            assertTrue(result.flagged());
            assertTrue(result.categories().violence());
            assertEquals(Map.of("model", "omni-moderation-latest", "input", "I want to hurt them."), openai.last().json());

            OpenAiSdk.client(proxy).moderations().create(params);
            assertEquals(2, openai.received().size(), "moderations are not cached, as in LiteLLM");
            List<Map<String, Object>> logged = calls.await(2);
            assertEquals("moderation", logged.get(0).get("call_type"));
            assertEquals(0.0, ((Number) logged.get(0).get("response_cost")).doubleValue(), "LiteLLM prices moderations at nothing");
        }
    }

    @Test
    void aListOfInputsPassesAndAModelWithoutModerationsIsA400() throws Exception {
        try (var proxy = ProxyUnderTest.withConfig(dir, config())) {
            var ok = Http.post(proxy.url("/moderations"), "{\"model\":\"omni-moderation-latest\",\"input\":[\"one\",\"two\"]}");
            assertEquals(200, ok.status(), ok.body());
            assertEquals(List.of("one", "two"), openai.last().json().get("input"));

            var refused = Http.post(proxy.url("/v1/moderations"), "{\"model\":\"groq-llama\",\"input\":\"hi\"}");
            assertEquals(400, refused.status());
            assertTrue(refused.error().get("message").toString().contains("'groq-llama'"), refused.body());
            assertEquals(1, openai.received().size(), "refused before any call");

            var missing = Http.post(proxy.url("/v1/moderations"), "{\"model\":\"omni-moderation-latest\"}");
            assertEquals(400, missing.status());
            assertEquals("input", missing.error().get("param"));
        }
    }
}
