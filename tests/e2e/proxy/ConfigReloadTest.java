package litellm.e2e.proxy;

import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.ProxyUnderTest;
import litellm.testing.Stderr;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An edited config.yaml is checked and swapped in whole, with no restart and no failed request. */
class ConfigReloadTest {
    static final String CHAT = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @TempDir
    Path dir;
    FakeUpstream a;
    FakeUpstream b;

    @BeforeEach
    void start() {
        a = FakeUpstream.start().on("/v1/chat/completions", FakeUpstream.json(200, Fixtures.read("openai/chat/response.json")));
        b = FakeUpstream.start().on("/v1/chat/completions", FakeUpstream.json(200, Fixtures.read("openai/chat/response.json")));
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
    }

    String config(FakeUpstream upstream, String... extraModels) {
        StringBuilder yaml = new StringBuilder("model_list:\n");
        yaml.append("  - model_name: m\n    litellm_params: {model: openai/m, api_base: ").append(upstream.baseUrl()).append("/v1, api_key: sk-x}\n");
        for (String name : extraModels)
            yaml.append("  - model_name: ").append(name).append("\n    litellm_params: {model: offline/echo}\n");
        return yaml.toString();
    }

    @Test
    void anEditIsServedAfterReload() throws Exception {
        try (var proxy = ProxyUnderTest.withConfig(dir, config(a))) {
            assertEquals(200, Http.post(proxy.url("/chat/completions"), CHAT).status());
            proxy.writeConfig(config(b, "added"));
            assertTrue(proxy.reloadConfig());
            assertEquals(200, Http.post(proxy.url("/chat/completions"), CHAT).status());
            assertEquals(1, a.received().size());
            assertEquals(1, b.received().size(), "the edited api_base serves");
            assertTrue(Http.get(proxy.url("/models")).body().contains("\"added\""));
        }
    }

    @Test
    void aBrokenEditIsReportedAndTheRunningConfigKeepsServing() throws Exception {
        try (var proxy = ProxyUnderTest.withConfig(dir, config(a))) {
            proxy.writeConfig(config(b).replace("litellm_params", "litellm_parms"));
            String log = Stderr.of(() -> assertFalse(proxy.reloadConfig()));
            assertTrue(log.contains("config.yaml:3:5: model_list[0].litellm_parms: unknown key"), log);
            assertTrue(log.contains("the running config keeps serving"), log);
            assertEquals(200, Http.post(proxy.url("/chat/completions"), CHAT).status());
            assertEquals(1, a.received().size());
            assertTrue(b.received().isEmpty());
        }
    }

    @Test
    void aRequestInFlightFinishesOnTheConfigItStartedWith() throws Exception {
        var inFlight = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        a.on("/v1/chat/completions", exchange -> {
            inFlight.countDown();
            release.await(10, TimeUnit.SECONDS);
            FakeUpstream.json(200, Fixtures.read("openai/chat/response.json")).send(exchange);
        });
        try (var proxy = ProxyUnderTest.withConfig(dir, config(a)); var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Http.Response> slow = pool.submit(() -> Http.post(proxy.url("/chat/completions"), CHAT));
            assertTrue(inFlight.await(10, TimeUnit.SECONDS));
            proxy.writeConfig(config(b));
            assertTrue(proxy.reloadConfig());
            release.countDown();
            assertEquals(200, slow.get(10, TimeUnit.SECONDS).status());
            assertEquals(200, Http.post(proxy.url("/chat/completions"), CHAT).status());
            assertEquals(1, b.received().size());
        }
    }

    /** A reload rebuilds the router, but a deployment the edit did not change keeps its state: here, its cooldown. */
    @Test
    void aDeploymentTheEditLeftAloneKeepsItsCooldown() throws Exception {
        a.on("/v1/chat/completions", FakeUpstream.json(500, Fixtures.read("openai/errors/500-server-error.json")));
        String two = config(a) + "  - model_name: m\n    litellm_params: {model: openai/m, api_base: " + b.baseUrl() + "/v1, api_key: sk-x}\n"
                + "router_settings: {num_retries: 1, allowed_fails: 0, cooldown_time: 60}\n";
        try (var proxy = ProxyUnderTest.withConfig(dir, two)) {
            for (int i = 0; i < 20 && a.received().isEmpty(); i++) assertEquals(200, Http.post(proxy.url("/chat/completions"), CHAT).status());
            assertEquals(1, a.received().size(), "a failed once and cools down for a minute");

            proxy.writeConfig(two.replace("router_settings:", "  - model_name: added\n    litellm_params: {model: offline/echo}\nrouter_settings:"));
            assertTrue(proxy.reloadConfig());
            assertTrue(Http.get(proxy.url("/models")).body().contains("\"added\""));
            for (int i = 0; i < 10; i++) assertEquals(200, Http.post(proxy.url("/chat/completions"), CHAT).status());
            assertEquals(1, a.received().size(), "still cooling down after the reload");
        }
    }

    @Test
    void reloadsUnderConcurrentLoadFailNoRequest() throws Exception {
        try (var proxy = ProxyUnderTest.withConfig(dir, config(a)); var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var stop = new AtomicBoolean();
            var failures = new ConcurrentLinkedQueue<String>();
            var served = new AtomicInteger();
            List<Future<?>> clients = java.util.stream.IntStream.range(0, 8).<Future<?>>mapToObj(i -> pool.submit(() -> {
                for (int n = 0; n < 2_000 && !stop.get(); n++) { // bounded, whatever happens
                    var r = Http.post(proxy.url("/chat/completions"), CHAT);
                    if (r.status() != 200) failures.add(r.status() + " " + r.body());
                    else served.incrementAndGet();
                }
            })).toList();
            for (int i = 0; i < 20; i++) {
                proxy.writeConfig(config(i % 2 == 0 ? b : a, "extra" + i));
                assertTrue(proxy.reloadConfig());
                Thread.sleep(20);
            }
            stop.set(true);
            for (Future<?> c : clients) c.get(30, TimeUnit.SECONDS);
            assertEquals(List.of(), List.copyOf(failures));
            assertTrue(served.get() > 20, "load ran through the reloads: " + served.get());
            assertFalse(a.received().isEmpty() || b.received().isEmpty(), "both configs served");
        }
    }
}
