package litellm.e2e.faults;

import litellm.config.Settings;
import litellm.testing.FakeUpstream;
import litellm.testing.ProxyUnderTest;
import litellm.testing.RawHttp;
import litellm.testing.RawUpstream;
import litellm.testing.Stderr;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import static litellm.testing.AnswerChecks.assertNoInternals;
import static litellm.testing.AnswerChecks.assertOpenAiError;
import static litellm.testing.AnswerChecks.assertNoErrorInLog;
import static litellm.testing.FakeUpstream.compress;
import static litellm.testing.FakeUpstream.json;
import static litellm.testing.FakeUpstream.raw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Upstreams that fail in every way seen in the wild, each for a whole answer and a stream, for providers of each
 * stream format (SSE in OpenAI's and Anthropic's shapes, Ollama's NDJSON). Whatever the upstream does, the client
 * gets within request_timeout (plus a margin) either the answer or an OpenAI error: a status the upstream's failure
 * explains (502, 504, or the upstream's own), or, once a stream has started, an error event as its last; never a
 * stack trace or a Java name, never a 500 of the proxy's own. Afterwards the proxy has let go of the upstream's
 * connection, its log holds no stack trace, and it serves the next call.
 */
class BrokenUpstreamsTest {
    static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** The deadline sweep's tick, connection teardown, a loaded machine. */
    static final long MARGIN_MILLIS = 2_000;

    /** What the client may get: one of these statuses (200: the answer), or, when errorEvent, a stream ended by an error event. */
    record Outcome(Set<Integer> statuses, boolean errorEvent) {
        static final Outcome ANSWER = new Outcome(Set.of(200), false);
        /** The answer, or an error (an answer in another shape may pass as one: no crash is what matters). */
        static final Outcome ANY = new Outcome(Set.of(200, 502), true);

        static Outcome error(Integer... statuses) {
            return new Outcome(Set.of(statuses), false);
        }

        /**
         * A failure after the answer started: a stream's error comes as its last event; a whole answer passed through
         * as it arrives (a long OpenAI-format one) is cut, its connection closed before its end, never a whole 200.
         */
        static Outcome errorOrErrorEvent(Integer... statuses) {
            return new Outcome(Set.of(statuses), true);
        }
    }

    /**
     * One way for an upstream to fail: on {@link FakeUpstream} (an HTTP server) or on {@link RawUpstream} (bytes on
     * a socket), for a request of the given wire, whole or streamed.
     */
    record Fault(String name, Function<Request, FakeUpstream.Reply> reply, Function<Request, RawUpstream.Misbehaviour> misbehaviour,
                 Outcome whole, Outcome stream, boolean anyWire) {
        static Fault http(String name, Function<Request, FakeUpstream.Reply> reply, Outcome whole, Outcome stream) {
            return new Fault(name, reply, null, whole, stream, false);
        }

        static Fault socket(String name, Function<Request, RawUpstream.Misbehaviour> misbehaviour, Outcome whole, Outcome stream) {
            return new Fault(name, null, misbehaviour, whole, stream, false);
        }

        /** A fault that fails before the provider's format plays a part: tried on one wire only (each timeout costs a second). */
        Fault onAnyWire() {
            return new Fault(name, reply, misbehaviour, whole, stream, true);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    record Request(Wire wire, boolean stream) {
        String answer() {
            return wire.answer(stream);
        }

        String contentType() {
            return wire.contentType(stream);
        }

        /** The answer's head (chunked: its body follows as chunks, {@link #chunk}), as an HTTP server writes it. */
        String chunkedHead() {
            return "HTTP/1.1 200 OK\r\nContent-Type: " + contentType() + "\r\nTransfer-Encoding: chunked\r\n\r\n";
        }
    }

    static String chunk(String text) {
        return Integer.toHexString(text.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + text + "\r\n";
    }

    /** Events shaped as no provider's, each a JSON object. */
    static final String OTHER_API_EVENTS = "data: {\"type\":\"content_block_delta\",\"delta\":42,\"message\":\"x\",\"choices\":7}\n\n"
            + "data: {\"done\":\"maybe\",\"message\":[1],\"index\":\"first\"}\n\n";

    static final Outcome BAD_GATEWAY = Outcome.error(502);
    static final Outcome TIMED_OUT = Outcome.error(504);

    static final List<Fault> FAULTS = List.of(
            // The connection
            Fault.socket("a reset before any answer", r -> RawUpstream.reset(), BAD_GATEWAY, BAD_GATEWAY).onAnyWire(),
            Fault.socket("the connection closed before any answer", r -> RawUpstream.writeThenClose(""), BAD_GATEWAY, BAD_GATEWAY).onAnyWire(),
            Fault.socket("silence until the timeout", r -> RawUpstream.writeThenHang(""), TIMED_OUT, TIMED_OUT).onAnyWire(),
            Fault.socket("the head, then silence", r -> RawUpstream.writeThenHang(r.chunkedHead()), TIMED_OUT, TIMED_OUT).onAnyWire(),
            Fault.socket("half the answer, then silence", r -> RawUpstream.writeThenHang(r.chunkedHead() + chunk(half(r))),
                    TIMED_OUT, Outcome.errorOrErrorEvent(504)),
            Fault.socket("half the answer, then the connection closed", r -> RawUpstream.writeThenClose(r.chunkedHead() + chunk(half(r))),
                    BAD_GATEWAY, Outcome.errorOrErrorEvent(502)),
            Fault.socket("half the answer, then a reset", r -> RawUpstream.writeThenReset(r.chunkedHead() + chunk(half(r))),
                    BAD_GATEWAY, Outcome.errorOrErrorEvent(502)),
            Fault.socket("a Content-Length longer than the body, then closed", r -> RawUpstream.writeThenClose(
                    "HTTP/1.1 200 OK\r\nContent-Type: " + r.contentType() + "\r\nContent-Length: 100000\r\n\r\n" + half(r)),
                    BAD_GATEWAY, Outcome.errorOrErrorEvent(502)),
            // Framing that is no HTTP
            Fault.socket("a status line that is no HTTP", r -> RawUpstream.writeThenClose("HELLO THERE\r\n\r\n"), BAD_GATEWAY, BAD_GATEWAY).onAnyWire(),
            Fault.socket("binary junk", r -> RawUpstream.bytes(junk()), BAD_GATEWAY, BAD_GATEWAY).onAnyWire(),
            Fault.socket("a chunk size that is no number", r -> RawUpstream.writeThenClose(r.chunkedHead() + "zz\r\n" + r.answer() + "\r\n0\r\n\r\n"),
                    BAD_GATEWAY, BAD_GATEWAY),
            Fault.socket("a chunk longer than its size", r -> RawUpstream.writeThenClose(r.chunkedHead() + "3\r\n" + r.answer() + "\r\n0\r\n\r\n"),
                    BAD_GATEWAY, Outcome.errorOrErrorEvent(502)),
            // Bodies that are not what the request asked for
            Fault.http("a web page with 200", r -> raw(200, "text/html", "<!DOCTYPE html><html><body><h1>It works!</h1></body></html>".getBytes(), Map.of()),
                    BAD_GATEWAY, BAD_GATEWAY).onAnyWire(),
            Fault.http("an empty 200", r -> raw(200, r.contentType(), new byte[0], Map.of()), BAD_GATEWAY, BAD_GATEWAY),
            Fault.http("plain text with 200", r -> raw(200, "text/plain", "OK".getBytes(), Map.of()), BAD_GATEWAY, BAD_GATEWAY).onAnyWire(),
            Fault.http("JSON null with 200", r -> json(200, "null"), BAD_GATEWAY, BAD_GATEWAY),
            Fault.http("a JSON array with 200", r -> json(200, "[]"), BAD_GATEWAY, BAD_GATEWAY),
            Fault.http("a JSON string with 200", r -> json(200, "\"hello\""), BAD_GATEWAY, BAD_GATEWAY),
            Fault.http("a JSON number with 200", r -> json(200, "42"), BAD_GATEWAY, BAD_GATEWAY),
            Fault.http("a web page with 500", r -> raw(500, "text/html", "<html><body><h1>500 Internal Server Error</h1></body></html>".getBytes(), Map.of()),
                    Outcome.error(500), Outcome.error(500)),
            Fault.http("a 503 with no body", r -> raw(503, null, new byte[0], Map.of()), Outcome.error(503), Outcome.error(503)).onAnyWire(),
            Fault.http("a redirect", r -> raw(307, "text/plain", new byte[0], Map.of("Location", "http://127.0.0.1:9/elsewhere")), BAD_GATEWAY, BAD_GATEWAY).onAnyWire(),
            Fault.http("a JSON object of another API with 200", r -> json(200, "{\"result\":{\"text\":[1,2]},\"content\":5,\"message\":[],\"choices\":\"none\"}"),
                    BAD_GATEWAY, Outcome.ANY),
            Fault.http("stream events of another API", r -> r.stream() ? FakeUpstream.sse(OTHER_API_EVENTS, 0) : json(200, "{}"),
                    BAD_GATEWAY, Outcome.ANY),
            Fault.http("an error status with an error that is a number", r -> json(400, "{\"error\":5,\"message\":[1]}"), Outcome.error(400), Outcome.error(400)),
            Fault.http("an error status with JSON null", r -> json(429, "null"), Outcome.error(429), Outcome.error(429)),
            Fault.http("an error status with a list", r -> json(500, "[{\"error\":{\"message\":7}}]"), Outcome.error(500), Outcome.error(500)),
            // Encodings
            Fault.http("a gzip body nobody asked for", r -> raw(200, r.contentType(), compress("gzip", r.answer()), Map.of("Content-Encoding", "gzip")),
                    Outcome.ANSWER, Outcome.ANSWER),
            Fault.http("a deflate body nobody asked for", r -> raw(200, r.contentType(), compress("deflate", r.answer()), Map.of("Content-Encoding", "deflate")),
                    Outcome.ANSWER, Outcome.ANSWER),
            Fault.http("gzip declared, plain text sent", r -> raw(200, r.contentType(), r.answer().getBytes(), Map.of("Content-Encoding", "gzip")),
                    BAD_GATEWAY, BAD_GATEWAY),
            Fault.http("a gzip body cut short", r -> raw(200, r.contentType(), halfOf(compress("gzip", r.answer())), Map.of("Content-Encoding", "gzip")),
                    BAD_GATEWAY, Outcome.errorOrErrorEvent(502)),
            Fault.http("brotli, which the proxy does not decode", r -> raw(200, r.contentType(), new byte[]{0x1b, 0x02, 0x00, (byte) 0xf8}, Map.of("Content-Encoding", "br")),
                    BAD_GATEWAY, BAD_GATEWAY).onAnyWire(),
            // Size
            Fault.socket("an endless body", r -> RawUpstream.endless(r.chunkedHead() + chunk(r.stream() ? "data: {\"id\":\"" : "{\"id\":\"")),
                    Outcome.errorOrErrorEvent(502, 503, 504), Outcome.errorOrErrorEvent(502, 503, 504)).onAnyWire(),
            // Pace
            Fault.http("the answer a byte at a time", r -> FakeUpstream.trickle(200, r.contentType(), r.answer().getBytes(StandardCharsets.UTF_8), 0),
                    Outcome.ANSWER, Outcome.ANSWER),
            Fault.http("the answer a byte every 20 ms, past the timeout", r -> FakeUpstream.trickle(200, r.contentType(), r.answer().getBytes(StandardCharsets.UTF_8), 20),
                    TIMED_OUT, Outcome.errorOrErrorEvent(504)));

    static final Map<Wire, ProxyUnderTest> viaHttp = new EnumMap<>(Wire.class), viaSocket = new EnumMap<>(Wire.class);
    static FakeUpstream fake;
    static RawUpstream socket;

    @BeforeAll
    static void start() throws Exception {
        fake = FakeUpstream.start();
        socket = RawUpstream.start(RawUpstream.reset());
        Settings settings = new Settings(null, null, TIMEOUT, false, false, false);
        for (Wire w : Wire.EACH_STREAM_FORMAT) {
            viaHttp.put(w, w.proxy(fake.baseUrl(), settings));
            viaSocket.put(w, w.proxy(socket.baseUrl(), settings));
        }
        warmUp();
    }

    /**
     * The first calls of each proxy load its provider script and warm its hooks up: on a busy machine, more than the
     * 1 s timeout (a 504 then), which no case's time should include.
     */
    static void warmUp() throws Exception {
        for (Wire w : Wire.EACH_STREAM_FORMAT) {
            w.answerAnyPath(fake);
            for (int i = 0; i < 3; i++) {
                for (boolean stream : List.of(false, true)) {
                    Request r = new Request(w, stream);
                    socket.misbehave(RawUpstream.writeThenClose(r.chunkedHead() + chunk(r.answer()) + "0\r\n\r\n"));
                    RawHttp.exchange(viaSocket.get(w).port(), chat(stream), false);
                    RawHttp.exchange(viaHttp.get(w).port(), chat(stream), false);
                }
            }
            assertServesOn(w);
        }
    }

    @AfterAll
    static void stop() {
        viaHttp.values().forEach(ProxyUnderTest::close);
        viaSocket.values().forEach(ProxyUnderTest::close);
        fake.close();
        socket.close();
    }

    static List<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Fault f : FAULTS)
            for (Wire w : f.anyWire() ? List.of(Wire.OPENAI) : Wire.EACH_STREAM_FORMAT)
                for (boolean stream : List.of(false, true)) cases.add(Arguments.of(f, w, stream ? "stream" : "whole"));
        return cases;
    }

    @ParameterizedTest(name = "{0}: {1} {2}")
    @MethodSource("cases")
    void theClientGetsAnAnswerOrAnOpenAiErrorInTime(Fault fault, Wire wire, String kind) throws Exception {
        Request request = new Request(wire, kind.equals("stream"));
        ProxyUnderTest proxy;
        if (fault.reply() != null) {
            fake.otherwise(fake.streamOrNot(fault.reply().apply(new Request(wire, false)), fault.reply().apply(new Request(wire, true))));
            proxy = viaHttp.get(wire);
        } else {
            socket.misbehave(fault.misbehaviour().apply(request));
            proxy = viaSocket.get(wire);
        }
        Outcome expected = request.stream() ? fault.stream() : fault.whole();
        AtomicReference<RawHttp.Answer> answer = new AtomicReference<>();
        long start = System.nanoTime();
        String log = Stderr.of(() -> answer.set(RawHttp.exchange(proxy.port(), chat(request.stream()), false)));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        RawHttp.Answer a = answer.get();
        assertTrue(tookMillis < TIMEOUT.toMillis() + MARGIN_MILLIS, "answered after " + tookMillis + " ms: " + a);
        assertTrue(a.answered(), "the proxy closed the connection without an answer");
        assertNoErrorInLog(log); // first: the log's stack trace tells more than the answer's class name
        assertNoInternals(a.body());
        if (a.status() == 200 && request.stream()) assertStream(a, expected);
        else if (a.status() == 200 && a.cut()) assertTrue(expected.errorEvent(), "a 200 cut short: " + a.status() + " " + a.headers());
        else if (a.status() == 200) assertTrue(expected.statuses().contains(200) && a.body().contains("\"choices\""), a.toString());
        else {
            assertTrue(expected.statuses().contains(a.status()), "expected " + expected + ", got " + a);
            Map<String, Object> error = assertOpenAiError(a.body());
            // "http://127.0.0.1:port did not answer within 1 s (request_timeout)": the setting's value, not what was left of it
            if (a.status() == 504) assertTrue(error.get("message").toString().endsWith(" did not answer within 1 s (request_timeout)"), a.toString());
        }
        if (fault.misbehaviour() != null) assertTheProxyLetGoOfTheUpstream();
        assertServesOn(wire);
    }

    /** A stream that is whole ends with [DONE]; one that failed, with an OpenAI error event (and no [DONE]). */
    static void assertStream(RawHttp.Answer a, Outcome expected) {
        List<String> data = a.body().lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
        assertTrue(!data.isEmpty(), a.toString());
        String last = data.getLast();
        if (last.equals("[DONE]")) {
            assertTrue(expected.statuses().contains(200), "expected " + expected + ", got a whole stream: " + a);
            assertTrue(data.stream().noneMatch(d -> d.startsWith("{\"error\"")), a.toString());
        } else {
            assertTrue(expected.errorEvent() && last.startsWith("{\"error\""), "expected " + expected + ", got: " + a);
            assertOpenAiError(last);
        }
    }

    /** The proxy closed its connection to the upstream once it gave up on it (at the timeout, or on the fault). */
    static void assertTheProxyLetGoOfTheUpstream() throws InterruptedException {
        for (int i = 0; i < 40 && socket.open() > 0; i++) Thread.sleep(50);
        assertEquals(0, socket.open(), "upstream connections still open");
    }

    static void assertServesOn(Wire wire) throws Exception {
        wire.answerAnyPath(fake);
        for (boolean stream : List.of(false, true)) {
            RawHttp.Answer a = RawHttp.exchange(viaHttp.get(wire).port(), chat(stream), false);
            assertEquals(200, a.status(), "the proxy serves on: " + a);
        }
    }

    static String chat(boolean stream) {
        String body = "{\"model\":\"m\"," + (stream ? "\"stream\":true," : "") + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        return "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body;
    }

    /** The first half of the answer: for a stream, its first events. */
    static String half(Request r) {
        return r.stream() ? r.wire().firstHalf() : r.answer().substring(0, r.answer().length() / 2);
    }

    static byte[] halfOf(byte[] bytes) {
        return java.util.Arrays.copyOf(bytes, bytes.length / 2);
    }

    /** Bytes with no line break and no HTTP in them. */
    static byte[] junk() {
        byte[] junk = new byte[512];
        for (int i = 0; i < junk.length; i++) junk[i] = (byte) (i * 151 + 7);
        for (int i = 0; i < junk.length; i++) if (junk[i] == '\n' || junk[i] == '\r') junk[i] = 0;
        return junk;
    }
}
