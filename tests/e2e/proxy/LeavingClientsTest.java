package litellm.e2e.proxy;

import com.sun.management.HotSpotDiagnosticMXBean;
import litellm.config.ConfigError;
import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.ProxyUnderTest;
import litellm.testing.RawHttp;
import litellm.testing.RawUpstream;
import litellm.testing.Stderr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clients that leave or dawdle, over real sockets. The upstream call made for a client that closed its connection is
 * cut at once, whether the proxy relays a stream or waits for a whole answer, on the thread that took the request or
 * on a virtual thread (past 64 calls at once); it is not retried. A client that trickles its request's head or body
 * is cut at general_settings.client_header_timeout / client_body_timeout, holding no thread meanwhile, and the proxy
 * serves on.
 */
class LeavingClientsTest {
    private static final String CHAT = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
    private static final String EVENT = FakeUpstream.events(Fixtures.read("openai/chat/stream-no-usage.txt")).get(1);
    /**
     * How soon after the client left the upstream must see its connection closed. The proxy learns of the close from
     * the kernel (Jetty's selector wakes on the client's FIN) and closes the upstream socket then: 1 to 10 ms on this
     * 2-core machine while other test suites ran beside it. The rest of the bound is room for a GC pause or a busy core.
     */
    private static final long BOUND_MILLIS = 100;
    /** Calls held at the upstream so that the next one runs on a virtual thread: ProxyServer serves 64 on platform threads. */
    private static final int PLATFORM_CALLS = 64;

    @ParameterizedTest(name = "with {0} calls waiting")
    @ValueSource(ints = {0, PLATFORM_CALLS})
    void aClientThatLeavesAStreamClosesTheUpstreamStreamAtOnce(int waiting) throws Exception {
        // One event a second: a proxy that noticed the client only when a write to it failed would take seconds
        try (NotingUpstream upstream = new NotingUpstream(RawUpstream.streamUntilClosed(EVENT, 1_000));
             ProxyUnderTest proxy = ProxyUnderTest.serving("openai", "gpt-4o-mini", upstream.baseUrl() + "/v1", "sk-test");
             Held held = hold(waiting, upstream, proxy, CHAT + ",\"stream\":true}")) {
            String log = Stderr.of(() -> {
                long left;
                try (Socket client = send(proxy, CHAT + ",\"stream\":true}")) {
                    var in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
                    for (String line; (line = in.readLine()) != null && !line.startsWith("data: "); ) { } // the first chunk, then away
                    left = System.nanoTime();
                }
                assertClosedWithinBound(left, upstream);
                assertServesOnWithoutRetry(upstream, proxy, waiting);
            });
            assertNoErrorInTheLog(log);
        }
    }

    @ParameterizedTest(name = "with {0} calls waiting")
    @ValueSource(ints = {0, PLATFORM_CALLS})
    void aClientThatLeavesWhileTheProxyWaitsForAWholeAnswerClosesTheUpstreamCallAtOnce(int waiting) throws Exception {
        try (NotingUpstream upstream = new NotingUpstream(RawUpstream.writeThenHang(""));
             ProxyUnderTest proxy = ProxyUnderTest.serving("openai", "gpt-4o-mini", upstream.baseUrl() + "/v1", "sk-test");
             Held held = hold(waiting, upstream, proxy, CHAT + "}")) {
            String log = Stderr.of(() -> {
                long left;
                try (Socket client = send(proxy, CHAT + "}")) {
                    upstream.awaitRequest(); // the proxy waits for the answer, then away
                    left = System.nanoTime();
                }
                assertClosedWithinBound(left, upstream);
                assertServesOnWithoutRetry(upstream, proxy, waiting);
            });
            assertNoErrorInTheLog(log);
        }
    }

