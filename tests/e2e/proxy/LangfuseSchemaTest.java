package litellm.e2e.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import litellm.openai.TokenCounter;
import litellm.testing.Configs;
import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.ProxyUnderTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static litellm.testing.FakeUpstream.json;
import static litellm.testing.FakeUpstream.sse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every event the Langfuse callback sends passes Langfuse's own ingestion schema (the zod schemas its server parses
 * each event of a batch with, written down as JSON Schema in tests/fixtures/langfuse/ingestion-event.schema.json):
 * successes, failures, streams without usage and cache hits; a stream's tokens are counted when the upstream reported none.
 */
class LangfuseSchemaTest {
    static final String INGESTION = "/api/public/ingestion";
    static final JsonSchema EVENT = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(Fixtures.read("langfuse/ingestion-event.schema.json"));
    static final ObjectMapper JSON = new ObjectMapper();
    static final String CHAT = """
            {"model":"gpt-3.5-turbo","messages":[{"role":"user","content":"%s"}],"temperature":0.2,"user":"u-42",
             "metadata":{"session_id":%s,"tags":"prod","version":3,"trace_id":""}}""";

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

    @Test
    void everyEventOfSuccessesFailuresStreamsWithoutUsageAndCacheHitsPassesLangfusesSchema() throws Exception {
        String config = """
                environment_variables:
                  LANGFUSE_HOST: %s
                  LANGFUSE_PUBLIC_KEY: pk-lf-test
                  LANGFUSE_SECRET_KEY: sk-lf-test
                model_list:
                %slitellm_settings:
                  success_callback: ["langfuse"]
                  failure_callback: ["langfuse"]
                  cache: true
                  cache_params: {type: local, namespace: %s}
                """.formatted(langfuse.baseUrl(), Configs.gpt35At(openai), UUID.randomUUID());
        try (var proxy = ProxyUnderTest.withConfig(dir, config)) {
            openai.on("/v1/chat/completions", json(200, Fixtures.read("openai/chat/response.json")));
            String whole = CHAT.formatted("write a short poem", "7");
            assertEquals(200, Http.post(proxy.url("/chat/completions"), whole).status(), "a success");
            assertEquals(200, Http.post(proxy.url("/chat/completions"), whole).status(), "a cache hit");
            openai.on("/v1/chat/completions", sse(Fixtures.read("openai/chat/stream-no-usage.txt"), 0));
            String streamed = CHAT.formatted("write a longer poem", "\"s-1\"").replace("\"temperature\"", "\"stream\":true,\"temperature\"");
            assertEquals(200, Http.stream(proxy.url("/chat/completions"), streamed, d -> {}).status(), "a stream without usage");
            openai.on("/v1/chat/completions", json(429, Fixtures.read("openai/errors/429-rate-limit.json")));
            assertEquals(429, Http.post(proxy.url("/chat/completions"), CHAT.formatted("fail", "null")).status(), "a failure");

            List<JsonNode> events = awaitEvents(8);
            List<String> refused = new ArrayList<>();
            for (JsonNode event : events) {
                var errors = EVENT.validate(event);
                if (!errors.isEmpty()) refused.add(event.path("type").asText() + " " + errors + ": " + event);
            }
            assertTrue(refused.isEmpty(), "events Langfuse would refuse:\n" + String.join("\n", refused));

            List<JsonNode> generations = events.stream().filter(e -> e.path("type").asText().equals("generation-create")).map(e -> e.get("body")).toList();
            assertEquals(4, generations.size(), events.toString());
            JsonNode failed = generations.stream().filter(g -> g.path("level").asText().equals("ERROR")).findFirst().orElseThrow();
            assertFalse(failed.path("id").asText().isEmpty(), "a failure's generation has an id: " + failed);
            assertTrue(failed.path("statusMessage").asText().contains("Rate limit"), failed.toString());

            JsonNode stream = generations.stream().filter(g -> g.has("completionStartTime")).findFirst().orElseThrow();
            JsonNode usage = stream.get("usage");
            String answer = stream.path("output").path("content").asText();
            assertTrue(answer.length() > 10, stream.toString());
            int prompt = TokenCounter.countMessages(List.of(Map.of("role", "user", "content", "write a longer poem")));
            assertEquals(prompt, usage.path("input").asInt(), "the prompt's tokens, counted: " + usage);
            assertEquals(TokenCounter.count(answer), usage.path("output").asInt(), "the answer's tokens, counted: " + usage);
            assertTrue(usage.path("output").asInt() > 0, usage.toString());
            assertEquals(usage.path("input").asInt() + usage.path("output").asInt(), usage.path("total").asInt());
            double cost = prompt * 1.5e-7 + TokenCounter.count(answer) * 6.0e-7; // gpt-4o-mini's prices, as the budget counts them
            assertEquals(cost, usage.path("totalCost").asDouble(), 1e-15);
        }
    }

    /** The schema refuses what Langfuse refuses: the test would catch the events it used to miss. */
    @Test
    void theSchemaRefusesAGenerationWithoutIdAndATimeWithoutItsZone() throws Exception {
        String good = """
                {"id":"e-1","type":"generation-create","timestamp":"2026-01-02T03:04:05.123456789Z",
                 "body":{"id":"g-1","traceId":"t-1","startTime":"2026-01-02T03:04:05Z","level":"ERROR","statusMessage":"boom",
                         "usage":{"input":3,"output":4,"total":7,"unit":"TOKENS","totalCost":0.1}}}""";
        assertEquals(0, EVENT.validate(JSON.readTree(good)).size(), EVENT.validate(JSON.readTree(good)).toString());
        for (String bad : List.of(good.replace("\"id\":\"g-1\",", ""), good.replace("05Z\"", "05\""),
                good.replace("\"level\":\"ERROR\"", "\"level\":\"error\""), good.replace("\"input\":3", "\"input\":3.5"),
                good.replace("generation-create", "generation-created"), good.replace("\"traceId\":\"t-1\"", "\"traceId\":\"\"")))
            assertFalse(EVENT.validate(JSON.readTree(bad)).isEmpty(), "refused: " + bad);
    }

    List<JsonNode> awaitEvents(int count) throws Exception {
        for (int i = 0; i < 200; i++) {
            List<JsonNode> events = new ArrayList<>();
            for (var post : langfuse.received()) {
                JsonNode batch = JSON.readTree(post.body()).get("batch");
                assertTrue(batch != null && batch.isArray(), "Langfuse's batch is an array: " + post.text());
                batch.forEach(events::add);
            }
            if (events.size() >= count) return events;
            Thread.sleep(50);
        }
        throw new AssertionError("Langfuse received fewer than " + count + " events in 10 s: " + langfuse.received());
    }
}
