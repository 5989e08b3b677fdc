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

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static litellm.testing.OpenAiResponses.choices;
import static litellm.testing.OpenAiResponses.usage;
import static litellm.testing.FakeUpstream.json;
import static litellm.testing.FakeUpstream.sse;
import static litellm.testing.Prompts.system;
import static litellm.testing.Prompts.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** huggingface/: a TGI server (/generate, /generate_stream, Messages API) and the serverless Inference API, from TGI's wire format. */
@SuppressWarnings("unchecked")
class HuggingFaceProviderTest {
    static final String KEY = "hf_test0123456789abcdef";
    static final String MODEL = "meta-llama/Llama-2-7b-chat-hf";
    static final String CHAT = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    @RegisterExtension
    static final ProviderUnderTest huggingface = new ProviderUnderTest("huggingface", "", KEY);
    static final ProviderUnderTest.Proxy tgi = huggingface.serving(MODEL),
            inferenceApi = huggingface.serving("mistralai/Mistral-7B-Instruct-v0.1", "/models", KEY),
            messagesApi = huggingface.serving(base -> ProxyUnderTest.serving(new Deployment("tgi", "huggingface", "tgi", base, null, null,
                    Map.of("use_messages_api", true)), Settings.defaults(), null));

    @Test
    void chatGoesToGenerateWithTheRenderedPromptAndTgiParameters() {
        huggingface.upstream().on("/generate", json(200, Fixtures.read("huggingface-tgi/generate-response.json")));
        var r = Http.post(tgi.url("/chat/completions"), """
                {"model":"m","messages":[{"role":"system","content":"You are terse."},{"role":"user","content":"Test request"}],
                 "max_tokens":10,"temperature":0.5,"top_p":0.9,"stop":"</s>","seed":42,"top_k":10,"repetition_penalty":1.2}""");

        assertEquals(200, r.status(), r.body());
        var sent = huggingface.upstream().last();
        assertEquals("POST", sent.method());
        assertEquals("/generate", sent.path());
        assertEquals("Bearer " + KEY, sent.headers().get("authorization"));
        assertEquals(Prompts.chat(MODEL, List.of(system("You are terse."), user("Test request"))), sent.json().get("inputs"));
        assertEquals(Map.of("max_new_tokens", 10, "temperature", 0.5, "do_sample", true, "top_p", 0.9, "stop", List.of("</s>"),
                "seed", 42, "top_k", 10, "repetition_penalty", 1.2, "return_full_text", false, "details", true), sent.json().get("parameters"));

        var choice = choices(r.json()).get(0);
        assertEquals(Map.of("role", "assistant", "content", " for /api/v1/projects/1"), choice.get("message"));
        assertEquals("length", choice.get("finish_reason"));
        assertEquals("chat.completion", r.json().get("object"));
        assertEquals(MODEL, r.json().get("model"));
        assertEquals(10, usage(r.json()).get("completion_tokens"));
        assertTrue((Integer) usage(r.json()).get("prompt_tokens") > 0);
    }

    @Test
    void temperatureZeroIsGreedyAndTopPOneIsLeftOut() {
        huggingface.upstream().on("/generate", json(200, Fixtures.read("huggingface-tgi/generate-response-no-details.json")));
        var r = Http.post(tgi.url("/chat/completions"),
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":0,\"top_p\":1}");
        assertEquals(200, r.status(), r.body());
        assertEquals(Map.of("do_sample", false, "return_full_text", false, "details", true), huggingface.upstream().last().json().get("parameters"));
        assertEquals("stop", choices(r.json()).get(0).get("finish_reason"), "no details: TGI stopped on its own");
        assertEquals(" for /api/v1/projects/1", ((Map<String, Object>) choices(r.json()).get(0).get("message")).get("content"));
    }

    @Test
    void nIsBestOfAndEachSequenceIsAChoice() {
        huggingface.upstream().on("/generate", json(200, Fixtures.read("huggingface-tgi/generate-response-best-of.json")));
        var r = Http.post(tgi.url("/completions"), "{\"model\":\"m\",\"prompt\":\"Test request\",\"n\":2,\"temperature\":0.7}");
        assertEquals(200, r.status(), r.body());
        var p = (Map<String, Object>) huggingface.upstream().last().json().get("parameters");
        assertEquals(2, p.get("best_of"));
        assertEquals(true, p.get("do_sample"));
        assertEquals("Test request", huggingface.upstream().last().json().get("inputs"), "a completions prompt goes as it is");
        var choices = choices(r.json());
        assertEquals(List.of(" for /api/v1/projects/1", " for the project"), choices.stream().map(c -> c.get("text")).toList());
        assertEquals(List.of(0, 1), choices.stream().map(c -> c.get("index")).toList());
        assertEquals(List.of("length", "stop"), choices.stream().map(c -> c.get("finish_reason")).toList());
        assertEquals(14, usage(r.json()).get("completion_tokens"));
    }

