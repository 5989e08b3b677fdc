package litellm.e2e.proxy;

import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.ProxyUnderTest;
import litellm.testing.RawUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static litellm.testing.FakeUpstream.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the proxy holds its upstream connections: many calls waiting at once, and connections the upstream closed. */
class UpstreamConnectionsTest {
    private static final String CHAT = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    /**
     * More calls wait on the upstream at once than the server has platform threads for: the upstream answers
     * none until it holds them all, so a proxy that could not hold them all would never be answered.
     */
    @Test
    void hundredsOfCallsWaitOnTheUpstreamAtOnce() throws Exception {
        int calls = 300;
        CountDownLatch allArrived = new CountDownLatch(calls);
        String answer = Fixtures.read("openai/chat/response.json");
        String stream = Fixtures.read("openai/chat/stream-no-usage.txt");
        try (FakeUpstream upstream = FakeUpstream.start();
             ProxyUnderTest proxy = ProxyUnderTest.serving("openai", "gpt-4o-mini", upstream.baseUrl() + "/v1", "sk-test");
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            upstream.onStreamOrNot("/v1/chat/completions",
                    held(allArrived, json(200, answer)), held(allArrived, FakeUpstream.sse(stream, 0)));
            List<Future<String>> answers = IntStream.range(0, calls).mapToObj(i -> clients.submit(() -> i % 2 == 0
                    ? outcome(Http.post(proxy.url("/v1/chat/completions"), CHAT + "}"))
                    : outcome(Http.stream(proxy.url("/v1/chat/completions"), CHAT + ",\"stream\":true}", data -> {})))).toList();
            for (Future<String> a : answers) assertEquals("200", a.get(60, TimeUnit.SECONDS));
            assertEquals(0, allArrived.getCount());
        }
    }

    /** The status, and the body when it is not 200, so that a failure says what went wrong. */
    private static String outcome(Http.Response r) {
        return r.status() == 200 ? "200" : r.status() + " " + r.body();
    }

    private static FakeUpstream.Reply held(CountDownLatch allArrived, FakeUpstream.Reply then) {
        return exchange -> {
            allArrived.countDown();
            if (!allArrived.await(30, TimeUnit.SECONDS)) throw new IOException("not every call reached the upstream");
            then.send(exchange);
        };
    }

