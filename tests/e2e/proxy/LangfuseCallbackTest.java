package litellm.e2e.proxy;

import litellm.config.ConfigError;
import litellm.config.ConfigFile;
import litellm.provider.ProviderScripts;
import litellm.testing.Configs;
import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.OpenAiResponses;
import litellm.testing.ProxyUnderTest;
import litellm.testing.Stderr;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static litellm.testing.FakeUpstream.json;
import static litellm.testing.FakeUpstream.sse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code litellm_settings.success_callback: ["langfuse"]} and {@code failure_callback}, as on the LiteLLM proxy page:
 * each call becomes a trace and a generation in Langfuse's ingestion API, here a fake one on loopback.
 */
class LangfuseCallbackTest {
    static final String PUBLIC_KEY = "pk-lf-test-1234";
    static final String SECRET_KEY = "sk-lf-secret-abcdefgh";
    static final String INGESTION = "/api/public/ingestion";
    static final String CHAT = """
            {"model":"gpt-3.5-turbo","messages":[{"role":"user","content":"write a short poem"}],"temperature":0.2,"user":"u-42",
             "metadata":{"generation_name":"poem","session_id":"s-1","tags":["prod"],"team":"blue"}}""";

    @TempDir
    Path dir;
    FakeUpstream openai;
    FakeUpstream langfuse;

    @BeforeEach
    void start() {
        openai = FakeUpstream.start();
        langfuse = FakeUpstream.start().on(INGESTION, json(207, Fixtures.read("langfuse/ingestion-207.json")));
    }

    @AfterEach
    void stop() {
        openai.close();
        langfuse.close();
    }

    /** LANGFUSE_HOST without its scheme, as LiteLLM takes it (http). */
    String config(String callbacks) {
        return """
                environment_variables:
                  LANGFUSE_HOST: %s
                  LANGFUSE_PUBLIC_KEY: %s
                  LANGFUSE_SECRET_KEY: %s
                model_list:
                %slitellm_settings:
                  %s
                """.formatted(langfuse.baseUrl().substring("http://".length()), PUBLIC_KEY, SECRET_KEY, Configs.gpt35At(openai), callbacks);
    }

    @Test
    void aCallIsOneTraceWithOneGenerationNamedAsTheRequestsMetadataSays() throws Exception {
        openai.on("/v1/chat/completions", json(200, Fixtures.read("openai/chat/response.json")));
        try (var proxy = ProxyUnderTest.withConfig(dir, config("success_callback: [\"langfuse\"]"))) {
            var r = Http.post(proxy.url("/chat/completions"), CHAT);
            assertEquals(200, r.status(), r.body());
            assertFalse(openai.last().json().containsKey("metadata"), "metadata is LiteLLM's own: no provider gets it");

            List<Map<String, Object>> events = awaitEvents(2);
            var post = langfuse.last();
            assertEquals("Basic " + Base64.getEncoder().encodeToString((PUBLIC_KEY + ":" + SECRET_KEY).getBytes(StandardCharsets.UTF_8)),
                    post.headers().get("authorization"));
            assertEquals(2, ((Map<?, ?>) post.json().get("metadata")).get("batch_size"));

            var trace = body(events, "trace-create");
            assertEquals("litellm-completion", trace.get("name"));
            assertEquals("s-1", trace.get("sessionId"));
            assertEquals("u-42", trace.get("userId"), "the request's user");
            assertEquals(List.of("prod"), trace.get("tags"));
            assertEquals(Map.of("messages", List.of(Map.of("role", "user", "content", "write a short poem"))), trace.get("input"));
            assertEquals("Hello! How can I assist you today?", ((Map<?, ?>) trace.get("output")).get("content"));

            var generation = body(events, "generation-create");
            assertEquals(trace.get("id"), generation.get("traceId"));
            assertEquals("poem", generation.get("name"));
            assertEquals("gpt-4o-mini", generation.get("model"), "the model as its provider was asked for it");
            assertEquals(Map.of("temperature", 0.2), generation.get("modelParameters"));
            var usage = (Map<?, ?>) generation.get("usage");
            assertEquals(Map.of("input", 19, "output", 10, "total", 29, "unit", "TOKENS"),
                    Map.of("input", usage.get("input"), "output", usage.get("output"), "total", usage.get("total"), "unit", usage.get("unit")));
            double cost = 19 * 1.5e-7 + 10 * 6.0e-7; // gpt-4o-mini's prices in providers/models.yaml
            assertEquals(cost, ((Number) usage.get("totalCost")).doubleValue(), 1e-15);
            assertEquals("DEFAULT", generation.get("level"));
            assertTrue(generation.get("id").toString().matches("time-\\d\\d-\\d\\d-\\d\\d-\\d{6}_chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT"),
                    "LiteLLM's generation id: " + generation.get("id"));
            var metadata = (Map<?, ?>) generation.get("metadata");
            assertEquals("blue", metadata.get("team"), "the request's own metadata");
            assertEquals("gpt-3.5-turbo", metadata.get("model_group"));
            assertEquals(cost, ((Number) metadata.get("litellm_response_cost")).doubleValue(), 1e-15);
            assertEquals(false, metadata.get("cache_hit"));
            assertFalse(metadata.containsKey("generation_name"), "the keys that named things are not repeated");
            assertFalse(Instant.parse((String) generation.get("endTime")).isBefore(Instant.parse((String) generation.get("startTime"))));
            assertFalse(generation.containsKey("completionStartTime"), "an answer sent whole has no first chunk");
            assertFalse(post.text().contains("sk-openai-test"), "the provider's key is not logged");
        }
    }

