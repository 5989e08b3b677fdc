package litellm.e2e.proxy;

import litellm.provider.ProviderScripts;
import litellm.runtime.Env;
import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.ProxyUnderTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static litellm.testing.FakeUpstream.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Each provider's base URL from LiteLLM's environment variables ({@code OPENAI_API_BASE}, {@code ANTHROPIC_API_BASE}...),
 * in the forms LiteLLM takes, set here through the config's environment_variables: the request reaches the server the
 * variable names, at the provider's own path, and its answer comes back.
 */
class ApiBaseEnvironmentTest {
    static final String CHAT = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    static final ProviderScripts SCRIPTS = new ProviderScripts(null);
    final FakeUpstream server = FakeUpstream.start();

    @AfterEach
    void stop() {
        server.close();
        Env.overlay(Map.of());
    }

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource(delimiter = '|', textBlock = """
            openai/my-model           | OPENAI_API_BASE={base}/v1                                        | /v1/chat/completions | openai/chat/response.json
            openai/my-model           | OPENAI_BASE_URL={base}/v1 OPENAI_API_BASE=http://127.0.0.1:9/v1  | /v1/chat/completions | openai/chat/response.json
            anthropic/claude-3-haiku  | ANTHROPIC_API_BASE={base} ANTHROPIC_API_KEY=sk-ant               | /v1/messages         | anthropic/messages-response.json
            anthropic/claude-3-haiku  | ANTHROPIC_BASE_URL={base}/v1/messages ANTHROPIC_API_KEY=sk-ant   | /v1/messages         | anthropic/messages-response.json
            gemini/gemini-1.5-flash   | GEMINI_API_BASE={base} GEMINI_API_KEY=g                          | /v1beta/models/gemini-1.5-flash:generateContent | gemini/generateContent-response.json
            cohere/command-r          | COHERE_API_BASE={base} COHERE_API_KEY=c                          | /v1/chat             | cohere/v1-chat-response.json
            groq/llama3-8b-8192       | GROQ_API_BASE={base}/openai/v1 GROQ_API_KEY=gsk                  | /openai/v1/chat/completions | groq/chat-response.recorded.json
            mistral/mistral-small     | MISTRAL_AZURE_API_BASE={base}/v1 MISTRAL_API_KEY=m               | /v1/chat/completions | mistral/chat-response.json
            together_ai/m             | TOGETHER_AI_API_BASE={base}/v1 TOGETHERAI_API_KEY=t              | /v1/chat/completions | together_ai/chat-response.recorded.json
            vllm/m                    | HOSTED_VLLM_API_BASE={base}                                      | /v1/chat/completions | openai/chat/response.json
            ollama/llama3             | OLLAMA_API_BASE={base}                                           | /api/chat            | ollama/chat-response.json
            """)
    void theVariableNamesTheServer(String model, String variables, String path, String answer, @TempDir Path dir) throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        for (String pair : variables.split(" "))
            env.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1).replace("{base}", server.baseUrl()));
        String provider = model.substring(0, model.indexOf('/'));
        for (String name : SCRIPTS.info(provider, SCRIPTS.get(provider).script()).apiBaseEnv())
            assumeTrue(env.containsKey(name) || System.getenv(name) == null, name + " is set in this environment, and may win");
        server.on(path, json(200, Fixtures.read(answer)));
        StringBuilder yaml = new StringBuilder("model_list:\n  - model_name: m\n    litellm_params: {model: " + model + "}\nenvironment_variables:\n");
        env.forEach((name, value) -> yaml.append("  ").append(name).append(": ").append(value).append('\n'));
        try (var proxy = ProxyUnderTest.withConfig(dir, yaml.toString())) {
            var r = Http.post(proxy.url("/chat/completions"), CHAT);
            assertEquals(200, r.status(), r.body());
            assertEquals(path, server.last().path());
        }
    }
}