    @Test
    void aListOfPromptsIsOneGenerateEach() {
        huggingface.upstream().on("/generate", json(200, Fixtures.read("huggingface-tgi/generate-response.json")));
        int before = huggingface.upstream().received().size();
        var r = Http.post(tgi.url("/completions"), "{\"model\":\"m\",\"prompt\":[\"one\",\"two\"],\"max_tokens\":10,\"echo\":true}");
        assertEquals(200, r.status(), r.body());
        var sent = huggingface.upstream().received().subList(before, huggingface.upstream().received().size());
        assertEquals(List.of("one", "two"), sent.stream().map(s -> s.json().get("inputs")).toList());
        assertTrue(sent.stream().allMatch(s -> ("Bearer " + KEY).equals(s.headers().get("authorization"))));
        assertEquals(List.of("one for /api/v1/projects/1", "two for /api/v1/projects/1"), choices(r.json()).stream().map(c -> c.get("text")).toList());
        assertEquals(20, usage(r.json()).get("completion_tokens"));
    }

    @Test
    void completionLogprobsComeFromTgiTokenDetails() {
        huggingface.upstream().on("/generate", json(200, Fixtures.read("huggingface-tgi/generate-response.json")));
        var r = Http.post(tgi.url("/completions"), "{\"model\":\"m\",\"prompt\":\"Test request\",\"max_tokens\":10,\"logprobs\":1}");
        assertEquals(200, r.status(), r.body());
        assertEquals(1, ((Map<String, Object>) huggingface.upstream().last().json().get("parameters")).get("top_n_tokens"));
        var logprobs = (Map<String, Object>) choices(r.json()).get(0).get("logprobs");
        assertEquals(List.of(" for", " /", "api", "/", "v", "1", "/", "projects", "/", "1"), logprobs.get("tokens"));
        assertEquals(-1.5351562, ((List<Number>) logprobs.get("token_logprobs")).get(0).doubleValue(), 1e-9);
        assertEquals(List.of(0, 4, 6, 9, 10, 11, 12, 13, 21, 22), logprobs.get("text_offset"));
        assertEquals(Map.of(" for", -1.5351562), ((List<Object>) logprobs.get("top_logprobs")).get(0));
    }

    @Test
    void echoLogprobsWithMaxTokensZeroScoresThePrompt() {
        huggingface.upstream().on("/generate", json(200, Fixtures.read("huggingface-tgi/generate-response-prefill.json")));
        var r = Http.post(tgi.url("/completions"), "{\"model\":\"m\",\"prompt\":\"Test request\",\"echo\":true,\"logprobs\":1,\"max_tokens\":0,\"temperature\":0}");
        assertEquals(200, r.status(), r.body());
        var p = (Map<String, Object>) huggingface.upstream().last().json().get("parameters");
        assertEquals(1, p.get("max_new_tokens"), "TGI refuses 0 new tokens: one is generated and dropped");
        assertEquals(true, p.get("decoder_input_details"));
        assertEquals(false, p.get("do_sample"));
        var choice = choices(r.json()).get(0);
        assertEquals("Test request", choice.get("text"));
        assertEquals("length", choice.get("finish_reason"));
        var logprobs = (Map<String, Object>) choice.get("logprobs");
        assertEquals(List.of("<s>", "Test", "request"), logprobs.get("tokens"));
        assertEquals(Arrays.asList(null, -9.0859375, -16.359375), logprobs.get("token_logprobs"));
        assertEquals(Arrays.asList(null, Map.of("Test", -9.0859375), Map.of("request", -16.359375)), logprobs.get("top_logprobs"));
        assertEquals(Map.of("prompt_tokens", 3, "completion_tokens", 0, "total_tokens", 3), usage(r.json()));
    }

    @Test
    void maxTokensZeroWithoutEchoIsAClear400() {
        int before = huggingface.upstream().received().size();
        var r = Http.post(tgi.url("/completions"), "{\"model\":\"m\",\"prompt\":\"x\",\"max_tokens\":0}");
        assertEquals(400, r.status(), r.body());
        assertEquals("max_tokens", r.error().get("param"));
        var stream = Http.post(tgi.url("/completions"), "{\"model\":\"m\",\"prompt\":\"x\",\"echo\":true,\"stream\":true}");
        assertEquals(400, stream.status(), stream.body());
        assertEquals(before, huggingface.upstream().received().size());
    }

