package litellm.e2e.providers;

import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.ProviderUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static litellm.testing.OpenAiResponses.choice;
import static litellm.testing.FakeUpstream.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** providers/palm.groovy against PaLM's v1beta2 generateMessage and generateText wire format. */
@SuppressWarnings("unchecked")
class PalmProviderTest {
    static final String KEY = "AIzaPalmKey0123";
    @RegisterExtension
    static final ProviderUnderTest palm = new ProviderUnderTest("palm", "/v1beta2", KEY);
    static final ProviderUnderTest.Proxy chat = palm.serving("chat-bison"), text = palm.serving("text-bison-001");

    @Test
    void chatBisonUsesGenerateMessageWithContextAndAuthors() {
        palm.upstream().on("/v1beta2/models/chat-bison-001:generateMessage", json(200, Fixtures.read("palm/generateMessage-response.json")));
        var r = Http.post(chat.url("/chat/completions"), "{\"model\":\"chat-bison\",\"messages\":[{\"role\":\"system\",\"content\":\"You are a helpful assistant.\"},"
                + "{\"role\":\"user\",\"content\":\"Hello\"}],\"temperature\":0.25,\"n\":1,\"top_p\":0.95,\"top_k\":40}");

        assertEquals(200, r.status(), r.body());
        var sent = palm.upstream().last();
        assertEquals("/v1beta2/models/chat-bison-001:generateMessage", sent.path());
        assertEquals("key=" + KEY, sent.query());
        assertEquals(Http.parse(Fixtures.read("palm/generateMessage-request.json")), sent.json());
        var choice = choice(r.json());
        assertEquals(Map.of("role", "assistant", "content", "Hello! How can I help you today?"), choice.get("message"));
        assertEquals("stop", choice.get("finish_reason"));
    }

    @Test
    void textBisonUsesGenerateTextWithThePrompt() {
        palm.upstream().on("/v1beta2/models/text-bison-001:generateText", json(200, Fixtures.read("palm/generateText-response.json")));
        var r = Http.post(text.url("/completions"), "{\"model\":\"text-bison\",\"prompt\":\"Write a one-line greeting.\",\"temperature\":0.7,"
                + "\"n\":1,\"max_tokens\":64,\"top_p\":0.95,\"top_k\":40,\"stop\":[\"\\n\\n\"]}");

        assertEquals(200, r.status(), r.body());
        Map<String, Object> expected = Http.parse(Fixtures.read("palm/generateText-request.json"));
        expected.remove("safetySettings");
        assertEquals(expected, palm.upstream().last().json());
        assertEquals("key=" + KEY, palm.upstream().last().query());
        var choice = choice(r.json());
        assertEquals("Hello and welcome, it's great to see you!", choice.get("text"));
        assertEquals("stop", choice.get("finish_reason"));
    }

    @Test
    void blockedAnswersEndWithContentFilter() {
        palm.upstream().on("/v1beta2/models/chat-bison-001:generateMessage", json(200, Fixtures.read("palm/generateMessage-response-filtered.json")));
        var filtered = Http.post(chat.url("/chat/completions"), "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        var choice = choice(filtered.json());
        assertEquals("content_filter", choice.get("finish_reason"));
        assertEquals("", ((Map<String, Object>) choice.get("message")).get("content"));

        palm.upstream().on("/v1beta2/models/text-bison-001:generateText", json(200, Fixtures.read("palm/generateText-response-blocked.json")));
        var blocked = Http.post(text.url("/chat/completions"), "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertEquals("content_filter", choice(blocked.json()).get("finish_reason"));
        String prompt = ((Map<String, Object>) palm.upstream().last().json().get("prompt")).get("text").toString();
        assertTrue(prompt.contains("x"), "chat for text-bison goes through prompt(call): " + prompt);
    }

    @Test
    void streamsAreCutFromTheWholeAnswer() {
        palm.upstream().on("/v1beta2/models/chat-bison-001:generateMessage", json(200, Fixtures.read("palm/generateMessage-response.json")));
        List<String> got = Http.streamData(chat.url("/chat/completions"), "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
        assertEquals("[DONE]", got.get(got.size() - 1));
        StringBuilder content = new StringBuilder();
        for (String d : got.subList(0, got.size() - 1))
            content.append(((Map<String, Object>) choice(Http.parse(d)).get("delta")).getOrDefault("content", ""));
        assertEquals("Hello! How can I help you today?", content.toString());
        assertFalse(palm.upstream().last().json().containsKey("stream"));
    }

    /** Google's own message; a wrong key (Google's 400 API_KEY_INVALID) is a 401, as for Gemini. */
    @ParameterizedTest(name = "upstream {0} -> {1}")
    @CsvSource({"400, 401, palm/error-400-api-key.json", "429, 429, palm/error-429.json"})
    void errorsKeepGooglesMessage(int upstreamStatus, int status, String file) {
        palm.upstream().on("/v1beta2/models/chat-bison-001:generateMessage", json(upstreamStatus, Fixtures.read(file)));
        var r = Http.post(chat.url("/chat/completions"), "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertEquals(status, r.status());
        assertEquals(((Map<String, Object>) Http.parse(Fixtures.read(file)).get("error")).get("message"), r.error().get("message"));
    }
}
