package litellm.e2e.proxy;

import litellm.LiteLLM;
import litellm.openai.Endpoint;
import litellm.error.LlmError;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Java API that JBang scripts and JShell use, with no server: the same engine the proxy runs. */
class JavaApiTest {
    final LiteLLM llm = LiteLLM.direct();

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