    @Test
    void aCallCanJoinAnExistingTraceWithoutRenamingIt() throws Exception {
        openai.on("/v1/chat/completions", json(200, Fixtures.read("openai/chat/response.json")));
        try (var proxy = ProxyUnderTest.withConfig(dir, config("success_callback: [\"langfuse\"]"))) {
            String joining = CHAT.replace("\"generation_name\":\"poem\"", "\"existing_trace_id\":\"trace-7\",\"trace_name\":\"ignored\",\"trace_user_id\":\"u-7\"");
            assertEquals(200, Http.post(proxy.url("/chat/completions"), joining).status());
            var events = awaitEvents(2);
            assertEquals(Map.of("id", "trace-7"), body(events, "trace-create"), "an existing trace is neither renamed nor overwritten");
            assertEquals("trace-7", body(events, "generation-create").get("traceId"));
        }
    }

    @Test
    void theTracesUserIsTraceUserIdWhenTheMetadataNamesOne() throws Exception {
        openai.on("/v1/chat/completions", json(200, Fixtures.read("openai/chat/response.json")));
        try (var proxy = ProxyUnderTest.withConfig(dir, config("success_callback: [\"langfuse\"]"))) {
            assertEquals(200, Http.post(proxy.url("/chat/completions"), CHAT.replace("\"team\":\"blue\"", "\"trace_user_id\":\"u-7\"")).status());
            assertEquals("u-7", body(awaitEvents(2), "trace-create").get("userId"), "before the request's user u-42");
        }
    }

    @Test
    void aStreamIsLoggedAsItsWholeAnswerWithTheTimeOfItsFirstChunk() throws Exception {
        String raw = Fixtures.read("openai/chat/stream.txt");
        openai.on("/v1/chat/completions", sse(raw, 0));
        StringBuilder expected = new StringBuilder();
        for (String data : FakeUpstream.dataOf(raw))
            if (!data.equals("[DONE]") && OpenAiResponses.delta(data).get("content") instanceof String s) expected.append(s);
        try (var proxy = ProxyUnderTest.withConfig(dir, config("callbacks: [\"langfuse\"]"))) {
            var r = Http.stream(proxy.url("/chat/completions"), CHAT.replace("\"temperature\"", "\"stream\":true,\"temperature\""), d -> {});
            assertEquals(200, r.status(), r.body());

            var generation = body(awaitEvents(2), "generation-create");
            var output = (Map<?, ?>) generation.get("output");
            assertEquals("assistant", output.get("role"));
            assertEquals(expected.toString(), output.get("content"));
            assertTrue(expected.length() > 10, "the fixture streams text: " + expected);
            Instant start = Instant.parse((String) generation.get("startTime"));
            Instant first = Instant.parse((String) generation.get("completionStartTime"));
            Instant end = Instant.parse((String) generation.get("endTime"));
            assertFalse(first.isBefore(start) || end.isBefore(first), start + " " + first + " " + end);
        }
    }

    @Test
    void aFailedCallGoesToTheFailureCallbackAsAnErrorGeneration() throws Exception {
        openai.on("/v1/chat/completions", json(200, Fixtures.read("openai/chat/response.json")));
        try (var proxy = ProxyUnderTest.withConfig(dir, config("failure_callback: [\"langfuse\"]"))) {
            assertEquals(200, Http.post(proxy.url("/chat/completions"), CHAT).status(), "a success, which this config does not log");
            openai.on("/v1/chat/completions", json(429, Fixtures.read("openai/errors/429-rate-limit.json")));
            assertEquals(429, Http.post(proxy.url("/chat/completions"), CHAT).status());

            List<Map<String, Object>> events = awaitEvents(2);
            assertEquals(2, events.size(), "only the failure: " + events);
            var generation = body(events, "generation-create");
            assertEquals("ERROR", generation.get("level"));
            String upstreamMessage = (String) ((Map<?, ?>) Http.parse(Fixtures.read("openai/errors/429-rate-limit.json")).get("error")).get("message");
            assertTrue(generation.get("statusMessage").toString().contains(upstreamMessage.substring(0, 30)), generation.toString());
            assertFalse(body(events, "trace-create").containsKey("output"));
        }
    }

