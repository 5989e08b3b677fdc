package litellm.e2e.proxy;

import litellm.config.ConfigError;
import litellm.config.ConfigFile;
import litellm.provider.ProviderScripts;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.ProxyUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every provider name of LiteLLM's list ({@code tests/fixtures/litellm-provider-names}) in a LiteLLM config: it is
 * served (its script loads), or the config fails with one line that names it as not supported here.
 */
class ProviderNamesTest {
    static final List<String> LITELLM = Fixtures.read("litellm-provider-names/llm-providers.txt").lines().filter(l -> !l.isBlank()).toList();
    static final ProviderScripts SCRIPTS = new ProviderScripts(null);

    static String config(List<String> names) {
        StringBuilder yaml = new StringBuilder("model_list:\n");
        for (String name : names)
            yaml.append("  - model_name: ").append(name).append("-model\n")
                .append("    litellm_params: {model: ").append(name).append("/some-model, api_base: http://127.0.0.1:9/v1, api_key: sk-test}\n");
        return yaml.toString();
    }

    @Test
    void everyLiteLlmProviderNameIsServedOrRefusedInOneLineNamingIt() {
        List<String> served = new ArrayList<>(), refused = new ArrayList<>();
        for (String name : LITELLM) {
            try {
                var deployment = ConfigFile.parse("config.yaml", config(List.of(name)), SCRIPTS::exists, v -> null).deployments().get(0);
                assertNotNull(SCRIPTS.get(deployment.provider()).script(), name + ": its script loads");
                assertEquals("some-model", deployment.model(), name);
                served.add(name);
            } catch (ConfigError e) {
                String m = e.getMessage();
                assertFalse(m.contains("\n"), name + ": one line: " + m);
                assertTrue(m.startsWith("config.yaml:3:"), name + ": at the model's place: " + m);
                assertTrue(m.contains("'" + name + "/some-model': " + name + " is a LiteLLM provider that litellm.java does not support"), m);
                refused.add(name);
            }
        }
        assertEquals(LITELLM.size(), served.size() + refused.size());
        for (String name : List.of("openai", "hosted_vllm", "ollama_chat", "text-completion-openai", "custom_openai", "openai_like", "azure_ai",
                "databricks", "together_ai", "groq", "aiohttp_openai"))
            assertTrue(served.contains(name), name + " is served; refused: " + refused);
        assertTrue(served.size() >= 75, served.size() + " served: " + served);
    }

    @Test
    void aNameWithoutAProviderIsStillTheGenericError() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(ConfigError.class,
                () -> ConfigFile.parse("config.yaml", "model_list:\n  - model_name: a\n    litellm_params: {model: nope-model}\n", SCRIPTS::exists, v -> null));
        assertTrue(e.getMessage().contains("cannot tell which provider serves 'nope-model'"), e.getMessage());
    }

    /** One config with every name that is served loads into a running proxy, which lists them all. */
    @Test
    @SuppressWarnings("unchecked")
    void aConfigWithEveryServedNameRuns(@TempDir Path dir) throws ConfigError {
        List<String> served = LITELLM.stream().filter(name -> {
            try {
                ConfigFile.parse("config.yaml", config(List.of(name)), SCRIPTS::exists, v -> null);
                return true;
            } catch (ConfigError e) {
                return false;
            }
        }).toList();
        try (var proxy = ProxyUnderTest.withConfig(dir, config(served))) {
            var models = Http.get(proxy.url("/v1/models"));
            assertEquals(200, models.status(), models.body());
            var ids = ((List<Map<String, Object>>) models.json().get("data")).stream().map(m -> m.get("id")).toList();
            assertEquals(served.stream().map(n -> n + "-model").toList(), ids);
        }
    }
}
