package litellm.e2e.providers;

import litellm.config.Settings;
import litellm.routing.Deployment;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.ProviderUnderTest;
import litellm.testing.Prompts;
import litellm.testing.ProxyUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static litellm.testing.OpenAiResponses.choice;
import static litellm.testing.FakeUpstream.json;
import static litellm.testing.FakeUpstream.sse;
import static litellm.testing.Prompts.system;
import static litellm.testing.Prompts.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** replicate/: create a prediction, poll it (or stream it), from Replicate's recorded flow. */
@SuppressWarnings("unchecked")
class ReplicateProviderTest {
    static final String KEY = "r8_test0123456789abcdef";
    static final String VERSION = "02e509c789964a7ea8736978a43525956ef40397be9033abf9fd2badfe68c9e3";
    static final String ID = "ufawqhfynnddngldkgtslldrkq";
    static final String CHAT = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Write a haiku about llamas.\"}]}";
    @RegisterExtension
    static final ProviderUnderTest replicate = new ProviderUnderTest("replicate", "/v1", KEY);
    static final ProviderUnderTest.Proxy byVersion = replicate.serving("meta/llama-2-70b-chat:" + VERSION),
            byModel = replicate.serving("meta/llama-2-70b-chat"),
            impatient = replicate.serving(base -> ProxyUnderTest.serving(new Deployment("r", "replicate", "meta/llama-2-70b-chat", base + "/v1", KEY, null, Map.of()),
                    new Settings(null, null, Duration.ofSeconds(1), false, false, false), null));

    /** A fixture with Replicate's URLs pointing at the fake upstream (the stream host under /stream). */
    static String local(String fixture) {
        return Fixtures.read(fixture).replace("https://api.replicate.com", replicate.upstream().baseUrl())
                .replace("https://streaming-api.svc.us.c.replicate.net", replicate.upstream().baseUrl() + "/stream");
    }

    /** Answers the polls with {@code processing} first, then {@code last}. */
    static void pollsEndWith(String last, int processingPolls) {
        var polls = new AtomicInteger();
        replicate.upstream().on("/v1/predictions/" + ID, exchange -> json(200, polls.getAndIncrement() < processingPolls
                ? local("replicate/poll-processing-response.json") : local(last)).send(exchange));
    }

    @Test
    void createByVersionThenPollUntilSucceeded() {
        replicate.upstream().on("/v1/predictions", json(201, local("replicate/create-prediction-response-201.json")));
        pollsEndWith("replicate/poll-succeeded-response.json", 2);
        int before = replicate.upstream().received().size();
        var r = Http.post(byVersion.url("/chat/completions"), """
                {"model":"m","messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"Write a haiku about llamas."}],
                 "max_tokens":64,"temperature":0.75,"top_p":0.9,"top_k":50,"stop":["<end>","<stop>"]}""");

        assertEquals(200, r.status(), r.body());
        var calls = replicate.upstream().received().subList(before, replicate.upstream().received().size());
        assertEquals(List.of("POST /v1/predictions", "GET /v1/predictions/" + ID, "GET /v1/predictions/" + ID, "GET /v1/predictions/" + ID),
                calls.stream().map(c -> c.method() + " " + c.path()).toList());
        assertTrue(calls.stream().allMatch(c -> ("Bearer " + KEY).equals(c.headers().get("authorization"))), "every call is authenticated");
        var create = calls.get(0).json();
        assertEquals(VERSION, create.get("version"));
        var input = (Map<String, Object>) create.get("input");
        assertEquals(Prompts.chat("meta/llama-2-70b-chat:" + VERSION, List.of(system("You are a helpful assistant."), user("Write a haiku about llamas."))), input.remove("prompt"));
        assertEquals(Map.of("max_new_tokens", 64, "temperature", 0.75, "top_p", 0.9, "top_k", 50, "stop_sequences", "<end>,<stop>"), input);

        var choice = choice(r.json());
        assertEquals("Soft wool on the hill\nGentle eyes watch the slow clouds\nLlamas hum at dusk.", ((Map<String, Object>) choice.get("message")).get("content"));
        assertEquals("stop", choice.get("finish_reason"));
        assertEquals(Map.of("prompt_tokens", 42, "completion_tokens", 19, "total_tokens", 61), r.json().get("usage"));
    }

    @Test
    void withoutAVersionTheModelsEndpointCreatesIt() {
        replicate.upstream().on("/v1/models/meta/llama-2-70b-chat/predictions", json(201, local("replicate/create-prediction-response-201.json")));
        pollsEndWith("replicate/poll-succeeded-response.json", 0);
        var r = Http.post(byModel.url("/completions"), "{\"model\":\"m\",\"prompt\":\"Please write a haiku about llamas.\"}");
        assertEquals(200, r.status(), r.body());
        var create = replicate.upstream().received().stream().filter(c -> c.path().equals("/v1/models/meta/llama-2-70b-chat/predictions")).reduce((a, b) -> b).orElseThrow();
        assertEquals(Http.parse(Fixtures.read("replicate/recorded/create-model-prediction-request.json")), create.json());
        assertEquals("text_completion", r.json().get("object"));
    }