    @Test
    void chatLogprobsInOpenAiChatFormat() {
        huggingface.upstream().on("/generate", json(200, Fixtures.read("huggingface-tgi/generate-response.json")));
        var r = Http.post(tgi.url("/chat/completions"), "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"logprobs\":true,\"top_logprobs\":2}");
        assertEquals(200, r.status(), r.body());
        assertEquals(2, ((Map<String, Object>) huggingface.upstream().last().json().get("parameters")).get("top_n_tokens"));
        var content = (List<Map<String, Object>>) ((Map<String, Object>) choices(r.json()).get(0).get("logprobs")).get("content");
        assertEquals(10, content.size());
        assertEquals(" for", content.get(0).get("token"));
        assertEquals(List.of(32, 102, 111, 114), content.get(0).get("bytes"));
    }

    @Test
    void streamMapsTokenEventsToChunksWithFinishReasonAndUsage() {
        huggingface.upstream().on("/generate_stream", sse(Fixtures.read("huggingface-tgi/generate-stream.txt"), 0));
        List<String> got = Http.streamData(tgi.url("/chat/completions"),
                "{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"Test request\"}],\"max_tokens\":10}");

        var sent = huggingface.upstream().last();
        assertEquals("/generate_stream", sent.path());
        assertEquals(10, ((Map<String, Object>) sent.json().get("parameters")).get("max_new_tokens"));
        assertEquals("[DONE]", got.get(got.size() - 1));
        var chunks = got.subList(0, got.size() - 1).stream().map(Http::parse).toList();
        assertEquals(11, chunks.size(), "ten tokens, then usage: " + got);
        var deltas = chunks.subList(0, 10).stream().map(c -> (Map<String, Object>) choices(c).get(0).get("delta")).toList();
        assertEquals(" for /api/v1/projects/1", String.join("", deltas.stream().map(d -> (String) d.get("content")).toList()));
        assertEquals("assistant", deltas.get(0).get("role"));
        assertFalse(deltas.get(1).containsKey("role"));
        assertEquals("length", choices(chunks.get(9)).get(0).get("finish_reason"));
        assertNull(choices(chunks.get(8)).get(0).get("finish_reason"));
        assertEquals(1, chunks.stream().map(c -> c.get("id")).distinct().count(), "one id for the whole stream");
        assertEquals(Map.of("prompt_tokens", 3, "completion_tokens", 10, "total_tokens", 13), usage(chunks.get(10)));
    }

    @Test
    void lateTwentyTwentyThreeStreamsWithoutIndexStillWork() {
        huggingface.upstream().on("/generate_stream", sse(Fixtures.read("huggingface-tgi/legacy-v1.3-generate-stream.txt"), 0));
        List<String> got = Http.streamData(tgi.url("/completions"), "{\"model\":\"m\",\"stream\":true,\"prompt\":\"Test request\"}");
        var chunks = got.subList(0, got.size() - 1).stream().map(Http::parse).toList();
        assertEquals(10, chunks.size());
        assertEquals("text_completion", chunks.get(0).get("object"));
        assertEquals(" for /api/v1/projects/1", String.join("", chunks.stream().map(c -> (String) choices(c).get(0).get("text")).toList()));
        assertEquals("length", choices(chunks.get(9)).get(0).get("finish_reason"));
    }

    @Test
    void anErrorEventMidStreamBecomesAnSseError() {
        huggingface.upstream().on("/generate_stream", sse(Fixtures.read("huggingface-tgi/generate-stream-error.txt"), 0));
        List<String> got = Http.streamData(tgi.url("/chat/completions"), CHAT.replace("{\"model\"", "{\"stream\":true,\"model\""));
        assertEquals(2, got.size(), got.toString());
        var error = (Map<String, Object>) Http.parse(got.get(1)).get("error");
        assertEquals("Request failed during generation: Server error: CUDA out of memory. Tried to allocate 20.00 MiB", error.get("message"));
        assertEquals("generation", error.get("code"));
    }

    @ParameterizedTest(name = "TGI {0}")
    @CsvSource({
            "422, huggingface-tgi/error-422-validation.json",
            "424, huggingface-tgi/error-424-generation.json",
            "429, huggingface-tgi/error-429-overloaded.json",
            "500, huggingface-tgi/error-500-incomplete.json",
    })
    void tgiErrorsKeepStatusAndMessage(int status, String fixture) {
        String body = Fixtures.read(fixture);
        huggingface.upstream().on("/generate", json(status, body, status == 429 ? Map.of("Retry-After", "3") : Map.of()));
        huggingface.upstream().on("/generate_stream", json(status, body, status == 429 ? Map.of("Retry-After", "3") : Map.of()));
        for (String request : List.of(CHAT, CHAT.replace("{\"model\"", "{\"stream\":true,\"model\""))) {
            var r = Http.post(tgi.url("/chat/completions"), request);
            assertEquals(status, r.status(), r.body());
            assertEquals(Http.parse(body).get("error"), r.error().get("message"));
            if (status == 429) assertEquals("3", r.header("Retry-After"));
        }
    }

