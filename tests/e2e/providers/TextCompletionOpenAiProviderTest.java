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

import java.util.List;
import java.util.Map;

import static litellm.testing.FakeUpstream.json;
import static litellm.testing.FakeUpstream.sse;
import static litellm.testing.OpenAiResponses.choice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** text-completion-openai/: every call, chat too, on OpenAI's Completions API, as LiteLLM sends it. */
class TextCompletionOpenAiProviderTest {
    static final String KEY = "sk-test-0123456789";
    @RegisterExtension
    static final ProviderUnderTest upstream = new ProviderUnderTest();
    static final ProviderUnderTest.Proxy instruct = upstream.serving(base -> {
        Deployment d = LiteLLM.deployment("instruct", "text-completion-openai/gpt-3.5-turbo-instruct", base + "/v1", null, new ProviderScripts(null));
        return ProxyUnderTest.serving(new Deployment(d.modelName(), d.provider(), d.model(), d.apiBase(), KEY, null, Map.of()), Settings.defaults(), null);
    });

    @Test
    void aChatIsSentAsAPromptAndItsTextComesBackAsTheMessage() {
        upstream.upstream().on("/v1/completions", json(200, Fixtures.read("openai/completions/response.json")));
        var r = Http.post(instruct.url("/chat/completions"), "{\"model\":\"instruct\",\"max_tokens\":7,\"messages\":[{\"role\":\"user\",\"content\":\"Say this is a test\"}]}");
        assertEquals(200, r.status(), r.body());
        var sent = upstream.upstream().last();
        assertEquals("/v1/completions", sent.path());
        assertEquals("Bearer " + KEY, sent.headers().get("authorization"));
        assertEquals(Map.of("model", "gpt-3.5-turbo-instruct", "prompt", "Say this is a test", "max_tokens", 7), sent.json());
        assertEquals("chat.completion", r.json().get("object"));
        assertEquals(Map.of("role", "assistant", "content", "\n\nThis is indeed a test"), choice(r.json()).get("message"));
        assertEquals("length", choice(r.json()).get("finish_reason"));
        assertEquals(Map.of("prompt_tokens", 5, "completion_tokens", 7, "total_tokens", 12), r.json().get("usage"));
    }

    @Test
    void severalMessagesAreAListOfPromptsAsLiteLlmSendsThem() {
        upstream.upstream().on("/v1/completions", json(200, Fixtures.read("openai/completions/response.json")));
        Http.post(instruct.url("/chat/completions"), "{\"model\":\"instruct\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Say this\"},{\"type\":\"text\",\"text\":\" is a test\"}]}]}");
        assertEquals(List.of("Be brief.", "Say this is a test"), upstream.upstream().last().json().get("prompt"));
    }

    @Test
    void aStreamedChatComesAsChatChunks() {
        upstream.upstream().on("/v1/completions", sse(Fixtures.read("openai/completions/stream.txt"), 0));
        List<String> got = Http.streamData(instruct.url("/chat/completions"), "{\"model\":\"instruct\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Say this is a test\"}]}");
        assertEquals("[DONE]", got.getLast());
        var first = Http.parse(got.get(0));
        assertEquals("chat.completion.chunk", first.get("object"));
        assertEquals(Map.of("role", "assistant", "content", "\n\n"), choice(first).get("delta"));
        StringBuilder text = new StringBuilder();
        for (String data : got.subList(0, got.size() - 1)) {
            var delta = (Map<?, ?>) choice(Http.parse(data)).get("delta");
            assertFalse(delta.containsKey("text"));
            text.append(delta.get("content"));
        }
        assertEquals("\n\nThis is indeed a test", text.toString());
        assertEquals(true, upstream.upstream().last().json().get("stream"));
    }

    @Test
    void completionsPassThrough() {
        upstream.upstream().on("/v1/completions", json(200, Fixtures.read("openai/completions/response.json")));
        var r = Http.post(instruct.url("/completions"), "{\"model\":\"instruct\",\"prompt\":\"Say this is a test\",\"max_tokens\":7}");
        assertEquals(200, r.status(), r.body());
        assertEquals("\n\nThis is indeed a test", choice(r.json()).get("text"));
    }
}
