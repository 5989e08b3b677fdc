package litellm.e2e.providers;

import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.ProviderUnderTest;
import litellm.testing.Prompts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static litellm.testing.OpenAiResponses.choice;
import static litellm.testing.FakeUpstream.json;
import static litellm.testing.Prompts.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** petals/: chat.petals.dev's form-encoded HTTP generate API. */
@SuppressWarnings("unchecked")
class PetalsProviderTest {
    static final String MODEL = "petals-team/StableBeluga2";
    @RegisterExtension
    static final ProviderUnderTest petals = new ProviderUnderTest("petals", MODEL, "", null);

    @Test
    void completionsSendTheFormFieldsPetalsReads() {
        petals.upstream().on("/api/v1/generate", json(200, Fixtures.read("petals/http-generate-response.json")));
        var fields = Http.parse(Fixtures.read("petals/http-generate-request.fields.json"));
        var r = Http.post(petals.url("/completions"), litellm.json.Json.text(Map.of("model", "m", "prompt", fields.get("inputs"),
                "temperature", 0.75, "top_p", 0.9, "max_tokens", 32)));

        assertEquals(200, r.status(), r.body());
        var sent = petals.upstream().last();
        assertEquals("/api/v1/generate", sent.path());
        assertEquals("application/x-www-form-urlencoded", sent.headers().get("content-type"));
        String form = Fixtures.read("petals/http-generate-request.form.txt").strip().lines().reduce((a, b) -> b).orElseThrow();
        assertEquals(form, sent.text(), "byte for byte the documented form body");
        var choice = choice(r.json());
        assertEquals("Waves fold into foam,\nsalt wind carries gull voices,\nthe tide keeps its time.", choice.get("text"), "</s> is cut");
        assertEquals("stop", choice.get("finish_reason"));
        assertTrue((Integer) ((Map<String, Object>) r.json().get("usage")).get("completion_tokens") > 0);
    }

    @Test
    void chatUsesThePromptTemplateAndIsGreedyWithoutTemperature() {
        petals.upstream().on("/api/v1/generate", json(200, "{\"ok\":true,\"outputs\":\"Waves fold into foam,\\nsalt wind\"}"));
        var r = Http.post(petals.url("/chat/completions"), "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Write a haiku about the sea.\"}],\"max_tokens\":8,\"stop\":\"\\n\"}");
        assertEquals(200, r.status(), r.body());
        String prompt = Prompts.chat(MODEL, List.of(user("Write a haiku about the sea.")));
        assertEquals("model=" + enc(MODEL) + "&inputs=" + enc(prompt) + "&max_new_tokens=8", petals.upstream().last().text());
        var choice = choice(r.json());
        assertEquals("Waves fold into foam,", ((Map<String, Object>) choice.get("message")).get("content"), "cut at the stop string");
        assertEquals("stop", choice.get("finish_reason"));
    }

    @Test
    void aTracebackWithStatus200IsAnError() {
        petals.upstream().on("/api/v1/generate", json(200, Fixtures.read("petals/http-generate-error.json")));
        var r = Http.post(petals.url("/chat/completions"), "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(502, r.status(), r.body());
        assertEquals("petals failed: KeyError: 'petals-team/unknown-model'", r.error().get("message"));
    }

    @Test
    void streamsAreTheWholeAnswerInPieces() {
        petals.upstream().on("/api/v1/generate", json(200, "{\"ok\":true,\"outputs\":\"Hello there friend\"}"));
        List<String> got = Http.streamData(petals.url("/chat/completions"), "{\"model\":\"m\",\"stream\":true,\"max_tokens\":3,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals("[DONE]", got.get(got.size() - 1));
        assertTrue(got.size() >= 5, got.toString());
        assertEquals("length", choice(Http.parse(got.get(got.size() - 2))).get("finish_reason"));
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
