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
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static litellm.testing.FakeUpstream.compress;
import static litellm.testing.FakeUpstream.json;
import static litellm.testing.FakeUpstream.raw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Upstream answers are checked, never passed on blindly: a success that is not the expected format is a 502 (or an
 * error event once a stream has started), compressed bodies are decoded, messages hold text only and never a key.
 */
class UpstreamAnswersTest {
    static final String KEY = "sk-upstreamcheck-0123456789abcdef";
    static final String CHAT = "{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    static final String CHAT_STREAM = "{\"model\":\"gpt\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    static final String PATH = "/v1/chat/completions";
    @RegisterExtension
    static final ProviderUnderTest openai = new ProviderUnderTest();
    /** With --debug: the log must not hold the key either. */
    static final ProviderUnderTest.Proxy proxy = openai.serving(base -> ProxyUnderTest.serving(
            new Deployment("gpt", "openai", "gpt-4o-mini", base + "/v1", KEY, null, Map.of()),
            new Settings(null, null, Duration.ofSeconds(20), false, false, true), null));

    static final byte[] HTML = "<!DOCTYPE html><html><body><h1>Welcome to nginx!</h1></body></html>".getBytes(StandardCharsets.UTF_8);

    @Test
    void aWebPageAnsweredWith200Is502ForAWholeAnswerAndBeforeAStreamStarts() {
        openai.upstream().on(PATH, raw(200, "text/html", HTML, Map.of()));
        var whole = Http.post(proxy.url("/chat/completions"), CHAT);
        assertEquals(502, whole.status(), whole.body());
        assertTrue(whole.error().get("message").toString().contains("not JSON"), whole.body());

        List<String> got = new ArrayList<>();
        var streamed = Http.stream(proxy.url("/chat/completions"), CHAT_STREAM, got::add);
        assertEquals(502, streamed.status(), streamed.body());
        assertTrue(streamed.body().contains("web page"), streamed.body());
        assertFalse(streamed.body().contains("[DONE]"), streamed.body());
    }

    @Test
    void aStreamThatHoldsNoEventIs502() {
        openai.upstream().on(PATH, raw(200, "text/event-stream", "hello there\nnothing here\n\n".getBytes(), Map.of()));
        var streamed = Http.stream(proxy.url("/chat/completions"), CHAT_STREAM, data -> {});
        assertEquals(502, streamed.status(), streamed.body());
        assertTrue(streamed.body().contains("no event"), streamed.body());
    }

    @Test
    void aJsonErrorObjectAnsweredWith200IsAnErrorForAWholeAnswerAndAStream() {
        openai.upstream().on(PATH, json(200, "{\"error\":{\"message\":\"model is loading\",\"type\":\"server_error\",\"code\":\"loading\"}}"));
        var whole = Http.post(proxy.url("/chat/completions"), CHAT);
        assertEquals(502, whole.status(), whole.body());
        assertEquals("model is loading", whole.error().get("message"));
        var streamed = Http.stream(proxy.url("/chat/completions"), CHAT_STREAM, data -> {});
        assertEquals(502, streamed.status(), streamed.body());
        assertTrue(streamed.body().contains("model is loading"), streamed.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"data: {broken", "data: not json at all", "data: 42", "data: {\"id\":\"x\",\"choices\":[{\"delta\":{}}"})
    void aStreamLineThatIsNotAJsonObjectEndsTheStreamWithAnErrorEvent(String line) {
        List<String> events = FakeUpstream.events(Fixtures.read("openai/chat/stream-no-usage.txt"));
        StringBuilder raw = new StringBuilder(events.get(0)).append(line).append("\n\n");
        for (int i = 1; i < events.size(); i++) raw.append(events.get(i));
        openai.upstream().on(PATH, FakeUpstream.sse(raw.toString(), 0));
        List<String> got = new ArrayList<>();
        var r = Http.stream(proxy.url("/chat/completions"), CHAT_STREAM, got::add);
        assertEquals(200, r.status());
        assertEquals(2, got.size(), "the first chunk, then the error, and no [DONE]: " + got);
        assertEquals("chat.completion.chunk", Http.parse(got.get(0)).get("object"));
        var error = (Map<?, ?>) Http.parse(got.get(1)).get("error");
        assertTrue(error.get("message").toString().contains("JSON"), error.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "deflate", "x-gzip"})
    void aCompressedBodyNobodyAskedForIsDecoded(String encoding) throws IOException {
        String answer = Fixtures.read("openai/chat/response.json");
        openai.upstream().on(PATH, raw(200, "application/json", compress(encoding, answer), Map.of("Content-Encoding", encoding)));
        var r = Http.post(proxy.url("/chat/completions"), CHAT);
        assertEquals(200, r.status(), r.body());
        assertEquals("Hello! How can I assist you today?", ((Map<?, ?>) ((Map<?, ?>) ((List<?>) r.json().get("choices")).get(0)).get("message")).get("content"));
        assertFalse(openai.upstream().last().headers().containsKey("accept-encoding"), "the proxy asks for no compression");

        openai.upstream().on(PATH, raw(200, "text/event-stream", compress(encoding, Fixtures.read("openai/chat/stream-no-usage.txt")), Map.of("Content-Encoding", encoding)));
        List<String> got = Http.streamData(proxy.url("/chat/completions"), CHAT_STREAM);
        assertEquals("[DONE]", got.getLast(), got.toString());
        assertTrue(got.size() > 2, got.toString());

        String error = "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}";
        openai.upstream().on(PATH, raw(429, "application/json", compress(encoding, error), Map.of("Content-Encoding", encoding)));
        var limited = Http.post(proxy.url("/chat/completions"), CHAT);
        assertEquals(429, limited.status(), limited.body());
        assertEquals("Rate limit reached", limited.error().get("message"));
    }

    @Test
    void anEncodingTheProxyCannotDecodeIsAClear502() {
        openai.upstream().on(PATH, raw(200, "application/json", new byte[]{(byte) 0x8b, 0x02, (byte) 0x80, 0x7b}, Map.of("Content-Encoding", "br")));
        var r = Http.post(proxy.url("/chat/completions"), CHAT);
        assertEquals(502, r.status(), r.body());
        String message = r.error().get("message").toString();
        assertTrue(message.contains("Content-Encoding: br") && message.contains("cannot decode"), message);
        var streamed = Http.stream(proxy.url("/chat/completions"), CHAT_STREAM, data -> {});
        assertEquals(502, streamed.status(), streamed.body());
        assertTrue(streamed.body().contains("Content-Encoding: br"), streamed.body());
    }

    @Test
    void aBodyThatIsNotTextIsNeverPutInAMessage() {
        byte[] garbage = new byte[300];
        for (int i = 0; i < garbage.length; i++) garbage[i] = (byte) (i * 37 + 11);
        openai.upstream().on(PATH, raw(500, "application/octet-stream", garbage, Map.of()));
        var error = Http.post(proxy.url("/chat/completions"), CHAT);
        assertEquals(500, error.status(), error.body());
        assertEquals("<300 bytes of binary>", error.error().get("message"));

        openai.upstream().on(PATH, raw(200, "application/json", garbage, Map.of()));
        var ok = Http.post(proxy.url("/chat/completions"), CHAT);
        assertEquals(502, ok.status(), ok.body());
        assertTrue(ok.error().get("message").toString().endsWith("<300 bytes of binary>"), ok.body());

        // gzip sent without saying so: binary, not JSON
        openai.upstream().on(PATH, exchange -> raw(200, "application/json", compress("gzip", "{\"a\":1}"), Map.of()).send(exchange));
        var undeclared = Http.post(proxy.url("/chat/completions"), CHAT);
        assertEquals(502, undeclared.status(), undeclared.body());
        assertTrue(undeclared.error().get("message").toString().contains("bytes of binary>"), undeclared.body());
        assertFalse(undeclared.body().contains("\\u0000") || undeclared.body().contains("\uFFFD"), undeclared.body());
    }

    @Test
    void anErrorThatRepeatsTheKeyNeverShowsIt() throws Exception {
        String echo = "{\"error\":{\"message\":\"Invalid header Authorization: Bearer " + KEY + "\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}";
        String log = Stderr.of(() -> {
            openai.upstream().on(PATH, json(401, echo));
            var whole = Http.post(proxy.url("/chat/completions"), CHAT);
            assertEquals(401, whole.status(), whole.body());
            assertFalse(whole.body().contains(KEY), whole.body());
            assertTrue(whole.error().get("message").toString().contains("Bearer sk-u****cdef"), whole.body());
            var streamed = Http.stream(proxy.url("/chat/completions"), CHAT_STREAM, data -> {});
            assertEquals(401, streamed.status(), streamed.body());
            assertFalse(streamed.body().contains(KEY), streamed.body());

            // an error event mid-stream, and a line that is not JSON, repeating the key
            List<String> events = FakeUpstream.events(Fixtures.read("openai/chat/stream-no-usage.txt"));
            for (String bad : List.of("data: " + echo + "\n\n", "data: {\"key\": \"" + KEY + "\n\n")) {
                openai.upstream().on(PATH, FakeUpstream.sse(events.get(0) + bad, 0));
                List<String> got = new ArrayList<>();
                var r = Http.stream(proxy.url("/chat/completions"), CHAT_STREAM, got::add);
                assertEquals(200, r.status());
                assertEquals(2, got.size(), got.toString());
                assertFalse(r.body().contains(KEY), r.body());
                assertTrue(r.body().contains("sk-u****cdef"), r.body());
            }
        });
        assertTrue(log.contains("sk-u****cdef"), "the debug log shows the masked key: " + log);
        assertFalse(log.contains(KEY), log);
    }
}
