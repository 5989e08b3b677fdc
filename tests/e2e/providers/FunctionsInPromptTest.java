package litellm.e2e.providers;

import litellm.config.Settings;
import litellm.routing.Deployment;
import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.ProxyUnderTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --add_function_to_prompt: tools for a backend without function calling go into the prompt, or are refused naming the flag. */
class FunctionsInPromptTest {
    static final String WITH_TOOLS = """
            {"model":"m","messages":[{"role":"user","content":"weather in Paris?"}],
             "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}],
             "tool_choice":"auto"}""";

    @Test
    void withoutTheFlagToolsAreA400NamingTheParameterAndTheFlag() {
        try (var tgi = FakeUpstream.start(); var proxy = proxy(tgi, false)) {
            var r = Http.post(proxy.url("/chat/completions"), WITH_TOOLS);
            assertEquals(400, r.status(), r.body());
            assertTrue(r.error().get("param").toString().startsWith("tool"));
            assertTrue(r.error().get("message").toString().contains("--add_function_to_prompt"), r.body());
            assertTrue(tgi.received().isEmpty());
        }
    }

    @Test
    void withTheFlagTheToolsAreDescribedInThePrompt() {
        try (var tgi = FakeUpstream.start().on("/generate", FakeUpstream.json(200, Fixtures.read("huggingface-tgi/generate-response.json")));
             var proxy = proxy(tgi, true)) {
            var r = Http.post(proxy.url("/chat/completions"), WITH_TOOLS);
            assertEquals(200, r.status(), r.body());
            var sent = tgi.last().json();
            String prompt = (String) sent.get("inputs");
            assertTrue(prompt.contains("\"name\":\"get_weather\""), prompt);
            assertTrue(prompt.indexOf("get_weather") < prompt.indexOf("weather in Paris?"), "the functions come first: " + prompt);
            assertFalse(sent.containsKey("tools"));
            assertFalse(((Map<?, ?>) sent.get("parameters")).containsKey("tools"));
        }
    }

    private static ProxyUnderTest proxy(FakeUpstream tgi, boolean addFunctionToPrompt) {
        var settings = new Settings(null, null, Settings.DEFAULT_TIMEOUT, false, addFunctionToPrompt, false);
        return ProxyUnderTest.serving(new Deployment("m", "huggingface", "HuggingFaceH4/zephyr-7b-beta", tgi.baseUrl(), null, null, Map.of()), settings, null);
    }
}