    @Test
    void aFailedPredictionIsAnErrorWithItsMessage() {
        replicate.upstream().on("/v1/predictions", json(201, local("replicate/create-prediction-response-201.json")));
        pollsEndWith("replicate/poll-failed-response.json", 1);
        var r = Http.post(byVersion.url("/chat/completions"), CHAT);
        assertEquals(500, r.status(), r.body());
        assertTrue(r.error().get("message").toString().endsWith("failed: CUDA out of memory. Tried to allocate 2.00 GiB"), r.body());
        assertEquals("prediction_failed", r.error().get("code"));
    }

    @Test
    void aPredictionStillRunningAtTheDeadlineIsCanceled() {
        replicate.upstream().on("/v1/models/meta/llama-2-70b-chat/predictions", json(201, local("replicate/create-prediction-response-201.json")));
        pollsEndWith("replicate/poll-processing-response.json", Integer.MAX_VALUE);
        replicate.upstream().on("/v1/predictions/" + ID + "/cancel", json(200, local("replicate/poll-processing-response.json").replace("\"processing\"", "\"canceled\"")));
        int before = replicate.upstream().received().size();
        long start = System.nanoTime();
        var r = Http.post(impatient.url("/chat/completions"), CHAT);
        assertEquals(504, r.status(), r.body());
        assertTrue(System.nanoTime() - start < 3_000_000_000L, "within about the 1 s timeout");
        assertTrue(r.error().get("message").toString().contains("canceled"));
        var last = replicate.upstream().received().get(replicate.upstream().received().size() - 1);
        assertEquals("POST /v1/predictions/" + ID + "/cancel", last.method() + " " + last.path());
        assertTrue(replicate.upstream().received().size() - before >= 3, "created, polled, canceled");
    }

    @Test
    void streamCreatesWithStreamTrueThenRelaysTheStreamUrl() {
        replicate.upstream().on("/v1/predictions", json(201, local("replicate/create-prediction-response-201.json")));
        replicate.upstream().on("/stream/v1/predictions/" + ID, sse(Fixtures.read("replicate/stream.txt"), 0));
        int before = replicate.upstream().received().size();
        List<String> got = Http.streamData(byVersion.url("/chat/completions"), CHAT.replace("{\"model\"", "{\"stream\":true,\"model\""));

        var calls = replicate.upstream().received().subList(before, replicate.upstream().received().size());
        assertEquals(2, calls.size());
        assertEquals(true, calls.get(0).json().get("stream"));
        assertEquals("GET", calls.get(1).method());
        assertEquals("text/event-stream", calls.get(1).headers().get("accept"));
        assertEquals("Bearer " + KEY, calls.get(1).headers().get("authorization"));
        assertEquals("[DONE]", got.get(got.size() - 1));
        var chunks = got.subList(0, got.size() - 1).stream().map(Http::parse).toList();
        var deltas = chunks.stream().map(c -> (Map<String, Object>) choice(c).get("delta")).toList();
        assertEquals("Soft wool on the hill\nGentle eyes", String.join("", deltas.stream().map(d -> (String) d.getOrDefault("content", "")).toList()));
        assertEquals("stop", choice(chunks.get(chunks.size() - 1)).get("finish_reason"));
        assertEquals(1, chunks.stream().map(c -> c.get("id")).distinct().count());
        assertEquals("assistant", deltas.get(0).get("role"));
        assertTrue(deltas.stream().skip(1).noneMatch(d -> d.containsKey("role")), "the role comes once");
    }

    @Test
    void anErrorEventEndsTheStreamWithAnSseError() {
        replicate.upstream().on("/v1/predictions", json(201, local("replicate/create-prediction-response-201.json")));
        replicate.upstream().on("/stream/v1/predictions/" + ID, sse(Fixtures.read("replicate/stream-error.txt"), 0));
        List<String> got = Http.streamData(byVersion.url("/completions"), "{\"model\":\"m\",\"stream\":true,\"prompt\":\"haiku\"}");
        assertEquals(2, got.size(), got.toString());
        assertEquals("Soft", choice(Http.parse(got.get(0))).get("text"));
        assertEquals("Prediction failed: CUDA out of memory", ((Map<String, Object>) Http.parse(got.get(1)).get("error")).get("message"));
    }

    @ParameterizedTest(name = "create answers {0}")
    @CsvSource({
            "401, 'You did not pass a valid authentication token'",
            "422, '- input.max_new_tokens: Invalid type. Expected: integer, given: string\\n'",
            "429, 'Request was throttled. Expected available in 1 second.'",
            "404, 'The requested resource could not be found.'",
    })
    void createErrorsKeepStatusAndDetail(int status, String detail) {
        String body = status == 401 ? litellm.json.Json.text(Http.parse(Fixtures.read("replicate/recorded/error-401-problem+json.json")).get("body"))
                : Fixtures.read("replicate/error-" + status + ".json");
        replicate.upstream().on("/v1/predictions", json(status, body, status == 429 ? Map.of("Retry-After", "1") : Map.of()));
        for (String request : List.of(CHAT, CHAT.replace("{\"model\"", "{\"stream\":true,\"model\""))) {
            var r = Http.post(byVersion.url("/chat/completions"), request);
            assertEquals(status, r.status(), r.body());
            assertEquals(detail.replace("\\n", "\n"), r.error().get("message"));
            if (status == 429) assertEquals("1", r.header("Retry-After"));
        }
    }
}