    @Test
    void inferenceApiTakesTheRepoInThePathAndAnswersAList() {
        String path = "/models/mistralai/Mistral-7B-Instruct-v0.1";
        huggingface.upstream().on(path, json(200, Fixtures.read("huggingface-tgi/hf-inference-api-response.json")));
        var r = Http.post(inferenceApi.url("/chat/completions"),
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"What is deep learning?\"}],\"max_tokens\":50,\"temperature\":0.7,\"top_p\":0.95}");
        assertEquals(200, r.status(), r.body());
        var sent = huggingface.upstream().last();
        assertEquals(path, sent.path());
        assertEquals("Bearer " + KEY, sent.headers().get("authorization"));
        assertEquals(Prompts.chat("mistralai/Mistral-7B-Instruct-v0.1", List.of(user("What is deep learning?"))), sent.json().get("inputs"));
        assertEquals(Map.of("max_new_tokens", 50, "temperature", 0.7, "do_sample", true, "top_p", 0.95, "return_full_text", false, "details", true),
                sent.json().get("parameters"));
        assertEquals(false, sent.json().get("stream"));
        assertEquals(" Deep learning is a subset of machine learning based on artificial neural networks with many layers.",
                ((Map<String, Object>) choices(r.json()).get(0).get("message")).get("content"));
    }

    @Test
    void inferenceApiModelLoadingIs503WithRetryAfter() {
        huggingface.upstream().on("/models/mistralai/Mistral-7B-Instruct-v0.1", json(503, Fixtures.read("huggingface-tgi/hf-inference-api-error-503-loading.json")));
        var r = Http.post(inferenceApi.url("/chat/completions"), CHAT);
        assertEquals(503, r.status(), r.body());
        assertEquals("20", r.header("Retry-After"));
        assertTrue(r.error().get("message").toString().startsWith("Model mistralai/Mistral-7B-Instruct-v0.1 is currently loading"));
        assertEquals("model_loading", r.error().get("code"));

        huggingface.upstream().on("/models/mistralai/Mistral-7B-Instruct-v0.1", json(401, Fixtures.read("huggingface-tgi/hf-inference-api-error-401.json")));
        var unauthorized = Http.post(inferenceApi.url("/chat/completions"), CHAT);
        assertEquals(401, unauthorized.status());
        assertEquals("Authorization header is correct, but the token seems invalid", unauthorized.error().get("message"));
    }

    @Test
    void messagesApiPassesThrough() {
        huggingface.upstream().on("/v1/chat/completions", json(200, Fixtures.read("huggingface-tgi/chat-response.json")));
        var r = Http.post(messagesApi.url("/chat/completions"), Fixtures.read("huggingface-tgi/chat-request.json"));
        assertEquals(200, r.status(), r.body());
        assertEquals(Http.parse(Fixtures.read("huggingface-tgi/chat-response.json")), r.json());
        var sent = huggingface.upstream().last();
        assertEquals("/v1/chat/completions", sent.path());
        assertFalse(sent.headers().containsKey("authorization"), "no key configured, none sent");
        var expected = new LinkedHashMap<>(Http.parse(Fixtures.read("huggingface-tgi/chat-request.json")));
        expected.put("model", "tgi");
        assertEquals(expected, sent.json());
    }

    @Test
    void messagesApiStreamRelaysChunksAndFixesTheTwoZeroObjectName() {
        huggingface.upstream().on("/v1/chat/completions", sse(Fixtures.read("huggingface-tgi/chat-stream.txt"), 0));
        List<String> got = Http.streamData(messagesApi.url("/chat/completions"), Fixtures.read("huggingface-tgi/chat-stream-request.json"));
        assertEquals(5, got.size(), got.toString());
        assertEquals("[DONE]", got.get(4));
        assertEquals(Map.of("prompt_tokens", 39, "completion_tokens", 3, "total_tokens", 42), usage(Http.parse(got.get(3))));

        huggingface.upstream().on("/v1/chat/completions", sse(Fixtures.read("huggingface-tgi/legacy-v2.0-chat-stream.recorded-line.txt"), 0));
        List<String> old = Http.streamData(messagesApi.url("/chat/completions"), Fixtures.read("huggingface-tgi/chat-stream-request.json"));
        assertEquals("chat.completion.chunk", Http.parse(old.get(0)).get("object"));
    }

    @Test
    void unsupportedParametersAre400UnlessDropped() {
        huggingface.upstream().on("/generate", json(200, Fixtures.read("huggingface-tgi/generate-response.json")));
        var r = Http.post(tgi.url("/chat/completions"), "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tools\":[]}");
        assertEquals(400, r.status());
        assertEquals("tools", r.error().get("param"));
        var dropped = Http.post(tgi.url("/chat/completions"), "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tools\":[],\"drop_params\":true}");
        assertEquals(200, dropped.status(), dropped.body());
        assertFalse(huggingface.upstream().last().text().contains("tools"));
    }
}
