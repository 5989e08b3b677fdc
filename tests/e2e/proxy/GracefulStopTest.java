package litellm.e2e.proxy;

import litellm.testing.FakeUpstream;
import litellm.testing.Http;
import litellm.testing.Launched;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SIGTERM as a container's stop sends it, to a proxy run as a user runs it, with a long stream in flight. */
class GracefulStopTest {
    private static final int CHUNKS = 40;
    /** 40 chunks 150 ms apart: 6 s, well past the 2 s drain. */
    private static final long PAUSE_MILLIS = 150;
    private static final String STREAM = "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"count\"}]}";

    @Test
    void aStreamInFlightFinishesWhileReadinessTurnsFalseAndNewConnectionsAreRefused() throws Exception {
        try (var upstream = FakeUpstream.start().on("/v1/chat/completions", FakeUpstream.sse(pacedStream(), PAUSE_MILLIS));
             var proxy = Launched.jbang(Map.of("OPENAI_API_KEY", "sk-test-graceful-stop-key"), "litellm.java", "--host", "127.0.0.1", "--port", "0",
                     "--model", "openai/gpt-4o-mini", "--api_base", upstream.baseUrl() + "/v1")) {
            int port = proxy.listeningPort();
            String base = "http://127.0.0.1:" + port;
            assertEquals(200, Http.get(base + "/health/readiness").status());

            List<String> data = new CopyOnWriteArrayList<>();
            CountDownLatch started = new CountDownLatch(1);
            var stream = CompletableFuture.supplyAsync(() -> Http.stream(base + "/chat/completions", STREAM, d -> {
                data.add(d);
                started.countDown();
            }));
            assertTrue(started.await(60, TimeUnit.SECONDS), proxy.toString());
            proxy.terminate();

            // not ready at once, while connections are still taken (the drain)
            assertEquals(503, readinessOnceStopping(base), proxy.toString());
            // then new connections are refused, the stream still running
            awaitRefused(port);
            assertFalse(stream.isDone(), "the stream was still in flight when new connections were refused");

            var r = stream.get(60, TimeUnit.SECONDS);
            assertEquals(200, r.status(), r.body());
            assertEquals("[DONE]", data.getLast());
            String text = data.stream().filter(d -> !d.equals("[DONE]")).map(GracefulStopTest::content).collect(Collectors.joining());
            assertEquals(expectedText(), text, "every chunk, in order");

            assertEquals(0, proxy.exitCode(), proxy.toString());
            List<String> stopped = proxy.out().lines().filter(l -> l.contains("Proxy stopped")).toList();
            assertEquals(1, stopped.size(), proxy.toString());
            assertTrue(stopped.getFirst().startsWith("INFO: Proxy stopped in ") && stopped.getFirst().endsWith("every request in flight finished"), proxy.out());
            assertTrue(proxy.out().lines().anyMatch(l -> l.contains("\"POST /chat/completions HTTP/1.1\" 200 OK")), "the stream's access line: " + proxy.out());
        }
    }

    /** The first readiness answer that is not 200, within the drain. */
    private static int readinessOnceStopping(String base) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        int status = 200;
        while (status == 200 && System.nanoTime() < deadline) {
            status = Http.get(base + "/health/readiness").status();
            if (status == 200) Thread.sleep(20);
        }
        return status;
    }

    private static void awaitRefused(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            } catch (ConnectException refused) {
                return;
            } catch (IOException e) {
                // a reset or a timeout: not yet a refusal
            }
            Thread.sleep(50);
        }
        throw new AssertionError("new connections were still taken 10 s after SIGTERM");
    }

    private static String content(String chunk) {
        var choice = (Map<?, ?>) ((List<?>) Http.parse(chunk).get("choices")).getFirst();
        Object content = ((Map<?, ?>) choice.get("delta")).get("content");
        return content == null ? "" : content.toString();
    }

    private static String expectedText() {
        return IntStream.range(0, CHUNKS).mapToObj(i -> "w" + i + " ").collect(Collectors.joining());
    }

    /** OpenAI's stream, one word a chunk. */
    private static String pacedStream() {
        String chunk = "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"%s\"},\"finish_reason\":%s}]}\n\n";
        StringBuilder raw = new StringBuilder();
        for (int i = 0; i < CHUNKS; i++) raw.append(chunk.formatted("w" + i + " ", "null"));
        raw.append(chunk.formatted("", "\"stop\""));
        return raw.append("data: [DONE]\n\n").toString();
    }
}