    @Test
    void aCallTheCacheAnsweredIsLoggedAsACacheHitWithoutACost() throws Exception {
        openai.on("/v1/chat/completions", json(200, Fixtures.read("openai/chat/response.json")));
        String cached = "success_callback: [\"langfuse\"]\n  cache: true\n  cache_params: {type: local, namespace: " + java.util.UUID.randomUUID() + "}";
        try (var proxy = ProxyUnderTest.withConfig(dir, config(cached))) {
            assertEquals(200, Http.post(proxy.url("/chat/completions"), CHAT).status());
            assertEquals(200, Http.post(proxy.url("/chat/completions"), CHAT).status());
            var generations = awaitEvents(4).stream().filter(e -> e.get("type").equals("generation-create")).map(e -> (Map<?, ?>) e.get("body")).toList();
            assertEquals(List.of(false, true), generations.stream().map(g -> ((Map<?, ?>) g.get("metadata")).get("cache_hit")).toList());
            assertTrue(((Map<?, ?>) generations.get(0).get("usage")).containsKey("totalCost"));
            assertFalse(((Map<?, ?>) generations.get(1).get("usage")).containsKey("totalCost"), "no provider was paid");
            assertEquals(1, openai.received().size());
        }
    }

    @Test
    void aStreamedAnthropicMessageIsAGenerationWithItsTextAndUsage() throws Exception {
        openai.on("/v1/chat/completions", sse(Fixtures.read("openai/chat/stream.txt"), 0));
        try (var proxy = ProxyUnderTest.withConfig(dir, config("success_callback: [\"langfuse\"]"))) {
            Http.stream(proxy.url("/v1/messages"), """
                    {"model":"gpt-3.5-turbo","max_tokens":100,"stream":true,"system":"Be brief.","messages":[{"role":"user","content":"hi"}]}""", d -> {});
            var events = awaitEvents(2);
            var trace = body(events, "trace-create");
            assertEquals("litellm-anthropic_messages", trace.get("name"), "LiteLLM's call type for /v1/messages");
            assertEquals(Map.of("system", "Be brief.", "messages", List.of(Map.of("role", "user", "content", "hi"))), trace.get("input"));
            assertEquals(Map.of("role", "assistant", "content", List.of(Map.of("type", "text", "text", "Hello! How can I help?"))), trace.get("output"));
            var generation = body(events, "generation-create");
            var usage = (Map<?, ?>) generation.get("usage");
            assertEquals(List.of(9, 8, 17), List.of(usage.get("input"), usage.get("output"), usage.get("total")), "message_delta's usage");
            assertTrue(generation.containsKey("completionStartTime"));
        }
    }

    @Test
    void aClientThatLeavesAStreamIsAFailureWithStatus499() throws Exception {
        openai.on("/v1/chat/completions", sse(Fixtures.read("openai/chat/stream.txt"), 150));
        try (var proxy = ProxyUnderTest.withConfig(dir, config("failure_callback: [\"langfuse\"]"))) {
            String body = CHAT.replace("\"temperature\"", "\"stream\":true,\"temperature\"");
            try (var socket = new java.net.Socket("127.0.0.1", proxy.port())) {
                socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
                var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                for (String line; (line = in.readLine()) != null && !line.startsWith("data: "); ) { } // the first chunk, then away
            }
            var generation = body(awaitEvents(2), "generation-create");
            assertEquals("ERROR", generation.get("level"));
            assertTrue(generation.get("statusMessage").toString().startsWith("the client left before the answer was complete"), generation.toString());
            assertTrue(generation.containsKey("completionStartTime"), "the stream had begun");
        }
    }

    @Test
    void langfuseWithoutItsKeysStopsTheConfigAndNamesWhatIsMissing() {
        String yaml = config("success_callback: [\"langfuse\"]").replaceAll("  LANGFUSE_(PUBLIC|SECRET)_KEY: .*\n", "");
        var e = assertThrows(ConfigError.class, () -> ConfigFile.parse("config.yaml", yaml, new ProviderScripts(null)::exists, name -> null));
        assertTrue(e.getMessage().contains("litellm_settings.success_callback[0]: the langfuse callback needs LANGFUSE_PUBLIC_KEY"), e.getMessage());
        assertTrue(e.getMessage().contains("missing: LANGFUSE_PUBLIC_KEY, LANGFUSE_SECRET_KEY"), e.getMessage());
    }

