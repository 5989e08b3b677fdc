package litellm.e2e.proxy;

import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.ProviderUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static litellm.testing.OpenAiResponses.choice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /completions on a model that only chats (here Claude's Messages API): the prompt goes as a user message, the answer comes back as text. */
class CompletionsViaChatTest {
    @RegisterExtension
    static final ProviderUnderTest claude = new ProviderUnderTest("anthropic", "claude-sonnet-4-5-20250929", "", "sk-ant-test-0123456789");

    @Test
    void aPromptIsSentAsAUserMessageAndTheAnswerComesBackAsText() {
        claude.upstream().on("/v1/messages", FakeUpstream.json(200, Fixtures.read("anthropic/messages-response.recorded.json")));
        var r = Http.post(claude.url("/completions"), "{\"model\":\"m\",\"prompt\":\"List the items as JSON.\",\"max_tokens\":100,\"temperature\":0}");

        assertEquals(200, r.status(), r.body());
        var sent = claude.upstream().last().json();
        assertEquals(List.of(Map.of("role", "user", "content", "List the items as JSON.")), sent.get("messages"));
        assertEquals(100, sent.get("max_tokens"));
        assertFalse(sent.containsKey("prompt"));
        assertEquals("text_completion", r.json().get("object"));
        assertTrue(choice(r.json()).get("text").toString().startsWith("{\"items\":[{\"product_name\":\"Green Tea\""), r.body());
        assertEquals("stop", choice(r.json()).get("finish_reason"));
    }

    @Test
    void aStreamComesBackAsTextChunks() {
        claude.upstream().on("/v1/messages", FakeUpstream.sse(Fixtures.read("anthropic/messages-stream.recorded.txt"), 0));
        List<String> data = Http.streamData(claude.url("/v1/completions"), "{\"model\":\"m\",\"prompt\":[\"Count.\"],\"stream\":true}");

        assertEquals("[DONE]", data.get(data.size() - 1));
        var chunks = data.subList(0, data.size() - 1).stream().map(Http::parse).toList();
        assertTrue(chunks.stream().allMatch(c -> "text_completion".equals(c.get("object"))), data.toString());
        String text = chunks.stream().map(c -> (List<?>) c.get("choices")).filter(l -> !l.isEmpty())
                .map(l -> (String) ((Map<?, ?>) l.get(0)).get("text")).collect(Collectors.joining());
        assertEquals("[12345,67890]", text);
        assertEquals("stop", choice(chunks.get(chunks.size() - 1)).get("finish_reason"));
    }

    @Test
    void echoAndLogprobsNeedARealCompletionsApi() {
        int before = claude.upstream().received().size();
        for (String extra : List.of("\"echo\":true", "\"logprobs\":1")) {
            var r = Http.post(claude.url("/completions"), "{\"model\":\"m\",\"prompt\":\"hi\"," + extra + "}");
            assertEquals(400, r.status(), r.body());
            assertTrue(r.error().get("message").toString().contains("completions API"), r.body());
        }
        assertEquals(before, claude.upstream().received().size());
    }
}
