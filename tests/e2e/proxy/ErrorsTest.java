package litellm.e2e.proxy;

import litellm.config.Settings;
import litellm.routing.Deployment;
import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.ProviderUnderTest;
import litellm.testing.ProxyUnderTest;
import litellm.testing.Stderr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static litellm.testing.FakeUpstream.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input and upstream failures: always an OpenAI error body with the right status, never a stack trace or a hang. */
class ErrorsTest {
    static final String CHAT = "{\"model\":\"gpt-3.5-turbo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    static final String CHAT_STREAM = "{\"model\":\"gpt-3.5-turbo\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    @RegisterExtension
    static final ProviderUnderTest openai = new ProviderUnderTest();
    static final Settings ONE_SECOND = new Settings(null, null, Duration.ofSeconds(1), false, false, false);
    static final ProviderUnderTest.Proxy proxy = openai.serving(base -> ProxyUnderTest.serving(
            new Deployment("gpt", "openai", "gpt-4o-mini", base + "/v1", "sk-x", null, Map.of()), ONE_SECOND, null));

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "/chat/completions|{bad json|",
            "/chat/completions||",
            "/chat/completions|[1,2]|",
            "/chat/completions|{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}|model",
            "/chat/completions|{\"model\":7,\"messages\":[]}|model",
            "/chat/completions|{\"model\":\"m\"}|messages",
            "/chat/completions|{\"model\":\"m\",\"messages\":\"hi\"}|messages",
            "/chat/completions|{\"model\":\"m\",\"messages\":[]}|messages",
            "/chat/completions|{\"model\":\"m\",\"messages\":[{\"content\":\"hi\"}]}|messages[0].role",
            "/chat/completions|{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":5}]}|messages[0].content",
            "/chat/completions|{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"content\":null,\"tool_calls\":\"x\"}]}|messages[0].tool_calls",
            "/chat/completions|{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":7}}]}]}|messages[0].tool_calls[0].function.name",
            "/chat/completions|{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"function\":{\"name\":\"f\",\"arguments\":{}}}]}]}|messages[0].tool_calls[0].function.arguments",
            "/chat/completions|{\"model\":\"m\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\",\"tool_call_id\":5}]}|messages[0].tool_call_id",
            "/chat/completions|{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\",\"name\":[]}]}|messages[0].name",
            "/chat/completions|{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":\"hot\"}|temperature",
            "/chat/completions|{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":\"yes\"}|stream",
            "/chat/completions|{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"api_base\":\"http://evil.example\"}|api_base",
            "/completions|{\"model\":\"m\"}|prompt",
            "/completions|{\"model\":\"m\",\"prompt\":{\"a\":1}}|prompt",
            "/embeddings|{\"model\":\"m\"}|input",
            "/embeddings|{\"model\":\"m\",\"input\":true}|input",
    })
    void badRequestsAre400NamingTheField(String path, String body, String param) {
        int before = openai.upstream().received().size();
        var r = Http.post(proxy.url(path), body == null ? "" : body);
        assertEquals(400, r.status(), r.body());
        var error = r.error();
        assertEquals("invalid_request_error", error.get("type"));
        assertEquals(param, error.get("param"));
        assertFalse(error.get("message").toString().isBlank());
        assertEquals(before, openai.upstream().received().size(), "nothing goes upstream");
    }

    @ParameterizedTest(name = "upstream {0} -> {0}")
    @CsvSource({
            "401, openai/errors/401-invalid-api-key.json, authentication_error",
            "404, openai/errors/404-model-not-found.json, invalid_request_error",
            "429, openai/errors/429-rate-limit.json, rate_limit_error",
            "500, openai/errors/500-server-error.json, api_error",
            "503, openai/errors/503-overloaded.json, api_error",
            "400, openai/errors/400-context-length-exceeded.json, invalid_request_error",
    })
    @SuppressWarnings("unchecked")
    void upstreamErrorsKeepTheirStatusAndMessage(int status, String fixture, String type) {
        String body = Fixtures.read(fixture);
        openai.upstream().on("/v1/chat/completions", json(status, body, status == 429 ? Map.of("Retry-After", "7") : Map.of()));
        for (String request : List.of(CHAT, CHAT_STREAM)) {
            var r = Http.post(proxy.url("/chat/completions"), request);
            assertEquals(status, r.status(), r.body());
            var error = r.error();
            assertEquals(((Map<String, Object>) Http.parse(body).get("error")).get("message"), error.get("message"));
            assertEquals(((Map<String, Object>) Http.parse(body).get("error")).get("code"), error.get("code"));
            assertEquals(type, error.get("type"));
            if (status == 429) assertEquals("7", r.header("Retry-After"));
        }
    }

    @Test
    void aChunkedBodyWithNoLengthIsReadWhole() throws Exception {
        openai.upstream().on("/v1/chat/completions", json(200, Fixtures.read("openai/chat/response.json")));
        String body = CHAT.replace("\"hi\"", "\"" + "long prompt ".repeat(2000) + "\"");
        try (var socket = new java.net.Socket("127.0.0.1", proxy.get().port())) {
            socket.setSoTimeout(10_000);
            var out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            for (int at = 0; at < bytes.length; at += 4096) { // several chunks
                int n = Math.min(4096, bytes.length - at);
                out.write((Integer.toHexString(n) + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                out.write(bytes, at, n);
                out.write("\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
        }
        String sent = openai.upstream().last().text();
        assertTrue(sent.contains("long prompt ".repeat(2000).strip()), "the whole prompt went upstream");
    }

    @Test
    void aBodyLargerThan64MbIs413BeforeItIsRead() throws Exception {
        // Only the length is claimed: the proxy must refuse on it, not wait for 100 MB to arrive.
        try (var socket = new java.net.Socket("127.0.0.1", proxy.get().port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100000000\r\nConnection: close\r\n\r\n{\"model\"").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
            var error = Http.parse(answer.substring(answer.indexOf("\r\n\r\n") + 4));
            assertEquals("request_too_large", ((Map<?, ?>) error.get("error")).get("code"), answer);
        }
    }

    @Test
    void connectionRefusedIs502() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (var dead = ProxyUnderTest.serving("openai", "m", "http://127.0.0.1:" + closedPort + "/v1", "sk-x")) {
            for (String request : List.of(CHAT, CHAT_STREAM)) {
                var r = Http.post(dead.url("/chat/completions"), request);
                assertEquals(502, r.status(), r.body());
                assertTrue(r.error().get("message").toString().contains("127.0.0.1:" + closedPort));
            }
        }
    }

    @Test
    void aSlowUpstreamIs504WithinTheTimeout() {
        openai.upstream().on("/v1/chat/completions", FakeUpstream.slow(20_000, json(200, Fixtures.read("openai/chat/response.json"))));
        for (String request : List.of(CHAT, CHAT_STREAM)) {
            var r = Http.post(proxy.url("/chat/completions"), request); // the test client itself gives up after 30 s
            assertEquals(504, r.status(), r.body());
            assertEquals("request_timeout", r.error().get("code"));
        }
    }

    @Test
    void aStreamThatStallsEndsWithAnErrorEventAtTheTimeout() {
        List<String> events = FakeUpstream.events(Fixtures.read("openai/chat/stream-no-usage.txt"));
        openai.upstream().on("/v1/chat/completions", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write(events.get(0).getBytes());
            exchange.getResponseBody().flush();
            Thread.sleep(20_000);
        });
        List<String> got = Http.streamData(proxy.url("/chat/completions"), CHAT_STREAM);
        assertEquals(2, got.size(), got.toString());
        assertEquals("request_timeout", ((Map<?, ?>) Http.parse(got.get(1)).get("error")).get("code"));
    }

    @Test
    void anUpstreamErrorMidStreamBecomesAnErrorEventAndTheStreamEnds() {
        openai.upstream().on("/v1/chat/completions", FakeUpstream.sse(Fixtures.read("openai/errors/stream-error.txt"), 0));
        List<String> got = new ArrayList<>();
        var r = Http.stream(proxy.url("/chat/completions"), CHAT_STREAM, got::add);
        assertEquals(200, r.status());
        assertEquals(2, got.size(), "first chunk, then the error, and no [DONE]: " + got);
        assertEquals("chat.completion.chunk", Http.parse(got.get(0)).get("object"));
        var error = (Map<?, ?>) Http.parse(got.get(1)).get("error");
        assertEquals("The server had an error while processing your request. Sorry about that!", error.get("message"));
    }

    @Test
    void unknownRoutesAndMethodsAreOpenAiErrors() {
        var missing = Http.get(proxy.url("/v1/nothing-here"));
        assertEquals(404, missing.status());
        missing.error();
        var wrongMethod = Http.get(proxy.url("/chat/completions"));
        assertEquals(405, wrongMethod.status());
        wrongMethod.error();
    }

    @Test
    void anUpstreamAnsweringGarbageIs502WithoutAStackTrace() {
        openai.upstream().on("/v1/chat/completions", exchange -> {
            byte[] html = "<html>Bad Gateway</html>".getBytes();
            exchange.sendResponseHeaders(200, html.length);
            exchange.getResponseBody().write(html);
        });
        var r = Http.post(proxy.url("/chat/completions"), CHAT);
        assertEquals(502, r.status());
        assertFalse(r.body().contains("Exception") || r.body().contains("\tat "), r.body());
    }

    /** The upstream closes the connection half-way through its answer: a 502 that says so, or an error event in a stream. */
    @Test
    void anUpstreamThatDropsTheConnectionMidAnswerIs502OrAnErrorEvent() throws Exception {
        String firstEvent = FakeUpstream.events(Fixtures.read("openai/chat/stream-no-usage.txt")).get(0);
        String halfAnswer = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"id\":\"chatcmpl-1\",";
        String halfStream = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(firstEvent.length()) + "\r\n" + firstEvent + "\r\n";
        try (ServerSocket upstream = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             var proxy = ProxyUnderTest.serving("openai", "m", "http://127.0.0.1:" + upstream.getLocalPort() + "/v1", "sk-x")) {
            Thread.ofVirtual().start(() -> answerThenDrop(upstream, halfAnswer));
            var whole = Http.post(proxy.url("/chat/completions"), CHAT);
            assertEquals(502, whole.status(), whole.body());
            String message = whole.error().get("message").toString();
            assertTrue(message.contains("127.0.0.1:" + upstream.getLocalPort()) && message.contains("Premature end"), message);

            Thread.ofVirtual().start(() -> answerThenDrop(upstream, halfStream));
            List<String> got = new ArrayList<>();
            var streamed = Http.stream(proxy.url("/chat/completions"), CHAT_STREAM, got::add);
            assertEquals(200, streamed.status());
            assertEquals(2, got.size(), "the first chunk, then the error, and no [DONE]: " + got);
            var error = (Map<?, ?>) Http.parse(got.get(1)).get("error");
            assertTrue(error.get("message").toString().contains("broke"), error.toString());
        }
    }

    /** Jackson refuses strings over 20 million characters unless told otherwise: an answer with one long text (an image's base64) passes whole. */
    @Test
    void anAnswerWithA21MbTextIsRelayedWhole() throws Exception {
        String text = "x".repeat(21 << 20);
        openai.upstream().on("/v1/chat/completions", json(200, Fixtures.read("openai/chat/response.json").replace("Hello! How can I assist you today?", text)));
        try (var proxy = ProxyUnderTest.serving("openai", "m", openai.upstream().baseUrl() + "/v1", "sk-x")) {
            var r = Http.post(proxy.url("/chat/completions"), CHAT);
            assertEquals(200, r.status(), r.body().substring(0, Math.min(400, r.body().length())));
            var message = (Map<?, ?>) ((Map<?, ?>) ((List<?>) r.json().get("choices")).get(0)).get("message");
            assertEquals(text, message.get("content"));
        }
    }

    /**
     * A client that gives up while its answer is being written (here: it reads the start of a 21 MB answer, then
     * resets the connection) is no error of the proxy's: no ERROR and no stack trace in the log, and it serves on.
     * Both ways a call is served: on the thread that received it, and on a virtual thread once 64 calls are waiting.
     */
    @ParameterizedTest(name = "with {0} calls waiting")
    @ValueSource(ints = {0, 64})
    void aClientThatLeavesWhileItsAnswerIsWrittenIsNoErrorInTheLog(int waiting) throws Exception {
        String answer = Fixtures.read("openai/chat/response.json");
        String big = answer.replace("Hello! How can I assist you today?", "x".repeat(21 << 20));
        var held = new java.util.concurrent.CountDownLatch(waiting);
        var release = new java.util.concurrent.CountDownLatch(1);
        openai.upstream().on("/v1/chat/completions", exchange -> {
            if (held.getCount() > 0) { // the first calls wait until the test is done
                held.countDown();
                release.await();
                json(200, answer).send(exchange);
            } else {
                json(200, big).send(exchange);
            }
        });
        try (var proxy = ProxyUnderTest.serving("openai", "m", openai.upstream().baseUrl() + "/v1", "sk-x");
             var clients = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var waitingCalls = java.util.stream.IntStream.range(0, waiting)
                    .mapToObj(i -> clients.submit(() -> Http.post(proxy.url("/chat/completions"), CHAT).status())).toList();
            assertTrue(held.await(30, java.util.concurrent.TimeUnit.SECONDS), "the waiting calls reached the upstream");
            String log = Stderr.of(() -> {
                try (var socket = new Socket("127.0.0.1", proxy.port())) {
                    socket.setReceiveBufferSize(4096); // the proxy's write blocks on a full window, then fails on the reset
                    socket.setSoTimeout(30_000);
                    socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + CHAT.length() + "\r\n\r\n" + CHAT).getBytes(StandardCharsets.US_ASCII));
                    byte[] head = socket.getInputStream().readNBytes(12);
                    assertEquals("HTTP/1.1 200", new String(head, StandardCharsets.US_ASCII), "the proxy is writing the answer");
                    socket.setSoLinger(true, 0); // close with a reset, as a killed client does
                }
                Thread.sleep(500); // the proxy's blocked write fails now, and its handler ends
            });
            assertFalse(log.contains("ERROR") || log.contains("\tat "), log);
            release.countDown();
            for (var call : waitingCalls) assertEquals(200, call.get(30, java.util.concurrent.TimeUnit.SECONDS));
            openai.upstream().on("/v1/chat/completions", json(200, answer));
            assertEquals(200, Http.post(proxy.url("/chat/completions"), CHAT).status());
        }
    }

    /** Accepts one connection, reads the request's head and body, writes {@code raw} and closes the connection. */
    private static void answerThenDrop(ServerSocket server, String raw) {
        try (Socket socket = server.accept()) {
            FakeUpstream.readRequest(socket);
            socket.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
        } catch (IOException ignored) {
            // the test sees the outcome through the proxy
        }
    }
}