    /**
     * A long answer the proxy passes through as it arrives (more than a megabyte, OpenAI's format): its client leaving
     * in the middle closes the upstream call as at once as when it leaves before the answer starts.
     */
    @Test
    void aClientThatLeavesALongAnswerPassedThroughClosesTheUpstreamCallAtOnce() throws Exception {
        String start = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\""
                + "x".repeat(2 << 20);
        String head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
        try (NotingUpstream upstream = new NotingUpstream(RawUpstream.writeThenHang(head + Integer.toHexString(start.length()) + "\r\n" + start + "\r\n"));
             ProxyUnderTest proxy = ProxyUnderTest.serving("openai", "gpt-4o-mini", upstream.baseUrl() + "/v1", "sk-test")) {
            String log = Stderr.of(() -> {
                long left;
                try (Socket client = send(proxy, CHAT + "}")) {
                    upstream.awaitRequest();
                    byte[] passed = client.getInputStream().readNBytes(1 << 20); // the answer's first megabyte, passed on
                    assertTrue(new String(passed, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200"), "the answer started");
                    left = System.nanoTime();
                }
                assertClosedWithinBound(left, upstream);
            });
            assertNoErrorInTheLog(log);
        }
    }

    /** Clients whose calls the upstream holds, until they are closed. */
    /**
     * A FIN is all the proxy sees of a client that left, and a client that only closes its sending side (an HTTP
     * half-close) sends one too: it is taken for one that left, as nginx and LiteLLM's server (uvicorn) take it. Should
     * it still read, it learns why: a 499 in OpenAI's shape, not an empty 200.
     */
    @Test
    void aClientThatClosesItsSendingSideIsTakenForOneThatLeftAndReadsA499() throws Exception {
        try (NotingUpstream upstream = new NotingUpstream(RawUpstream.writeThenHang(""));
             ProxyUnderTest proxy = ProxyUnderTest.serving("openai", "gpt-4o-mini", upstream.baseUrl() + "/v1", "sk-test");
             Socket client = send(proxy, CHAT + "}")) {
            upstream.awaitRequest();
            long left = System.nanoTime();
            client.shutdownOutput();
            assertClosedWithinBound(left, upstream);
            RawHttp.Answer answer = RawHttp.read(client);
            assertEquals(499, answer.status(), answer.toString());
            assertEquals("client_closed_request", answer.error().get("type"));
        }
    }

    /** A {@link RawUpstream} that notes when each request arrived, and when the proxy closed each connection. */
    private static final class NotingUpstream implements AutoCloseable {
        private final BlockingQueue<Long> requests = new LinkedBlockingQueue<>();
        private final BlockingQueue<Long> closes = new LinkedBlockingQueue<>();
        private final RawUpstream raw;

        /** {@code answer} must return when the proxy closes the connection (and not before). */
        NotingUpstream(RawUpstream.Misbehaviour answer) {
            raw = RawUpstream.start(socket -> {
                requests.add(System.nanoTime());
                try {
                    answer.on(socket);
                } finally {
                    closes.add(System.nanoTime());
                }
            });
        }

        String baseUrl() {
            return raw.baseUrl();
        }

        /** Waits for the next request to arrive whole. */
        void awaitRequest() throws InterruptedException {
            next(requests, "no request reached the upstream");
        }

        /** Waits for the proxy to close the next connection; the {@link System#nanoTime()} at which the upstream saw it closed. */
        long awaitClose() throws InterruptedException {
            return next(closes, "the proxy did not close its connection to the upstream");
        }

        /** The calls made to it: one connection each, as the proxy's pooled connections were all busy or closed. */
        int calls() {
            return raw.accepted();
        }

        private static long next(BlockingQueue<Long> queue, String failure) throws InterruptedException {
            Long at = queue.poll(30, TimeUnit.SECONDS);
            if (at == null) throw new AssertionError(failure + " within 30 s");
            return at;
        }

        @Override
        public void close() {
            raw.close();
        }
    }

    private record Held(List<Socket> clients) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            for (Socket c : clients) c.close();
        }
    }

