package litellm.e2e.proxy;

import litellm.testing.Configs;
import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.Launched;
import litellm.testing.NginxServer;
import litellm.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static litellm.testing.FakeUpstream.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two proxies started as users start them, on one config with router_settings.redis_* and one real redis-server:
 * they keep a deployment to its rpm together, skip a deployment the other cooled down, spend one budget, and when
 * Redis stops and comes back under load no call fails.
 */
class SharedRouterTest {
    static final String RESPONSE = Fixtures.read("openai/chat/response.json");
    static final String CHAT = "{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @TempDir
    Path dir;
    RedisServer redis;
    private final List<AutoCloseable> opened = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisServer.start();
        opened.add(redis);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : opened.reversed()) c.close();
    }

    FakeUpstream upstream(FakeUpstream.Reply reply) {
        FakeUpstream u = FakeUpstream.start().on("/v1/chat/completions", reply);
        opened.add(u);
        return u;
    }

    static String deployment(String model, FakeUpstream u, String... params) {
        StringBuilder s = new StringBuilder("  - model_name: gpt\n    litellm_params:\n      model: openai/" + model + "\n      api_base: "
                + u.baseUrl() + "/v1\n      api_key: sk-" + model + "\n");
        for (String p : params) s.append("      ").append(p).append('\n');
        return s.toString();
    }

    String routerSettings(String... settings) {
        StringBuilder s = new StringBuilder("router_settings:\n  redis_host: 127.0.0.1\n  redis_port: " + redis.port() + "\n");
        for (String setting : settings) s.append("  ").append(setting).append('\n');
        return s.toString();
    }

    /** Two proxies on {@code yaml}, each in its own process; the URL of each one's /chat/completions. */
    List<String> twoProxies(String yaml) throws Exception {
        Path config = Files.writeString(dir.resolve("config.yaml"), yaml);
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 2; i++) { // one after the other: the first start may build what both run
            Launched proxy = Launched.jbang(Map.of(), "litellm.java", "--config", config.toString(), "--host", "127.0.0.1", "--port", "0");
            opened.add(proxy);
            launched.add(proxy);
            urls.add("http://127.0.0.1:" + proxy.listeningPort() + "/chat/completions");
        }
        return urls;
    }

    private final List<Launched> launched = new ArrayList<>();

    /** Sleeps past the turn of the minute when it is near: a minute's counts start again then. */
    static void awayFromTheMinutesEnd(int secondsNeeded) throws InterruptedException {
        long intoMinute = System.currentTimeMillis() % 60_000;
        if (intoMinute > 60_000 - secondsNeeded * 1000L) Thread.sleep(60_000 - intoMinute + 500);
    }

    @Test
    void aDeploymentsRpmHoldsAcrossBothInstances() throws Exception {
        FakeUpstream only = upstream(json(200, RESPONSE));
        List<String> proxies = twoProxies("model_list:\n" + deployment("gpt-a", only, "rpm: 10")
                + routerSettings("routing_strategy: usage-based-routing"));
        awayFromTheMinutesEnd(15);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 16; i++) statuses.add(Http.post(proxies.get(i % 2), CHAT).status());
        assertEquals(10, statuses.stream().filter(s -> s == 200).count(), "rpm: 10 across both: " + statuses);
        assertEquals(6, statuses.stream().filter(s -> s == 429).count(), statuses.toString());
        assertEquals(10, only.received().size());
    }

    @Test
    void twoInstancesBehindNginxServeADeploymentsRpmOnce() throws Exception {
        assumeTrue(NginxServer.binary() != null, "needs nginx: install nginx (apt-get install nginx; .ci/run does)");
        FakeUpstream only = upstream(json(200, RESPONSE));
        twoProxies("model_list:\n" + deployment("gpt-a", only, "rpm: 10") + routerSettings("routing_strategy: usage-based-routing"));
        NginxServer nginx = NginxServer.balancing(launched.stream().map(Launched::listeningPort).toList());
        opened.add(nginx);
        awayFromTheMinutesEnd(15);
        List<Http.Response> answers = new ArrayList<>();
        for (int i = 0; i < 16; i++) answers.add(Http.post(nginx.baseUrl() + "/chat/completions", CHAT));
        List<Integer> statuses = answers.stream().map(Http.Response::status).toList();
        assertEquals(10, statuses.stream().filter(s -> s == 200).count(), "rpm: 10 across both, behind one address: " + statuses);
        assertEquals(10, only.received().size());
        for (Http.Response refused : answers.stream().filter(a -> a.status() != 200).toList()) {
            assertEquals(429, refused.status(), refused.body());
            assertTrue(refused.header("retry-after") != null, "a client behind the balancer is told when to retry: " + refused.body());
        }
        for (Launched proxy : launched) // nginx spread the calls: each instance served some (its access log says)
            assertTrue(proxy.out().contains("/chat/completions HTTP/1.1\" 200"), "each instance served calls: " + proxy);
    }

    @Test
    void aDeploymentCooledDownOnOneInstanceIsSkippedByTheOtherWithinASecond() throws Exception {
        FakeUpstream failing = upstream(json(500, Fixtures.read("openai/errors/500-server-error.json")));
        FakeUpstream good = upstream(json(200, RESPONSE));
        // Simple-shuffle would send the failing one nearly every request, were it not cooling down.
        List<String> proxies = twoProxies("model_list:\n" + deployment("gpt-failing", failing, "weight: 1000000") + deployment("gpt-good", good, "weight: 1")
                + routerSettings("allowed_fails: 0", "cooldown_time: 60", "num_retries: 1"));
        assertEquals(200, Http.post(proxies.get(0), CHAT).status(), "the failure is retried on the good one");
        assertEquals(1, failing.received().size());
        Thread.sleep(1000);
        for (int i = 0; i < 10; i++) assertEquals(200, Http.post(proxies.get(1), CHAT).status());
        assertEquals(1, failing.received().size(), "the other instance never tried the deployment cooling down");
        assertEquals(11, good.received().size());
    }

    @Test
    void leastBusyCountsTheOtherInstancesRequestsInFlight() throws Exception {
        FakeUpstream one = upstream(FakeUpstream.slow(1500, json(200, RESPONSE))), two = upstream(FakeUpstream.slow(1500, json(200, RESPONSE)));
        List<String> proxies = twoProxies("model_list:\n" + deployment("gpt-one", one) + deployment("gpt-two", two)
                + routerSettings("routing_strategy: least-busy"));
        // Alone, the second instance would pick either (both idle in its own eyes): five rounds leave 1 in 32 to chance.
        for (int round = 1; round <= 5; round++) {
            var first = Thread.ofVirtual().start(() -> Http.post(proxies.get(0), CHAT));
            while (one.received().size() + two.received().size() < 2 * round - 1) Thread.sleep(10);
            Thread.sleep(600); // the first instance's sync has told Redis
            boolean firstOnOne = one.received().size() == round;
            assertEquals(200, Http.post(proxies.get(1), CHAT).status());
            first.join();
            assertEquals(round, (firstOnOne ? two : one).received().size(), "round " + round + ": the idle deployment took the second call");
        }
    }

    @Test
    void theBudgetIsSpentByBothInstancesTogether() throws Exception {
        FakeUpstream openai = upstream(json(200, RESPONSE));
        double callCost = 19 * 1.5e-7 + 10 * 6.0e-7; // gpt-4o-mini's prices times the fixture's usage
        List<String> proxies = twoProxies("model_list:\n" + Configs.gpt35At(openai) + routerSettings()
                + "litellm_settings:\n  max_budget: " + 2.5 * callCost + "\n");
        String chat = CHAT.replace("\"gpt\"", "\"gpt-3.5-turbo\"");
        int served = 0;
        while (Http.post(proxies.get(0), chat).status() == 200 && served < 20) {
            served++;
            Thread.sleep(100);
        }
        // each call's cost is counted just after it (off the calls' path): on a busy machine a few more may pass
        assertTrue(served >= 3 && served < 20, "the first instance spends the budget: " + served);
        Thread.sleep(1000);
        var refused = Http.post(proxies.get(1), chat);
        assertEquals(400, refused.status(), "the other instance has seen the spend: " + refused.body());
        assertEquals("budget_exceeded", refused.error().get("type"));
    }

    @Test
    void redisStoppedAndStartedAgainUnderLoadFailsNoCall() throws Exception {
        FakeUpstream a = upstream(json(200, RESPONSE)), b = upstream(json(200, RESPONSE));
        List<String> proxies = twoProxies("model_list:\n" + deployment("gpt-a", a, "rpm: 1000000") + deployment("gpt-b", b, "rpm: 1000000")
                + routerSettings("routing_strategy: usage-based-routing"));
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger calls = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        List<Thread> load = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            String url = proxies.get(t % 2);
            load.add(Thread.ofVirtual().start(() -> {
                while (running.get()) {
                    var r = Http.post(url, CHAT);
                    calls.incrementAndGet();
                    if (r.status() != 200) failures.add(r.status() + " " + r.body());
                }
            }));
        }
        awaitMoreCalls(calls, 20);
        redis.close();
        for (Launched proxy : launched) awaitLog(proxy, "does not answer");
        awaitMoreCalls(calls, 20);
        redis.restart();
        for (Launched proxy : launched) awaitLog(proxy, "answers again");
        awaitMoreCalls(calls, 20);
        running.set(false);
        for (Thread t : load) t.join();
        assertTrue(failures.isEmpty(), failures.size() + " of " + calls.get() + " calls failed, the first: " + failures.peek());
        for (Launched proxy : launched) {
            assertEquals(1, occurrences(proxy.err(), "does not answer"), "said once: " + proxy.err());
            assertEquals(1, occurrences(proxy.err(), "answers again"), proxy.err());
        }
        assertTrue(redis.keys() > 0, "the instances write to Redis again");
    }

    /** Waits (a minute at most, on a busy machine) until {@code n} more calls have been answered. */
    static void awaitMoreCalls(AtomicInteger calls, int n) throws InterruptedException {
        int target = calls.get() + n;
        for (int i = 0; i < 600 && calls.get() < target; i++) Thread.sleep(100);
        assertTrue(calls.get() >= target, "calls went on: " + calls.get() + " of " + target);
    }

    static void awaitLog(Launched proxy, String text) throws InterruptedException {
        for (int i = 0; i < 100 && !proxy.err().contains(text); i++) Thread.sleep(100);
        assertTrue(proxy.err().contains(text), proxy.err());
    }

    static int occurrences(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }
}