    @Test
    void aLangfuseThatFailsDoesNotFailTheCallAndItsBatchIsSentAgain() throws Exception {
        openai.on("/v1/chat/completions", json(200, Fixtures.read("openai/chat/response.json")));
        AtomicInteger posts = new AtomicInteger();
        langfuse.on(INGESTION, exchange -> (posts.incrementAndGet() == 1
                ? json(503, "{\"message\":\"overloaded\"}") : json(207, Fixtures.read("langfuse/ingestion-207.json"))).send(exchange));
        try (var proxy = ProxyUnderTest.withConfig(dir, config("success_callback: [\"langfuse\"]"))) {
            assertEquals(200, Http.post(proxy.url("/chat/completions"), CHAT).status());
            awaitPosts(2);
            assertEquals(langfuse.received().get(0).json().get("batch"), langfuse.received().get(1).json().get("batch"),
                    "the same events, which Langfuse deduplicates by their ids");
        }
    }

    @Test
    void refusedEventsAreReportedInTheLogWithoutTheKeys() throws Exception {
        openai.on("/v1/chat/completions", json(200, Fixtures.read("openai/chat/response.json")));
        langfuse.on(INGESTION, json(401, "{\"message\":\"Invalid credentials. Confirm that you've configured the correct host.\"}"));
        try (var proxy = ProxyUnderTest.withConfig(dir, config("success_callback: [\"langfuse\"]"))) {
            String log = logWhileLangfuseAnswersTwoCalls(proxy);
            assertTrue(log.contains("Langfuse at " + langfuse.baseUrl()) && log.contains("status 401"), log);
            assertFalse(log.contains(SECRET_KEY) || log.contains(PUBLIC_KEY), "keys are masked: " + log);
        }
    }

    @Test
    void aCallTooLargeForLangfuseLosesItsInputNotItsEvents() throws Exception {
        openai.on("/v1/chat/completions", json(200, Fixtures.read("openai/chat/response.json")));
        String huge = "a poem about the sea. ".repeat(60_000); // 1.3 MB: more than an event may hold
        try (var proxy = ProxyUnderTest.withConfig(dir, config("success_callback: [\"langfuse\"]"))) {
            String chat = "{\"model\":\"gpt-3.5-turbo\",\"messages\":[{\"role\":\"user\",\"content\":\"" + huge + "\"}]}";
            assertEquals(200, Http.post(proxy.url("/chat/completions"), chat).status());

            List<Map<String, Object>> events = awaitEvents(2);
            for (String type : List.of("trace-create", "generation-create")) {
                assertEquals("<truncated due to size exceeding limit>", body(events, type).get("input"), type);
                assertEquals("Hello! How can I assist you today?", ((Map<?, ?>) body(events, type).get("output")).get("content"), type);
            }
            for (var post : langfuse.received()) assertTrue(post.body().length < 2_500_000, "a batch Langfuse takes: " + post.body().length);
        }
    }

    @Test
    void eventsLangfuseRefusesInItsMultiStatusAnswerAreReported() throws Exception {
        openai.on("/v1/chat/completions", json(200, Fixtures.read("openai/chat/response.json")));
        langfuse.on(INGESTION, json(207, Fixtures.read("langfuse/ingestion-207-refused.json")));
        try (var proxy = ProxyUnderTest.withConfig(dir, config("success_callback: [\"langfuse\"]"))) {
            String log = logWhileLangfuseAnswersTwoCalls(proxy);
            assertTrue(log.contains("Langfuse refused 1 events") && log.contains("Expected string, received number"), log);
        }
    }

    /** The batches go out one after the other: once the second call's arrives, the first one's answer is logged. */
    String logWhileLangfuseAnswersTwoCalls(ProxyUnderTest proxy) throws Exception {
        return Stderr.of(() -> {
            for (int call = 1; call <= 2; call++) {
                assertEquals(200, Http.post(proxy.url("/chat/completions"), CHAT).status());
                awaitPosts(call);
            }
        });
    }

    /** The events Langfuse has received, once there are at least {@code count}. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> awaitEvents(int count) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            List<Map<String, Object>> events = new ArrayList<>();
            for (var post : langfuse.received()) events.addAll((List<Map<String, Object>>) post.json().get("batch"));
            if (events.size() >= count) return events;
            Thread.sleep(50);
        }
        throw new AssertionError("Langfuse received fewer than " + count + " events in 10 s: " + langfuse.received());
    }

    void awaitPosts(int count) throws InterruptedException {
        for (int i = 0; i < 200 && langfuse.received().size() < count; i++) Thread.sleep(50);
        assertTrue(langfuse.received().size() >= count, "Langfuse received " + langfuse.received().size() + " posts, not " + count);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> body(List<Map<String, Object>> events, String type) {
        return (Map<String, Object>) events.stream().filter(e -> type.equals(e.get("type"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " event in " + events)).get("body");
    }
}
