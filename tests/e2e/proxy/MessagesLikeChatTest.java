package litellm.e2e.proxy;

import litellm.testing.Configs;
import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.ProxyUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static litellm.e2e.proxy.MessagesEndpointTest.HELLO;
import static litellm.e2e.proxy.MessagesEndpointTest.anthropicError;
import static litellm.e2e.proxy.MessagesEndpointTest.events;
import static litellm.e2e.proxy.MessagesEndpointTest.hello;
import static litellm.testing.FakeUpstream.json;
import static litellm.testing.FakeUpstream.sse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cache, the callbacks with the budget, and the router serve {@code /v1/messages} as they serve chat. */
@SuppressWarnings("unchecked")
class MessagesLikeChatTest {
    @TempDir
    Path dir;

    static String cached(FakeUpstream upstream) {
        return "model_list:\n" + Configs.gpt35At(upstream)
                + "litellm_settings:\n  cache: true\n  cache_params: {type: local, namespace: messages-" + System.nanoTime() + "}\n";
    }

    @Test
    void aRepeatedRequestComesFromTheCacheWholeOrStreamed() throws Exception {
        try (FakeUpstream upstream = FakeUpstream.start().on("/v1/chat/completions", json(200, Fixtures.read("openai/chat/response.json")));
             var proxy = ProxyUnderTest.withConfig(dir, cached(upstream))) {
            Map<String, Object> first = Http.post(proxy.url("/v1/messages"), hello("")).json();
            Map<String, Object> again = Http.post(proxy.url("/v1/messages"), hello("")).json();
            assertEquals(first, again);
            assertEquals(1, upstream.received().size(), "the second came from the cache");

            var events = events(proxy.url("/v1/messages"), hello(",\"stream\":true"));
            assertEquals(1, upstream.received().size(), "so did the stream");
            assertEquals("message_start", events.get(0).name());
            assertEquals("message_stop", events.get(events.size() - 1).name());
            String text = events.stream().filter(e -> e.data().get("delta") instanceof Map<?, ?> d && d.get("text") != null)
                    .map(e -> (String) ((Map<String, Object>) e.data().get("delta")).get("text")).reduce("", String::concat);
            assertEquals("Hello! How can I assist you today?", text);

            Http.post(proxy.url("/v1/chat/completions"), "{\"model\":\"gpt-3.5-turbo\",\"max_tokens\":256,\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
            assertEquals(2, upstream.received().size(), "a chat request is another entry than the same Messages request");
        }
    }

    @Test
    void aStreamedMessageIsCachedForTheNextRequest() throws Exception {
        try (FakeUpstream upstream = FakeUpstream.start().on("/v1/chat/completions", sse(Fixtures.read("openai/chat/stream.txt"), 0));
             var proxy = ProxyUnderTest.withConfig(dir, cached(upstream))) {
            events(proxy.url("/v1/messages"), hello(",\"stream\":true"));
            Map<String, Object> whole = Http.post(proxy.url("/v1/messages"), hello("")).json();
            assertEquals(1, upstream.received().size());
            assertEquals(List.of(Map.of("type", "text", "text", "Hello! How can I help?")), whole.get("content"));
            assertEquals("end_turn", whole.get("stop_reason"));
            assertEquals(8, ((Map<String, Object>) whole.get("usage")).get("output_tokens"));
        }
    }

    @Test
    void eachCallsCostCountsAgainstTheBudget() throws Exception {
        try (FakeUpstream upstream = FakeUpstream.start().on("/v1/chat/completions", json(200, Fixtures.read("openai/chat/response.json")));
             var proxy = ProxyUnderTest.withConfig(dir, "model_list:\n" + Configs.gpt35At(upstream)
                     // not BudgetTest's 2.5 calls: a budget's spend is kept per amount, across configs
                     + "litellm_settings:\n  max_budget: " + 2.6 * BudgetTest.CALL_COST + "\n")) {
            Http.Response refused = null;
            for (int i = 0; i < 100 && refused == null; i++) {
                var r = Http.post(proxy.url("/v1/messages"), hello(""));
                if (r.status() != 200) refused = r;
                else Thread.sleep(100);
            }
            assertTrue(refused != null, "the budget never refused a call");
            assertEquals(400, refused.status());
            assertTrue(anthropicError(refused).get("message").toString().startsWith("Budget has been exceeded!"), refused.body());
            int calls = upstream.received().size();
            assertTrue(calls >= 3 && calls <= 5, "each Messages call costs what its chat call does: " + calls);
        }
    }

    @Test
    void aFailingAnthropicDeploymentFallsBackToAnOpenAiModel() throws Exception {
        try (FakeUpstream claude = FakeUpstream.start().on("/v1/messages", json(529, Fixtures.read("anthropic/messages-error-529.json")));
             FakeUpstream gpt = FakeUpstream.start().on("/v1/chat/completions", json(200, Fixtures.read("openai/chat/response.json")));
             var proxy = ProxyUnderTest.withConfig(dir, "model_list:\n  - model_name: claude\n    litellm_params: {model: anthropic/claude-sonnet-4-5, api_base: "
                     + claude.baseUrl() + ", api_key: sk-ant}\n" + Configs.gpt35At(gpt) + "litellm_settings:\n  fallbacks: [{claude: [gpt-3.5-turbo]}]\n")) {
            Map<String, Object> message = Http.post(proxy.url("/v1/messages"), HELLO.formatted("").replace("claude-sonnet-4-5", "claude")).json();
            assertEquals(List.of(Map.of("type", "text", "text", "Hello! How can I assist you today?")), message.get("content"));
            assertEquals(1, claude.received().size(), "Anthropic's own API first");
            assertEquals("/v1/chat/completions", gpt.last().path(), "then the fallback, through chat");
        }
    }
}
