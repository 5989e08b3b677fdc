package litellm.e2e.proxy;

import com.sun.net.httpserver.HttpExchange;
import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.ProxyUnderTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static litellm.testing.FakeUpstream.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The router from a config.yaml, over real HTTP: deployments are fake OpenAI servers answering from
 * the openai fixtures, with faults injected (429 with Retry-After, 500, slow answers, closed ports,
 * context-length errors, streams that break).
 */
class RouterTest {
    static final String PATH = "/v1/chat/completions";
    static final String RESPONSE = Fixtures.read("openai/chat/response.json");
    static final String RECORDED_MODEL = "gpt-4o-mini-2024-07-18";
    static final String STREAM = Fixtures.read("openai/chat/stream.txt");
    static final String STREAM_ERROR = Fixtures.read("openai/errors/stream-error.txt");
    static final String ERROR_500 = Fixtures.read("openai/errors/500-server-error.json");
    static final String ERROR_429 = Fixtures.read("openai/errors/429-rate-limit.json");
    static final String CONTEXT_LENGTH = Fixtures.read("openai/errors/400-context-length-exceeded.json");
    static final String INVALID_PARAM = Fixtures.read("openai/errors/400-invalid-param.json");
    /** Weight that makes simple-shuffle pick a deployment first all but once in a million. */
    static final String FIRST = "weight: 1000000";