    /**
     * The watch reads the connection while a call waits: a client that sends its next request ahead (HTTP pipelining)
     * has not left. Those bytes go back to the connection, and both requests are answered, in order.
     */
    @Test
    void aRequestSentAheadWhileACallWaitsIsServedNext() throws Exception {
        try (FakeUpstream upstream = FakeUpstream.start();
             ProxyUnderTest proxy = ProxyUnderTest.serving("openai", "gpt-4o-mini", upstream.baseUrl() + "/v1", "sk-test")) {
            String answer = Fixtures.read("openai/chat/response.json");
            upstream.on("/v1/chat/completions", FakeUpstream.slow(500, FakeUpstream.json(200, answer)));
            try (Socket client = send(proxy, CHAT + "}")) {
                Thread.sleep(200); // the first call waits on the upstream, its connection watched
                client.getOutputStream().write(("GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                RawHttp.Answer first = RawHttp.read(client);
                assertEquals(200, first.status(), first.body());
                assertTrue(first.body().contains("chat.completion"), first.body());
                RawHttp.Answer next = RawHttp.read(client);
                assertEquals(200, next.status(), "the request sent ahead is answered next: " + next);
                assertTrue(next.body().contains("\"object\":\"list\""), next.body());
            }
            assertEquals(1, upstream.received().size());
        }
    }

    /** {@code waiting} calls sent and arrived at the upstream, which holds them: the next call runs on a virtual thread. */
    private static Held hold(int waiting, NotingUpstream upstream, ProxyUnderTest proxy, String body) throws Exception {
        Held held = new Held(new ArrayList<>());
        for (int i = 0; i < waiting; i++) held.clients().add(send(proxy, body));
        for (int i = 0; i < waiting; i++) upstream.awaitRequest();
        return held;
    }

    private static void assertClosedWithinBound(long left, NotingUpstream upstream) throws InterruptedException {
        long closed = upstream.awaitClose();
        long millis = (closed - left) / 1_000_000;
        System.out.println("the upstream saw its connection closed " + (closed - left) / 1000 + " µs after the client left");
        assertTrue(millis <= BOUND_MILLIS, "the upstream call was closed " + millis + " ms after the client left; expected at most " + BOUND_MILLIS);
    }

    private static void assertNoErrorInTheLog(String log) {
        assertFalse(log.contains("ERROR") || log.contains("WARN") || log.contains("\tat "), "a client that leaves is no error of the proxy's: " + log);
    }

    /** The proxy answers on, and made no second call for the client that left (that is no failure to retry). */
    private static void assertServesOnWithoutRetry(NotingUpstream upstream, ProxyUnderTest proxy, int waiting) throws InterruptedException {
        assertEquals(200, Http.get(proxy.url("/health/liveliness")).status(), "the proxy serves on");
        Thread.sleep(200); // time for a retry to reach the upstream, were there one
        assertEquals(waiting + 1, upstream.calls(), "no retry for a client that left");
    }

    /** A client on a raw socket, so that it can leave at any moment: the request is sent, nothing read yet. */
    private static Socket send(ProxyUnderTest proxy, String body) throws IOException {
        Socket socket = new Socket("127.0.0.1", proxy.port());
        socket.setSoTimeout(10_000);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().write(bytes);
        return socket;
    }

    // ---- clients that trickle

    /** The head of a request cut before its end, and the start of a body, to trickle the rest of. */
    private static final String HEAD_START = "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n";
    private static final String BODY_START = HEAD_START + "Content-Length: 1000\r\n\r\n" + CHAT + ",\"user\":\"";
    /** A byte every 100 ms: never idle for long, and hours from sending a whole head (8 KB at most) or this 1000-byte body. */
    private static final long TRICKLE_MILLIS = 100;

    @Test
    void aHeadThatTricklesIsCutAtClientHeaderTimeout(@TempDir Path dir) throws Exception {
        assertTrickleIsCut(dir, HEAD_START + "X-Slow: ", "client_header_timeout");
    }

    @Test
    void aBodyThatTricklesIsCutAtClientBodyTimeout(@TempDir Path dir) throws Exception {
        assertTrickleIsCut(dir, BODY_START, "client_body_timeout");
    }

    /** Jetty waits for a body's first bytes before it hands the request on: that wait is the body's time too. */
    @Test
    void aBodyThatNeverStartsIs408AtClientBodyTimeout(@TempDir Path dir) throws Exception {
        try (FakeUpstream upstream = FakeUpstream.start(); ProxyUnderTest proxy = withTimeouts(dir, upstream);
             Socket client = new Socket("127.0.0.1", proxy.port())) {
            client.setSoTimeout(20_000);
            long begun = System.nanoTime();
            client.getOutputStream().write((HEAD_START + "Content-Length: 100\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            RawHttp.Answer answer = read(client);
            long millis = (System.nanoTime() - begun) / 1_000_000;
            assertEquals(408, answer.status(), answer.toString());
            assertTrue(answer.body().contains("(general_settings.client_body_timeout)"), answer.body());
            assertTrue(millis >= 900 && millis < 5_000, "answered after " + millis + " ms; the timeout is 1 s");
        }
    }

    /** As the command line runs it: an edit of the config file changes the timeouts for the requests after it. */
    @Test
    void aReloadedConfigChangesTheClientTimeouts(@TempDir Path dir) throws Exception {
        try (FakeUpstream upstream = FakeUpstream.start(); ProxyUnderTest proxy = withTimeouts(dir, upstream)) {
            proxy.writeConfig(config(upstream, 3));
            assertTrue(proxy.reloadConfig());
            assertCut(proxy, HEAD_START + "X-Slow: ", 3, "client_header_timeout");
        }
    }

    @Test
    void theClientTimeoutsAreAMinuteByDefaultAndMustBePositiveSeconds() throws Exception {
        String models = "model_list:\n  - model_name: m\n    litellm_params: {model: openai/gpt-4o-mini}\n";
        var limits = HttpErrorsTest.config(models).settings().clients();
        assertEquals(Duration.ofSeconds(60), limits.headerTimeout());
        assertEquals(Duration.ofSeconds(60), limits.bodyTimeout());
        limits = HttpErrorsTest.config(models + "general_settings: {client_header_timeout: 2.5, client_body_timeout: 120}\n").settings().clients();
        assertEquals(Duration.ofMillis(2_500), limits.headerTimeout());
        assertEquals(Duration.ofSeconds(120), limits.bodyTimeout());
        for (String key : List.of("client_header_timeout", "client_body_timeout"))
            for (String value : List.of("0", "-1", "soon")) {
                var e = assertThrows(ConfigError.class,
                        () -> HttpErrorsTest.config(models + "general_settings: {" + key + ": " + value + "}\n"));
                assertTrue(e.getMessage().contains("general_settings." + key), e.getMessage());
            }
    }

    private static void assertTrickleIsCut(Path dir, String start, String setting) throws Exception {
        try (FakeUpstream upstream = FakeUpstream.start(); ProxyUnderTest proxy = withTimeouts(dir, upstream)) {
            assertCut(proxy, start, 1, setting);
        }
    }

    /** A client that sends {@code start}, then trickles, is cut after {@code seconds} (and not much later), and the proxy serves on. */
    private static void assertCut(ProxyUnderTest proxy, String start, int seconds, String setting) throws Exception {
        long begun = System.nanoTime();
        RawHttp.Answer answer = trickle(proxy, start).get(30, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - begun) / 1_000_000;
        assertTrue(millis >= seconds * 1000L - 100 && millis < seconds * 1000L + 4_000, "cut after " + millis + " ms; the timeout is " + seconds + " s");
        // A 408 in OpenAI's shape, or the connection closed: the client went on sending, so its answer may be lost in a reset
        if (answer.answered()) {
            assertEquals(408, answer.status(), answer.toString());
            assertEquals("timeout", answer.error().get("type"), answer.body());
            assertTrue(answer.error().get("message").toString().contains("(general_settings." + setting + ")"), answer.body());
        }
        assertEquals(200, Http.post(proxy.url("/v1/chat/completions"), CHAT + "}").status(), "the proxy serves on");
    }

    /**
     * Twenty clients trickle their heads and twenty their bodies, all at once: not one thread (platform or virtual)
     * waits for any of them; a thread dump that includes virtual threads finds none waiting in the proxy's server code
     * (a proxy that read bodies with blocking reads would show twenty, parked in ProxyServer's read of the body).
     */
    @Test
    void clientsThatTrickleHoldNoThread(@TempDir Path dir) throws Exception {
        try (FakeUpstream upstream = FakeUpstream.start(); ProxyUnderTest proxy = withTimeouts(dir, upstream)) {
            List<Future<RawHttp.Answer>> clients = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                clients.add(trickle(proxy, HEAD_START + "X-Slow: "));
                clients.add(trickle(proxy, BODY_START));
            }
            Thread.sleep(500); // every client has sent its start, and trickles on; each body's request has been dispatched
            List<String> waiting = threadsWaitingIn("litellm.server.", dir);
            assertTrue(waiting.isEmpty(), "threads wait for clients that trickle: " + waiting);
            for (var c : clients) c.get(30, TimeUnit.SECONDS);
            assertEquals(200, Http.post(proxy.url("/v1/chat/completions"), CHAT + "}").status(), "the proxy serves on");
        }
    }

    /** A proxy with general_settings.client_header_timeout and client_body_timeout of 1 s, in front of {@code upstream}. */
    private static ProxyUnderTest withTimeouts(Path dir, FakeUpstream upstream) throws Exception {
        upstream.on("/v1/chat/completions", FakeUpstream.json(200, Fixtures.read("openai/chat/response.json")));
        return ProxyUnderTest.withConfig(dir, config(upstream, 1));
    }

    private static String config(FakeUpstream upstream, int timeoutSeconds) {
        return """
                model_list:
                  - model_name: m
                    litellm_params: {model: openai/gpt-4o-mini, api_base: %s/v1, api_key: sk-test}
                general_settings:
                  client_header_timeout: %d
                  client_body_timeout: %d
                """.formatted(upstream.baseUrl(), timeoutSeconds, timeoutSeconds);
    }

    /** Sends {@code start}, then one more byte each {@link #TRICKLE_MILLIS} until the proxy answers or closes. */
    private static Future<RawHttp.Answer> trickle(ProxyUnderTest proxy, String start) {
        return Executors.newVirtualThreadPerTaskExecutor().submit(() -> {
            try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
                socket.setSoTimeout(20_000);
                OutputStream out = socket.getOutputStream();
                out.write(start.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread writer = Thread.ofVirtual().start(() -> {
                    try {
                        while (true) {
                            Thread.sleep(TRICKLE_MILLIS);
                            out.write('x');
                            out.flush();
                        }
                    } catch (IOException | InterruptedException stopped) {
                        // the proxy closed the connection, or the answer is in
                    }
                });
                try {
                    return read(socket);
                } finally {
                    writer.interrupt();
                }
            }
        });
    }

    /** The answer; none (status 0) when the connection was reset before it was whole: a client that sends on may lose it so. */
    private static RawHttp.Answer read(Socket socket) {
        try {
            return RawHttp.read(socket);
        } catch (IOException reset) {
            return new RawHttp.Answer(0, Map.of(), "");
        }
    }

    /**
     * The threads, virtual ones included, that wait (parked or blocked, not running) with a frame of {@code code} on
     * their stack: each as its name and stack. A thread that handles a byte as it arrives runs, and is not counted.
     */
    @SuppressWarnings("unchecked")
    private static List<String> threadsWaitingIn(String code, Path dir) throws IOException {
        Path file = dir.resolve("threads.json").toAbsolutePath();
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
        var dump = (Map<String, Object>) Http.parse(Files.readString(file)).get("threadDump");
        List<String> found = new ArrayList<>();
        for (var container : (List<Map<String, Object>>) dump.get("threadContainers"))
            for (var thread : (List<Map<String, Object>>) container.get("threads")) {
                List<String> stack = (List<String>) thread.get("stack");
                if (!"RUNNABLE".equals(thread.get("state")) && stack.stream().anyMatch(frame -> frame.startsWith(code)))
                    found.add(thread.get("name") + " " + thread.get("state") + " " + stack);
            }
        return found;
    }
}
