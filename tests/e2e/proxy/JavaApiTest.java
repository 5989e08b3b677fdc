package litellm.e2e.proxy;

import litellm.LiteLLM;
import litellm.openai.Endpoint;
import litellm.error.LlmError;
import litellm.runtime.Env;
import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static litellm.testing.FakeUpstream.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java API that JBang scripts and JShell use, with no server: the same engine the proxy runs. Inside one's own
 * program there is no proxy boundary: a call takes its own api_base and api_key, as LiteLLM's completion() does.
 */
class JavaApiTest {
    static final String OPENAI_ANSWER = Fixtures.read("openai/chat/response.json");
    final LiteLLM llm = LiteLLM.direct();
    final FakeUpstream server = FakeUpstream.start().on("/v1/chat/completions", json(200, OPENAI_ANSWER));

    @AfterEach
    void stop() {
        server.close();
        Env.overlay(Map.of());
    }

    static Map<String, Object> chat(String model, Object... more) {
        var request = new java.util.LinkedHashMap<String, Object>(Map.of("model", model, "messages", List.of(Map.of("role", "user", "content", "hi"))));
        for (int i = 0; i < more.length; i += 2) request.put((String) more[i], more[i + 1]);
        return request;
    }

    @Test
    void aCallsOwnApiBaseAndApiKeyReachTheServerItNames() {
        var answer = llm.completion(chat("openai/my-model", "api_base", server.baseUrl() + "/v1", "api_key", "sk-local"));
        assertEquals("chat.completion", answer.get("object"));
        var sent = server.last();
        assertEquals("Bearer sk-local", sent.headers().get("authorization"));
        assertEquals("my-model", sent.json().get("model"));
        assertFalse(sent.json().containsKey("api_base") || sent.json().containsKey("api_key"), "call settings are not request fields: " + sent.text());
    }

    @Test
    void aCallsOwnApiBaseWithoutAKeyGetsTheEnvironmentsKeyAsWithLiteLlm() {
        Env.overlay(Map.of("OPENAI_API_KEY", "sk-from-env"));
        llm.completion(chat("openai/my-model", "base_url", server.baseUrl() + "/v1"));
        assertEquals("Bearer sk-from-env", server.last().headers().get("authorization"));
    }

    @Test
    void openaiApiBaseFromTheEnvironmentServesOpenAiModelsWithNoKey() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("OPENAI_BASE_URL") == null, "OPENAI_BASE_URL is set here, and wins");
        Env.overlay(Map.of("OPENAI_API_BASE", server.baseUrl() + "/v1"));
        assertEquals("Hello! How can I assist you today?", LiteLLM.direct().chat("openai/my-model", "hi"));
        assertEquals(null, server.last().headers().get("authorization"), "a local server without a key gets none");
    }

    @Test
    void fromConfigServesTheConfigsModelNamesWithTheirKeys(@TempDir Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("config.yaml"), """
                model_list:
                  - model_name: local
                    litellm_params: {model: openai/my-model, api_base: %s/v1, api_key: os.environ/LOCAL_KEY}
                  - model_name: echo
                    litellm_params: {model: offline/echo}
                environment_variables:
                  LOCAL_KEY: sk-from-config
                """.formatted(server.baseUrl()));
        var fromConfig = LiteLLM.fromConfig(config);
        assertEquals(List.of("local", "echo"), fromConfig.modelNames());
        assertEquals("Hello! How can I assist you today?", fromConfig.chat("local", "hi"));
        assertEquals("Bearer sk-from-config", server.last().headers().get("authorization"));
        assertEquals("my-model", server.last().json().get("model"));
        assertTrue(fromConfig.chat("echo", "hi").contains("You said: \"hi\""));
    }

    @Test
    void aConfigThatCannotBeUsedIsOneLineWithItsPlace(@TempDir Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("config.yaml"), "model_list:\n  - model_name: a\n    litellm_params: {model: openai/a, rpm: many}\n");
        var e = assertThrows(LlmError.class, () -> LiteLLM.fromConfig(config));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().startsWith(config + ":3:"), e.getMessage());
        assertTrue(assertThrows(LlmError.class, () -> LiteLLM.fromConfig(dir.resolve("missing.yaml"))).getMessage().contains("cannot read"));
    }

    @Test
    void chatReturnsTheAnswersText() {
        assertTrue(llm.chat("offline/echo", "write a short poem").contains("You said: \"write a short poem\""));
    }

    @Test
    @SuppressWarnings("unchecked")
    void streamDeliversChunksThatAddUpToTheAnswer() {
        List<Map<String, Object>> chunks = new ArrayList<>();
        llm.stream(Map.of("model", "offline/echo", "messages", List.of(Map.of("role", "user", "content", "hi"))), chunks::add);
        StringBuilder text = new StringBuilder();
        for (var chunk : chunks)
            for (var choice : (List<Map<String, Object>>) chunk.get("choices"))
                if (((Map<String, Object>) choice.get("delta")).get("content") instanceof String s) text.append(s);
        assertEquals(llm.chat("offline/echo", "hi"), text.toString());
    }

    @Test
    void embeddingsAsBase64DecodeToTheFloats() {
        var floats = llm.call(Endpoint.EMBEDDINGS, Map.of("model", "offline/echo", "input", "same text"));
        var base64 = llm.call(Endpoint.EMBEDDINGS, Map.of("model", "offline/echo", "input", "same text", "encoding_format", "base64"));
        @SuppressWarnings("unchecked")
        var vector = (List<Number>) ((List<Map<String, Object>>) floats.get("data")).get(0).get("embedding");
        @SuppressWarnings("unchecked")
        String encoded = (String) ((List<Map<String, Object>>) base64.get("data")).get(0).get("embedding");
        var buffer = java.nio.ByteBuffer.wrap(java.util.Base64.getDecoder().decode(encoded)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (Number n : vector) assertEquals(n.floatValue(), buffer.getFloat());
    }

    @Test
    void anUnknownModelIsAClearError() {
        var e = assertThrows(LlmError.class, () -> llm.chat("no-such-model", "hi"));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("<provider>/<model>"));
    }
}