    /**
     * An upstream closes a keep-alive connection it has kept idle (servers do after 2 to 75 s). The proxy's
     * next call must not be sent on the dead connection and fail.
     */
    @Test
    void aConnectionTheUpstreamClosedWhileIdleIsNotReused() throws Exception {
        byte[] answer = Fixtures.read("openai/chat/response.json").getBytes(StandardCharsets.UTF_8);
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        connections.incrementAndGet();
                        Thread.ofVirtual().start(() -> answerOnceThenCloseWhenIdle(s, answer));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            String base = "http://127.0.0.1:" + server.getLocalPort() + "/v1";
            try (ProxyUnderTest proxy = ProxyUnderTest.serving("openai", "gpt-4o-mini", base, "sk-test")) {
                assertEquals(200, Http.post(proxy.url("/v1/chat/completions"), CHAT + "}").status());
                Thread.sleep(1_500); // the upstream has closed the idle connection by now
                var second = Http.post(proxy.url("/v1/chat/completions"), CHAT + "}");
                assertEquals(200, second.status(), second.body());
                assertEquals(2, connections.get(), "the second call went on a new connection");
            }
        }
    }

    /** Reads one request, answers it with keep-alive, and closes the connection 200 ms later, as an idle timeout would. */
    private static void answerOnceThenCloseWhenIdle(Socket socket, byte[] answer) {
        try (socket) {
            FakeUpstream.readRequest(socket);
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + answer.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(answer);
            out.flush();
            Thread.sleep(200);
        } catch (IOException | InterruptedException ignored) {
            // the test sees the outcome through the proxy
        }
    }

    /**
     * An upstream closes keep-alive connections milliseconds after their answers, with no Connection: close (the JDK's
     * server does when one would be its 201st idle one): too soon for the pool's check of idle connections. The next
     * call, sent on a dead connection, gets nothing: the proxy sends it again on a new connection (not on the other
     * dead one idle beside it), and the client gets its answer, whole or streamed.
     */
    @Test
    void aCallThatAConnectionClosedJustAfterItsAnswerLostIsSentAgainOnANewOne() throws Exception {
        for (boolean streamed : List.of(false, true)) {
            String answer = streamed ? chunked("text/event-stream", Fixtures.read("openai/chat/stream-no-usage.txt"))
                    : chunked("application/json", Fixtures.read("openai/chat/response.json"));
            CountDownLatch bothArrived = new CountDownLatch(2);
            try (RawUpstream upstream = RawUpstream.start(socket -> {
                     bothArrived.countDown();
                     bothArrived.await(30, TimeUnit.SECONDS); // two connections, both idle in the pool afterwards
                     write(socket, answer);
                     Thread.sleep(10); // then closed (as the connection ends) while the proxy holds it idle
                 });
                 ProxyUnderTest proxy = ProxyUnderTest.serving("openai", "gpt-4o-mini", upstream.baseUrl() + "/v1", "sk-test");
                 ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<String>> first = List.of(clients.submit(() -> call(proxy, streamed)), clients.submit(() -> call(proxy, streamed)));
                for (Future<String> a : first) assertEquals("200", a.get(60, TimeUnit.SECONDS));
                awaitClosedByUpstream(upstream);
                assertEquals(2, upstream.accepted());
                assertEquals("200", call(proxy, streamed), "the call the closed connections lost, " + (streamed ? "streamed" : "whole"));
                assertEquals(3, upstream.accepted(), "the call went again on a new connection");
            }
        }
    }

    /**
     * A call that a reused connection loses after some of its answer came is not sent again (the upstream may have
     * acted on it, and the proxy cannot hide a half answer); nor is one that a new connection loses: that is the
     * upstream failing, a 502 for the router's retry policy (none here), one attempt each.
     */
    @Test
    void aCallLostAfterPartOfItsAnswerOrOnANewConnectionIsNotSentAgain() throws Exception {
        String answer = chunked("application/json", Fixtures.read("openai/chat/response.json"));
        try (RawUpstream upstream = RawUpstream.start(socket -> {
                 write(socket, answer);
                 FakeUpstream.readRequest(socket); // the next call on this connection
                 write(socket, "HTTP/1.1 200 OK\r\n"); // the first line of its answer
                 Thread.sleep(50); // read by the proxy, and then a reset
                 socket.setSoLinger(true, 0);
             });
             ProxyUnderTest proxy = ProxyUnderTest.serving("openai", "gpt-4o-mini", upstream.baseUrl() + "/v1", "sk-test")) {
            assertEquals("200", call(proxy, false));
            assertUpstreamUnreachable(Http.post(proxy.url("/v1/chat/completions"), CHAT + "}"));
            assertEquals(1, upstream.accepted(), "the call lost after part of its answer was sent once");

            upstream.misbehave(RawUpstream.writeThenClose("")); // a new connection closed without a byte of answer
            for (boolean streamed : List.of(false, true)) {
                int before = upstream.accepted();
                assertUpstreamUnreachable(streamed ? Http.stream(proxy.url("/v1/chat/completions"), CHAT + ",\"stream\":true}", data -> {})
                        : Http.post(proxy.url("/v1/chat/completions"), CHAT + "}"));
                assertEquals(before + 1, upstream.accepted(), "one attempt reached the upstream");
            }
        }
    }

    private static String call(ProxyUnderTest proxy, boolean streamed) {
        if (!streamed) return outcome(Http.post(proxy.url("/v1/chat/completions"), CHAT + "}"));
        List<String> data = new ArrayList<>();
        Http.Response r = Http.stream(proxy.url("/v1/chat/completions"), CHAT + ",\"stream\":true}", data::add);
        return r.status() == 200 && !data.isEmpty() && data.getLast().equals("[DONE]") ? "200" : r.status() + " " + r.body();
    }

    private static void assertUpstreamUnreachable(Http.Response r) {
        assertEquals(502, r.status(), r.body());
        assertTrue(r.body().contains("\"upstream_unreachable\""), r.body());
    }

    /** Waits until the upstream has closed every connection it accepted. */
    private static void awaitClosedByUpstream(RawUpstream upstream) throws InterruptedException {
        for (int i = 0; i < 100 && upstream.open() > 0; i++) Thread.sleep(10);
        assertEquals(0, upstream.open(), "the upstream closed its connection");
    }

    /** An answer with keep-alive (HTTP/1.1, no Connection: close), its body one chunk. */
    private static String chunked(String contentType, String body) {
        int length = body.getBytes(StandardCharsets.UTF_8).length;
        return "HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(length) + "\r\n" + body + "\r\n0\r\n\r\n";
    }

    private static void write(Socket socket, String raw) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(raw.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Test
    void callsInSequenceShareOneUpstreamConnection() throws Exception {
        assertCallsShareOneConnection(false);
    }

    /** A finished stream's connection goes back to the pool (its last chunk is read after [DONE]). */
    @Test
    void streamsInSequenceShareOneUpstreamConnection() throws Exception {
        assertCallsShareOneConnection(true);
    }

    private static void assertCallsShareOneConnection(boolean streamed) throws InterruptedException {
        Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
        try (FakeUpstream upstream = FakeUpstream.start();
             ProxyUnderTest proxy = ProxyUnderTest.serving("openai", "gpt-4o-mini", upstream.baseUrl() + "/v1", "sk-test")) {
            FakeUpstream.Reply answer = streamed ? FakeUpstream.sse(Fixtures.read("openai/chat/stream-no-usage.txt"), 0)
                    : json(200, Fixtures.read("openai/chat/response.json"));
            upstream.on("/v1/chat/completions", exchange -> {
                clientPorts.add(exchange.getRemoteAddress().getPort());
                answer.send(exchange);
            });
            for (int i = 0; i < 5; i++) {
                int status = streamed ? Http.stream(proxy.url("/v1/chat/completions"), CHAT + ",\"stream\":true}", data -> {}).status()
                        : Http.post(proxy.url("/v1/chat/completions"), CHAT + "}").status();
                assertEquals(200, status);
                Thread.sleep(50); // a stream's connection returns to the pool once its last chunk is read, in the background
            }
            assertEquals(5, upstream.received().size());
            assertEquals(1, clientPorts.size(), "every call went on the first connection");
        }
    }

    /**
     * An https upstream, as every hosted provider is: the client sets TLS up at the JVM's first https connection
     * (not before: a proxy for a local http model never reads the trust store), verifies the certificate
     * against the JDK's trust store, and sends the key only inside the encrypted connection.
     */
    @Test
    void anHttpsUpstreamIsCalledOverVerifiedTls(@TempDir Path dir) throws Exception {
        Path keys = selfSignedLoopbackCertificate(dir);
        String previous = System.getProperty("javax.net.ssl.trustStore");
        // Read when the JVM first sets TLS up: no test before this one calls an https upstream.
        System.setProperty("javax.net.ssl.trustStore", keys.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", PASSWORD);
        try (FakeUpstream upstream = FakeUpstream.start(serverTls(keys));
             ProxyUnderTest proxy = ProxyUnderTest.serving("openai", "gpt-4o-mini", upstream.baseUrl() + "/v1", "sk-test")) {
            upstream.on("/v1/chat/completions", json(200, Fixtures.read("openai/chat/response.json")));
            assertTrue(upstream.baseUrl().startsWith("https://"));
            var answer = Http.post(proxy.url("/v1/chat/completions"), CHAT + "}");
            assertEquals(200, answer.status(), answer.body());
            assertEquals("Bearer sk-test", upstream.last().headers().get("authorization"));
        } finally {
            if (previous == null) System.clearProperty("javax.net.ssl.trustStore");
            else System.setProperty("javax.net.ssl.trustStore", previous);
            System.clearProperty("javax.net.ssl.trustStorePassword");
        }
    }

    private static final String PASSWORD = "test-only";

    /** A key and certificate for 127.0.0.1, made with the JDK's keytool, in a PKCS12 file that serves as key and trust store. */
    private static Path selfSignedLoopbackCertificate(Path dir) throws Exception {
        Path keys = dir.resolve("upstream.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "upstream", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=IP:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keys.toString(), "-storepass", PASSWORD).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, keytool.waitFor(), output);
        return keys;
    }

    private static SSLContext serverTls(Path keys) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keys)) {
            store.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(store, PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(managers.getKeyManagers(), null, null);
        return tls;
    }
}