    @TempDir
    Path dir;
    private final List<AutoCloseable> opened = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : opened.reversed()) c.close();
    }

    // Deployments, config and requests.

    /** A fake OpenAI deployment answering the recorded chat response, saying it is {@code model}. */
    FakeUpstream upstream(String model) {
        FakeUpstream u = FakeUpstream.start().on(PATH, ok(model));
        opened.add(u);
        return u;
    }

    static FakeUpstream.Reply ok(String model) {
        return json(200, RESPONSE.replace(RECORDED_MODEL, model));
    }

    static FakeUpstream.Reply okStream(String model) {
        return FakeUpstream.sse(STREAM.replace(RECORDED_MODEL, model), 0);
    }

    /** A model_list entry: {@code openai/<model>} served by {@code u}, with more litellm_params. */
    static String deployment(String name, String model, FakeUpstream u, String... params) {
        return deployment(name, model, u.baseUrl(), params);
    }

    static String deployment(String name, String model, String base, String... params) {
        StringBuilder s = new StringBuilder("  - model_name: " + name + "\n    litellm_params:\n      model: openai/" + model
                + "\n      api_base: " + base + "/v1\n      api_key: sk-" + model + "\n");
        for (String p : params) s.append("      ").append(p).append('\n');
        return s.toString();
    }

    ProxyUnderTest proxy(String yaml) throws Exception {
        ProxyUnderTest p = ProxyUnderTest.withConfig(dir, yaml);
        opened.add(p);
        return p;
    }

    static String body(String model, boolean stream) {
        return "{\"model\":\"" + model + "\"," + (stream ? "\"stream\":true," : "") + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    static Http.Response chat(ProxyUnderTest proxy, String model) {
        return Http.post(proxy.url("/chat/completions"), body(model, false));
    }

    /** The model the answer says served it; fails the test on an error. */
    static String servedBy(Http.Response r) {
        assertEquals(200, r.status(), r.body());
        return (String) r.json().get("model");
    }

    /** Answers each request with the next reply; the last one answers all the rest. */
    static FakeUpstream.Reply inTurn(FakeUpstream.Reply... replies) {
        AtomicInteger n = new AtomicInteger();
        return exchange -> replies[Math.min(n.getAndIncrement(), replies.length - 1)].send(exchange);
    }

    /** Notes when the upstream got its latest request. */
    static FakeUpstream.Reply stamped(AtomicLong at, FakeUpstream.Reply reply) {
        return exchange -> {
            at.set(System.nanoTime());
            reply.send(exchange);
        };
    }

    static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Nested
    class Strategies {
        @Test
        void simpleShuffleFollowsTheWeights() throws Exception {
            FakeUpstream a = upstream("gpt-a"), b = upstream("gpt-b");
            var proxy = proxy("model_list:\n" + deployment("gpt", "gpt-a", a, "weight: 1") + deployment("gpt", "gpt-b", b, "weight: 3")
                    + "router_settings:\n  routing_strategy: simple-shuffle\n");
            int n = 400;
            for (int i = 0; i < n; i++) chat(proxy, "gpt");
            // b's share is binomial(400, 3/4): mean 300, sd 8.7; +-5 sd never fails by chance.
            assertEquals(n, a.received().size() + b.received().size());
            int toB = b.received().size();
            assertTrue(toB >= 257 && toB <= 343, "3/4 of 400 to the weight-3 deployment, got " + toB);
            assertEquals("gpt-b", b.last().json().get("model"));
            assertEquals("Bearer sk-gpt-b", b.last().headers().get("authorization"), "each deployment with its own key");
        }

        @Test
        void leastBusySendsToTheIdleDeploymentWhileTheOtherIsBusy() throws Exception {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch held = new CountDownLatch(1);
            AtomicInteger requests = new AtomicInteger();
            // The first request to reach either deployment is held until the test lets it go.
            FakeUpstream.Reply holdFirst = exchange -> {
                if (requests.getAndIncrement() == 0) {
                    held.countDown();
                    release.await();
                }
                ok("either").send(exchange);
            };
            FakeUpstream a = upstream("gpt-a").on(PATH, holdFirst), b = upstream("gpt-b").on(PATH, holdFirst);
            var proxy = proxy("model_list:\n" + deployment("gpt", "gpt-a", a) + deployment("gpt", "gpt-b", b)
                    + "router_settings:\n  routing_strategy: least-busy\n");
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                Future<Http.Response> slow = pool.submit(() -> chat(proxy, "gpt"));
                assertTrue(held.await(10, TimeUnit.SECONDS));
                FakeUpstream busy = a.received().size() == 1 ? a : b, idle = busy == a ? b : a;
                for (int i = 0; i < 10; i++) assertEquals(200, chat(proxy, "gpt").status());
                assertEquals(1, busy.received().size(), "nothing more to the deployment with a request in flight");
                assertEquals(10, idle.received().size());
                release.countDown();
                assertEquals(200, slow.get(10, TimeUnit.SECONDS).status());
            }
            // Both idle again: the load spreads over both.
            for (int i = 0; i < 40; i++) chat(proxy, "gpt");
            assertTrue(a.received().size() > 1 && b.received().size() > 1, a.received().size() + " / " + b.received().size());
        }

        /** The first request in a JVM loads the provider script: it must not count as a deployment's latency. */
        void warmUp() throws Exception {
            try (var warm = ProxyUnderTest.withConfig(dir, "model_list:\n" + deployment("w", "gpt-w", upstream("gpt-w")))) {
                assertEquals(200, chat(warm, "w").status());
            }
        }

        @Test
        void latencyBasedPrefersTheFasterDeployment() throws Exception {
            warmUp();
            FakeUpstream slow = upstream("gpt-slow").on(PATH, FakeUpstream.slow(300, ok("gpt-slow"))), fast = upstream("gpt-fast");
            var proxy = proxy("model_list:\n" + deployment("gpt", "gpt-slow", slow) + deployment("gpt", "gpt-fast", fast)
                    + "router_settings:\n  routing_strategy: latency-based-routing\n");
            for (int i = 0; i < 3; i++) chat(proxy, "gpt");
            assertEquals(1, slow.received().size(), "each tried once to learn its latency, then the fast one");
            for (int i = 0; i < 10; i++) assertEquals("gpt-fast", servedBy(chat(proxy, "gpt")));
            assertEquals(1, slow.received().size());
        }

        @Test
        void latencyBasedDoesNotKeepPickingADeploymentThatFailsFast() throws Exception {
            FakeUpstream failing = upstream("gpt-bad").on(PATH, json(500, ERROR_500)), good = upstream("gpt-good").on(PATH, FakeUpstream.slow(50, ok("gpt-good")));
            var proxy = proxy("model_list:\n" + deployment("gpt", "gpt-bad", failing) + deployment("gpt", "gpt-good", good)
                    + "router_settings:\n  routing_strategy: latency-based-routing\n  num_retries: 1\n  allowed_fails: 100\n");
            for (int i = 0; i < 10; i++) assertEquals("gpt-good", servedBy(chat(proxy, "gpt")));
            assertTrue(failing.received().size() <= 1, "an error is not a fast answer: " + failing.received().size() + " tries on the failing one");
        }

        @Test
        void usageBasedKeepsToEachDeploymentsRpm() throws Exception {
            FakeUpstream limited = upstream("gpt-small"), big = upstream("gpt-big");
            var proxy = proxy("model_list:\n" + deployment("gpt", "gpt-small", limited, "rpm: 2") + deployment("gpt", "gpt-big", big, "rpm: 1000")
                    + "router_settings:\n  routing_strategy: usage-based-routing\n");
            for (int i = 0; i < 10; i++) assertEquals(200, chat(proxy, "gpt").status());
            assertEquals(2, limited.received().size(), "rpm: 2 -> its third request of the minute goes elsewhere");
            assertEquals(8, big.received().size());
        }

        @Test
        void usageBasedAnswers429WithRetryAfterWhenEveryDeploymentIsAtItsLimit() throws Exception {
            FakeUpstream a = upstream("gpt-a"), b = upstream("gpt-b");
            var proxy = proxy("model_list:\n" + deployment("gpt", "gpt-a", a, "rpm: 1") + deployment("gpt", "gpt-b", b, "rpm: 1")
                    + "router_settings:\n  routing_strategy: usage-based-routing\n  num_retries: 2\n");
            assertEquals(200, chat(proxy, "gpt").status());
            assertEquals(200, chat(proxy, "gpt").status());
            assertEquals(1, a.received().size());
            var r = chat(proxy, "gpt");
            assertEquals(429, r.status(), r.body());
            assertEquals("rate_limit_error", r.error().get("type"));
            int retryAfter = Integer.parseInt(r.header("Retry-After"));
            assertTrue(retryAfter >= 1 && retryAfter <= 60, "until the minute's window ends: " + retryAfter);
            assertEquals(2, a.received().size() + b.received().size(), "nothing sent upstream");
        }

        @Test
        void usageBasedKeepsASingleDeploymentToItsRpm() throws Exception {
            FakeUpstream only = upstream("gpt-a");
            var proxy = proxy("model_list:\n" + deployment("gpt", "gpt-a", only, "rpm: 1")
                    + "router_settings:\n  routing_strategy: usage-based-routing\n");
            assertEquals(200, chat(proxy, "gpt").status());
            var r = chat(proxy, "gpt");
            assertEquals(429, r.status(), r.body());
            assertNotNull(r.header("Retry-After"));
            assertEquals(1, only.received().size());
        }
    }

    @Nested
    class Retries {
        /** The first deployment (by weight) fails as {@code fault} says; the retry lands on the second. */
        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"500", "503", "429", "timeout", "connection refused"})
        void aFailedAttemptIsRetriedOnTheOtherDeployment(String fault) throws Exception {
            FakeUpstream bad = upstream("gpt-bad"), good = upstream("gpt-good");
            String badBase = fault.equals("connection refused") ? "http://127.0.0.1:" + closedPort() : bad.baseUrl();
            FakeUpstream.Reply failure = switch (fault) {
                case "500" -> json(500, ERROR_500);
                case "503" -> json(503, Fixtures.read("openai/errors/503-overloaded.json"));
                case "429" -> json(429, ERROR_429, Map.of("Retry-After", "1"));
                default -> FakeUpstream.slow(3000, ok("gpt-bad"));
            };
            AtomicLong failedAt = new AtomicLong(System.nanoTime()), retriedAt = new AtomicLong();
            bad.on(PATH, stamped(failedAt, failure));
            good.on(PATH, stamped(retriedAt, ok("gpt-good")));
            var proxy = proxy("model_list:\n" + deployment("gpt", "gpt-bad", badBase, FIRST, "timeout: 1") + deployment("gpt", "gpt-good", good)
                    + "router_settings:\n  num_retries: 1\n");
            var r = chat(proxy, "gpt");
            assertEquals("gpt-good", servedBy(r));
            assertEquals(fault.equals("connection refused") ? 0 : 1, bad.received().size());
            assertEquals(1, good.received().size());
            assertEquals("gpt-good", good.last().json().get("model"));
            assertEquals("hi", ((Map<?, ?>) ((List<?>) good.last().json().get("messages")).get(0)).get("content"), "the same request, retried");
            long millis = (retriedAt.get() - failedAt.get()) / 1_000_000;
            long limit = fault.equals("timeout") ? 1500 : 500; // the timeout: 1 s, then at once
            assertTrue(millis < limit, "another deployment is tried at once, without waiting out a backoff: " + millis + " ms");
        }

        @Test
        void retryAfterKeepsTheDeploymentAsideForThatLong() throws Exception {
            FakeUpstream limited = upstream("gpt-limited"), other = upstream("gpt-other");
            AtomicLong limitedAt = new AtomicLong();
            limited.on(PATH, stamped(limitedAt, inTurn(json(429, ERROR_429, Map.of("Retry-After", "1")), ok("gpt-limited"))));
            var proxy = proxy("model_list:\n" + deployment("gpt", "gpt-limited", limited, FIRST) + deployment("gpt", "gpt-other", other)
                    + "router_settings:\n  num_retries: 1\n");
            assertEquals("gpt-other", servedBy(chat(proxy, "gpt")));
            for (int i = 0; i < 3; i++) assertEquals("gpt-other", servedBy(chat(proxy, "gpt")), "within its Retry-After");
            assertEquals(1, limited.received().size());
            Thread.sleep(Math.max(0, 1200 - (System.nanoTime() - limitedAt.get()) / 1_000_000));
            assertEquals("gpt-limited", servedBy(chat(proxy, "gpt")), "back after Retry-After");
        }

        @Test
        void aSingleDeploymentIsRetriedAfterItsRetryAfter() throws Exception {
            FakeUpstream only = upstream("gpt-a");
            only.on(PATH, inTurn(json(429, ERROR_429, Map.of("Retry-After", "1")), ok("gpt-a")));
            var proxy = proxy("model_list:\n" + deployment("gpt", "gpt-a", only) + "litellm_settings:\n  num_retries: 1\n");
            long start = System.nanoTime();
            assertEquals("gpt-a", servedBy(chat(proxy, "gpt")));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(2, only.received().size());
            assertTrue(millis >= 1000 && millis < 3000, "waited out Retry-After: 1, no more: " + millis + " ms");
        }

        @Test
        void retriesSpentTheLastErrorReachesTheClientWithItsRetryAfter() throws Exception {
            FakeUpstream a = upstream("gpt-a").on(PATH, json(429, ERROR_429, Map.of("Retry-After", "1")));
            FakeUpstream b = upstream("gpt-b").on(PATH, json(429, ERROR_429, Map.of("Retry-After", "1")));
            var proxy = proxy("model_list:\n" + deployment("gpt", "gpt-a", a) + deployment("gpt", "gpt-b", b)
                    + "router_settings:\n  num_retries: 1\n");
            var r = chat(proxy, "gpt");
            assertEquals(429, r.status(), r.body());
            assertEquals("rate_limit_exceeded", r.error().get("code"));
            assertNotNull(r.header("Retry-After"));
            assertEquals(1, a.received().size());
            assertEquals(1, b.received().size(), "each deployment tried once");
        }

        @Test
        void aBadRequestIsNotRetried() throws Exception {
            FakeUpstream a = upstream("gpt-a").on(PATH, json(400, INVALID_PARAM)), b = upstream("gpt-b").on(PATH, json(400, INVALID_PARAM));
            var proxy = proxy("model_list:\n" + deployment("gpt", "gpt-a", a) + deployment("gpt", "gpt-b", b)
                    + "router_settings:\n  num_retries: 3\n");
            var r = chat(proxy, "gpt");
            assertEquals(400, r.status());
            assertEquals("invalid_value", r.error().get("code"));
            assertEquals(1, a.received().size() + b.received().size());
        }

        @Test
        void noRetriesWithoutNumRetries() throws Exception {
            FakeUpstream bad = upstream("gpt-bad").on(PATH, json(500, ERROR_500)), good = upstream("gpt-good");
            var proxy = proxy("model_list:\n" + deployment("gpt", "gpt-bad", bad, FIRST) + deployment("gpt", "gpt-good", good));
            assertEquals(500, chat(proxy, "gpt").status());
            assertEquals(0, good.received().size());
        }
    }

    @Nested
    class Cooldown {
        @Test
        void aDeploymentPastAllowedFailsGetsNoTrafficForCooldownTime() throws Exception {
            FakeUpstream bad = upstream("gpt-bad").on(PATH, json(500, ERROR_500)), good = upstream("gpt-good");
            var proxy = proxy("model_list:\n" + deployment("gpt", "gpt-bad", bad, FIRST) + deployment("gpt", "gpt-good", good)
                    + "router_settings:\n  num_retries: 1\n  allowed_fails: 1\n  cooldown_time: 1.5\n");
            assertEquals("gpt-good", servedBy(chat(proxy, "gpt")));
            assertEquals("gpt-good", servedBy(chat(proxy, "gpt")));
            long cooledAt = System.nanoTime();
            assertEquals(2, bad.received().size(), "allowed_fails: 1 -> the second failure cools it down");
            for (int i = 0; i < 5; i++) assertEquals("gpt-good", servedBy(chat(proxy, "gpt")));
            assertEquals(2, bad.received().size(), "no traffic while cooling down");

            bad.on(PATH, ok("gpt-bad"));
            Thread.sleep(Math.max(0, 1600 - (System.nanoTime() - cooledAt) / 1_000_000));
            assertEquals("gpt-bad", servedBy(chat(proxy, "gpt")), "back after cooldown_time");
        }

        @Test
        void everyDeploymentCoolingDownIs429WithRetryAfter() throws Exception {
            FakeUpstream a = upstream("gpt-a").on(PATH, json(500, ERROR_500)), b = upstream("gpt-b").on(PATH, json(500, ERROR_500));
            var proxy = proxy("model_list:\n" + deployment("gpt", "gpt-a", a) + deployment("gpt", "gpt-b", b)
                    + "router_settings:\n  num_retries: 1\n  allowed_fails: 0\n  cooldown_time: 5\n");
            assertEquals(500, chat(proxy, "gpt").status());
            var r = chat(proxy, "gpt");
            assertEquals(429, r.status(), r.body());
            assertEquals("no_deployments_available", r.error().get("code"));
            int retryAfter = Integer.parseInt(r.header("Retry-After"));
            assertTrue(retryAfter >= 1 && retryAfter <= 5, "Retry-After " + retryAfter);
            assertEquals(2, a.received().size() + b.received().size());
        }

        /** LiteLLM's retry_after: without it the first retry waits 125 to 375 ms. */
        @Test
        void retryAfterIsTheLeastWaitBeforeADeploymentIsTriedAgain() throws Exception {
            List<Long> arrivals = new java.util.concurrent.CopyOnWriteArrayList<>();
            FakeUpstream.Reply replies = inTurn(json(500, ERROR_500), ok("gpt-a"));
            FakeUpstream only = upstream("gpt-a").on(PATH, exchange -> {
                arrivals.add(System.nanoTime());
                replies.send(exchange);
            });
            var proxy = proxy("model_list:\n" + deployment("gpt", "gpt-a", only) + "router_settings:\n  num_retries: 1\n  retry_after: 1\n");
            assertEquals("gpt-a", servedBy(chat(proxy, "gpt")));
            assertTrue(arrivals.get(1) - arrivals.get(0) >= 1_000_000_000L, "retried after " + (arrivals.get(1) - arrivals.get(0)) / 1e6 + " ms");
        }

        @Test
        void aSingleDeploymentIsNeverCooledDown() throws Exception {
            FakeUpstream only = upstream("gpt-a").on(PATH, inTurn(json(500, ERROR_500), json(500, ERROR_500), ok("gpt-a")));
            var proxy = proxy("model_list:\n" + deployment("gpt", "gpt-a", only)
                    + "router_settings:\n  allowed_fails: 0\n  cooldown_time: 60\n");
            assertEquals(500, chat(proxy, "gpt").status());
            assertEquals(500, chat(proxy, "gpt").status());
            assertEquals("gpt-a", servedBy(chat(proxy, "gpt")));
        }
    }

    @Nested
    class Fallbacks {
        @Test
        void retriesSpentTheFallbackModelServes() throws Exception {
            FakeUpstream small = upstream("gpt-3.5-turbo-0125").on(PATH, json(500, ERROR_500)), big = upstream("gpt-4-0613");
            var proxy = proxy("model_list:\n" + deployment("gpt-3.5", "gpt-3.5-turbo-0125", small) + deployment("gpt-4", "gpt-4-0613", big)
                    + "litellm_settings:\n  num_retries: 1\n  fallbacks: [{gpt-3.5: [gpt-4]}]\n");
            assertEquals("gpt-4-0613", servedBy(chat(proxy, "gpt-3.5")), "the answer names the model that served it");
            assertEquals(2, small.received().size(), "first the retry");
            assertEquals(1, big.received().size());
            assertEquals("gpt-4-0613", big.last().json().get("model"));
            assertEquals("Bearer sk-gpt-4-0613", big.last().headers().get("authorization"));
        }

        @Test
        void fallbacksAreTriedInOrderUntilOneServes() throws Exception {
            FakeUpstream a = upstream("gpt-a").on(PATH, json(500, ERROR_500)), b = upstream("gpt-b").on(PATH, json(429, ERROR_429)), c = upstream("gpt-c");
            var proxy = proxy("model_list:\n" + deployment("a", "gpt-a", a) + deployment("b", "gpt-b", b) + deployment("c", "gpt-c", c)
                    + "litellm_settings:\n  fallbacks: [{a: [b, c]}]\n");
            assertEquals("gpt-c", servedBy(chat(proxy, "a")));
            assertEquals(List.of(1, 1, 1), List.of(a.received().size(), b.received().size(), c.received().size()));
        }

        /** LiteLLM's default_fallbacks, in either section: the fallbacks of every model without its own. */
        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {"litellm_settings", "router_settings"})
        void defaultFallbacksServeEveryModelWithoutFallbacksOfItsOwn(String section) throws Exception {
            FakeUpstream a = upstream("gpt-a").on(PATH, json(500, ERROR_500)), b = upstream("gpt-b").on(PATH, json(500, ERROR_500)),
                    c = upstream("gpt-c"), d = upstream("gpt-d");
            var proxy = proxy("model_list:\n" + deployment("a", "gpt-a", a) + deployment("b", "gpt-b", b) + deployment("c", "gpt-c", c)
                    + deployment("d", "gpt-d", d) + section + ":\n  default_fallbacks: [c]\n"
                    + (section.equals("litellm_settings") ? "" : "litellm_settings:\n") + "  fallbacks: [{b: [d]}]\n");
            assertEquals("gpt-c", servedBy(chat(proxy, "a")), "a has no fallbacks of its own");
            assertEquals("gpt-d", servedBy(chat(proxy, "b")), "b's own fallbacks win");
            assertEquals(1, c.received().size(), "c served a alone");
            c.on(PATH, json(500, ERROR_500));
            assertEquals(500, chat(proxy, "c").status(), "c is not its own fallback");
            assertEquals(2, c.received().size());
        }

        /** An unknown fallback is skipped, not served by the default model; a request naming no model gets the default's fallbacks. */
        @ParameterizedTest(name = "{0} / {1}")
        @CsvSource(delimiter = '|', value = {
                "[no-such-model, b]|{\"model\":\"a\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "[b]|{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
        })
        void theDefaultModelServesOnlyWhatNamesNoOtherModel(String fallbacks, String request) throws Exception {
            FakeUpstream a = upstream("gpt-a").on(PATH, json(500, ERROR_500)), b = upstream("gpt-b");
            var proxy = proxy("model_list:\n" + deployment("a", "gpt-a", a) + deployment("b", "gpt-b", b)
                    + "litellm_settings:\n  fallbacks: [{a: " + fallbacks + "}]\n");
            assertEquals("gpt-b", servedBy(Http.post(proxy.url("/chat/completions"), request)));
            assertEquals(1, a.received().size());
        }

        /** A context-length error goes to the bigger model; any other 400 reaches the client, neither retried. */
        @ParameterizedTest(name = "{0}")
        @CsvSource({"400-context-length-exceeded.json, true", "400-invalid-param.json, false"})
        void onlyAContextLengthErrorGoesToTheContextWindowFallback(String fixture, boolean fallsBack) throws Exception {
            String error = Fixtures.read("openai/errors/" + fixture);
            FakeUpstream small = upstream("gpt-3.5-turbo").on(PATH, json(400, error)), big = upstream("gpt-3.5-turbo-16k");
            var proxy = proxy("model_list:\n" + deployment("gpt-3.5", "gpt-3.5-turbo", small) + deployment("gpt-3.5-16k", "gpt-3.5-turbo-16k", big)
                    + "litellm_settings:\n  num_retries: 2\n  context_window_fallbacks: [{gpt-3.5: [gpt-3.5-16k]}]\n  fallbacks: [{gpt-3.5: [gpt-3.5-16k]}]\n");
            var r = chat(proxy, "gpt-3.5");
            assertEquals(1, small.received().size(), "a 400 is not retried");
            if (fallsBack) {
                assertEquals("gpt-3.5-turbo-16k", servedBy(r));
                assertEquals(1, big.received().size());
            } else {
                assertEquals(400, r.status());
                assertEquals(((Map<?, ?>) Http.parse(error).get("error")).get("message"), r.error().get("message"));
                assertEquals(0, big.received().size());
            }
        }

        @Test
        void aContextLengthErrorWithoutContextWindowFallbacksReachesTheClient() throws Exception {
            FakeUpstream small = upstream("gpt-3.5-turbo").on(PATH, json(400, CONTEXT_LENGTH)), big = upstream("gpt-4");
            var proxy = proxy("model_list:\n" + deployment("gpt-3.5", "gpt-3.5-turbo", small) + deployment("gpt-4", "gpt-4", big));
            var r = chat(proxy, "gpt-3.5");
            assertEquals(400, r.status());
            assertEquals("context_length_exceeded", r.error().get("code"));
            assertEquals(0, big.received().size());
        }
    }

    @Nested
    class Streams {
        String content(List<String> data) {
            StringBuilder s = new StringBuilder();
            for (String d : data) {
                if (d.equals("[DONE]")) continue;
                var choices = (List<?>) Http.parse(d).get("choices");
                if (choices == null || choices.isEmpty()) continue;
                Object c = ((Map<?, ?>) ((Map<?, ?>) choices.get(0)).get("delta")).get("content");
                if (c != null) s.append(c);
            }
            return s.toString();
        }

        @Test
        void aStreamFailsOverBeforeItsFirstChunk() throws Exception {
            FakeUpstream bad = upstream("gpt-bad").on(PATH, json(500, ERROR_500)), good = upstream("gpt-good").on(PATH, okStream("gpt-good"));
            var proxy = proxy("model_list:\n" + deployment("gpt", "gpt-bad", bad, FIRST) + deployment("gpt", "gpt-good", good)
                    + "router_settings:\n  num_retries: 1\n");
            List<String> data = Http.streamData(proxy.url("/chat/completions"), body("gpt", true));
            assertEquals("[DONE]", data.getLast());
            assertEquals("Hello! How can I help?", content(data));
            assertEquals("gpt-good", Http.parse(data.getFirst()).get("model"));
            assertEquals(1, bad.received().size());
            assertEquals(true, good.last().json().get("stream"));
        }

        @Test
        void aStreamFallsBackToAnotherModelBeforeItsFirstChunk() throws Exception {
            FakeUpstream bad = upstream("gpt-a").on(PATH, json(503, Fixtures.read("openai/errors/503-overloaded.json")));
            FakeUpstream good = upstream("gpt-b").on(PATH, okStream("gpt-b"));
            var proxy = proxy("model_list:\n" + deployment("a", "gpt-a", bad) + deployment("b", "gpt-b", good)
                    + "litellm_settings:\n  fallbacks: [{a: [b]}]\n");
            List<String> data = Http.streamData(proxy.url("/chat/completions"), body("a", true));
            assertEquals("Hello! How can I help?", content(data));
            assertEquals("gpt-b", Http.parse(data.getFirst()).get("model"));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"error event", "connection dropped"})
        void aStreamThatBreaksAfterItsFirstChunkEndsWithAnErrorEventAndIsNotRetried(String how) throws Exception {
            List<String> events = FakeUpstream.events(STREAM);
            FakeUpstream.Reply breaking = how.equals("error event") ? FakeUpstream.sse(STREAM_ERROR, 0) : exchange -> dropAfter(exchange, events.subList(0, 2));
            FakeUpstream bad = upstream("gpt-bad").on(PATH, breaking), good = upstream("gpt-good").on(PATH, okStream("gpt-good"));
            FakeUpstream fallback = upstream("gpt-other").on(PATH, okStream("gpt-other"));
            var proxy = proxy("model_list:\n" + deployment("gpt", "gpt-bad", bad, FIRST) + deployment("gpt", "gpt-good", good)
                    + deployment("other", "gpt-other", fallback)
                    + "router_settings:\n  num_retries: 2\nlitellm_settings:\n  fallbacks: [{gpt: [other]}]\n");
            List<String> data = new ArrayList<>();
            var r = Http.stream(proxy.url("/chat/completions"), body("gpt", true), data::add);
            assertEquals(200, r.status());
            assertTrue(data.size() >= 2, data.toString());
            assertEquals("chat.completion.chunk", Http.parse(data.getFirst()).get("object"));
            var error = (Map<?, ?>) Http.parse(data.getLast()).get("error");
            assertNotNull(error, "an SSE error event ends the stream: " + data);
            assertFalse(data.contains("[DONE]"));
            assertEquals(1, bad.received().size());
            assertEquals(0, good.received().size(), "the other deployment was not called");
            assertEquals(0, fallback.received().size(), "nor the fallback model");
        }

        /** Sends the first events of a stream, then drops the connection mid-body. */
        static void dropAfter(HttpExchange exchange, List<String> events) throws java.io.IOException {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream; charset=utf-8");
            exchange.sendResponseHeaders(200, 1 << 20); // promises more than it sends
            OutputStream out = exchange.getResponseBody();
            for (String e : events) out.write(e.getBytes(StandardCharsets.UTF_8));
            out.flush();
            exchange.close();
        }
    }
}
