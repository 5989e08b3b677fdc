package litellm.e2e.proxy;

import litellm.config.Settings;
import litellm.routing.Deployment;
import litellm.testing.FakeUpstream;
import litellm.testing.Http;
import litellm.testing.Launched;
import litellm.testing.ProviderUnderTest;
import litellm.testing.ProxyUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Large upstream answers: passed through in bounded buffers when the proxy would not change them, parsed as they
 * arrive (up to general_settings.max_response_size_mb) when it must, and whole and intact either way; the proxy's
 * memory goes back after them. The bound is a memory bound, not a speed test.
 */
class LargeAnswersTest {
    static final int MB = 1 << 20;
    static final String PATH = "/v1/chat/completions";
    /** Text with two- and four-byte characters, so that a buffer's edge falls inside a character now and then. */
    static final String PIECE = "A large answer, é and 🙂 included; ".repeat(30);
    /**
     * Text with two- and three-byte characters only: the proxy writes characters outside the BMP, such as 🙂, as JSON
     * escapes (\uD83D\uDE42) when it serialises an answer, so this one keeps its bytes when translated.
     */
    static final String BMP_PIECE = "A translated answer, é and € included; ".repeat(30);

    @RegisterExtension
    static final ProviderUnderTest upstream = new ProviderUnderTest();
    /** Proxies that read at most 1 MB of an answer they must change. */
    static final ProviderUnderTest.Proxy openai = upstream.serving(base -> proxy("openai", "gpt-4o", base + "/v1", 1));
    static final ProviderUnderTest.Proxy anthropic = upstream.serving(base -> proxy("anthropic", "claude-3-5-sonnet", base, 1));
    static final ProviderUnderTest.Proxy openaiDefaults = upstream.serving(base -> proxy("openai", "gpt-4o", base + "/v1", Settings.DEFAULT_MAX_RESPONSE_SIZE_MB));
    static final ProviderUnderTest.Proxy anthropicLarge = upstream.serving(base -> proxy("anthropic", "claude-3-5-sonnet", base, 64));

    static ProxyUnderTest proxy(String provider, String model, String apiBase, int maxResponseMb) {
        Settings settings = new Settings(null, null, Duration.ofSeconds(60), false, false, false, (long) maxResponseMb * MB);
        return ProxyUnderTest.serving(new Deployment(model, provider, model, apiBase, "sk-large", null, Map.of()), settings, null);
    }

    @Test
    void fiftyMegabyteAnswersArriveWholeAndTheProxysMemoryGoesBackUnder200MbWithin30Seconds(@TempDir Path dir) throws Exception {
        // Made as they are sent, so that this JVM (whose heap the proxies under test share) holds none of them whole
        LongAnswer whole = new LongAnswer(CHAT_COMPLETION_START, PIECE, CHAT_COMPLETION_END, 50 * MB);
        LongAnswer claude = new LongAnswer(ANTHROPIC_START, BMP_PIECE, ANTHROPIC_END, 50 * MB);
        upstream.upstream().onStreamOrNot(PATH, whole.reply(), whole.asStream());
        upstream.upstream().on("/v1/messages", claude.reply());
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, """
                model_list:
                  - model_name: gpt
                    litellm_params: {model: openai/gpt-4o, api_base: "%s/v1", api_key: sk-large}
                  - model_name: claude
                    litellm_params: {model: anthropic/claude-3-5-sonnet, api_base: "%s", api_key: sk-large}
                general_settings:
                  max_response_size_mb: 64  # the 50 MB answer to translate is held while it is parsed
                """.formatted(upstream.upstream().baseUrl(), upstream.upstream().baseUrl()));
        try (var proxy = Launched.jbang(Map.of(), "litellm.java", "--config", config.toString(), "--host", "127.0.0.1", "--port", "0")) {
            String url = "http://127.0.0.1:" + proxy.listeningPort() + "/chat/completions";

            // passed through as the upstream sent it: the same bytes, never held whole (held, it took 400 MB and more)
            assertEquals(whole.sha256(), postHashing(url, request("gpt", false)), "a 50 MB answer passed through whole");
            assertTrue(proxy.peakRssKb() < 250 * 1024, "the proxy's peak RSS after a 50 MB answer passed through: " + proxy.peakRssKb() / 1024 + " MB");
            // relayed event by event: the same text
            assertEquals(whole.textSha256(), streamedContentHash(url, request("gpt", true)), "a 50 MB stream relayed whole");
            // translated from Anthropic's format: parsed once, as it arrived
            byte[] translated = post(url, request("claude", false));
            assertEquals(claude.textSha256(), contentHash(translated), "a 50 MB Anthropic answer translated whole");
            translated = null; // this JVM's heap is the proxies' of the other tests

            long giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            long rss = proxy.rssKb();
            while (rss > 200 * 1024 && System.nanoTime() < giveUp) {
                Thread.sleep(500);
                rss = proxy.rssKb();
            }
            assertTrue(rss <= 200 * 1024, "the proxy's RSS 30 s after three 50 MB answers: " + rss / 1024 + " MB");
        }
    }

    @Test
    void anAnswerTheProxyMustTranslateIsA502PastMaxResponseSizeMb() {
        upstream.upstream().on("/v1/messages", bytes(anthropicMessage(text(2 * MB)).getBytes(StandardCharsets.UTF_8)));
        var r = Http.post(anthropic.url("/chat/completions"), request("claude-3-5-sonnet", false));
        assertEquals(502, r.status(), r.body().length() > 500 ? r.body().substring(0, 500) : r.body());
        assertEquals("response_too_large", r.error().get("code"));
        assertTrue(r.error().get("message").toString().contains("more than 1 MB") && r.error().get("message").toString().contains("max_response_size_mb"), r.body());
    }

    /** This JVM's heap is 512 MB, as the proxy's: long answers parsed at once share 42 MB of it. */
    @Test
    void longAnswersParsedAtOnceShareABudgetPastWhichACallIsA503AtOnce() throws Exception {
        byte[] answer = anthropicMessage(text(30 * MB)).getBytes(StandardCharsets.UTF_8);
        CountDownLatch secondAnswered = new CountDownLatch(1);
        CountDownLatch firstStarted = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        upstream.upstream().on("/v1/messages", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length); // the proxy counts an answer's length as soon as it is told
            OutputStream out = exchange.getResponseBody();
            if (calls.incrementAndGet() > 1) {
                out.write(answer);
                return;
            }
            out.write(answer, 0, 2 * MB); // the first call: 2 MB now, the rest once the second was answered
            out.flush();
            firstStarted.countDown();
            secondAnswered.await(60, TimeUnit.SECONDS);
            out.write(answer, 2 * MB, answer.length - 2 * MB);
        });
        try (var client = Executors.newVirtualThreadPerTaskExecutor()) {
            var first = client.submit(() -> Http.post(anthropicLarge.url("/chat/completions"), request("claude-3-5-sonnet", false)));
            assertTrue(firstStarted.await(60, TimeUnit.SECONDS));
            Thread.sleep(1000); // for the proxy to read the first megabyte and count the answer

            var second = Http.post(anthropicLarge.url("/chat/completions"), request("claude-3-5-sonnet", false));
            secondAnswered.countDown();
            assertEquals(503, second.status(), second.body());
            assertEquals("out_of_memory", second.error().get("code"));
            assertEquals("1", second.header("retry-after"), "a client retries it");
            assertEquals(200, first.get(60, TimeUnit.SECONDS).status(), "the first is served whole");
        }
        // alone, an answer over the budget is served (up to a quarter of the heap): fiftyMegabyteAnswers... translates 50 MB
    }

    @Test
    void anAnswerPassedThroughIsNotHeldSoNotLimitedAndArrivesAsItCame() {
        String answer = chatCompletion(text(3 * MB));
        upstream.upstream().on(PATH, bytes(answer.getBytes(StandardCharsets.UTF_8)));
        var r = Http.post(openai.url("/chat/completions"), request("gpt-4o", false));
        assertEquals(200, r.status());
        assertTrue(answer.equals(r.body()), "the upstream's answer, byte for byte");
    }

    @Test
    void anAnswerPassedThroughThatIsCutShortReachesTheClientBrokenNeverAsWhole() {
        byte[] answer = chatCompletion(text(3 * MB)).getBytes(StandardCharsets.UTF_8);
        // the upstream says 3 MB and closes the connection after 2
        upstream.upstream().on(PATH, exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer, 0, 2 * MB);
        });
        AssertionError e = assertThrows(AssertionError.class, () -> Http.post(openai.url("/chat/completions"), request("gpt-4o", false)));
        assertTrue(e.getMessage().contains("request failed"), e.getMessage());
    }

    @Test
    void anAnswerPassedThroughThatIsNotOneJsonObjectReachesTheClientBroken() {
        // chunked, 3 MB: an object and then more
        byte[] answer = (chatCompletion(text(3 * MB)) + "{}").getBytes(StandardCharsets.UTF_8);
        upstream.upstream().on(PATH, exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write(answer);
        });
        AssertionError e = assertThrows(AssertionError.class, () -> Http.post(openai.url("/chat/completions"), request("gpt-4o", false)));
        assertTrue(e.getMessage().contains("request failed"), e.getMessage());
    }

    @Test
    void aLongAnswerWhoseTextOpensWithThinkTagsStillHasItsReasoningMoved() {
        String reasoning = text(2 * MB);
        upstream.upstream().on(PATH, bytes(chatCompletion("<think>" + reasoning + "</think>The answer.").getBytes(StandardCharsets.UTF_8)));
        var r = Http.post(openaiDefaults.url("/chat/completions"), request("gpt-4o", false));
        assertEquals(200, r.status());
        Map<?, ?> message = (Map<?, ?>) ((Map<?, ?>) ((List<?>) r.json().get("choices")).getFirst()).get("message");
        assertEquals("The answer.", message.get("content"));
        assertEquals(reasoning, message.get("reasoning_content"));
    }

    @Test
    void aStreamEventLongerThanMaxResponseSizeMbEndsTheStreamWithAnError() {
        String event = "data: " + chunk(text(2 * MB)) + "\n\n";
        upstream.upstream().on(PATH, FakeUpstream.sse(event + "data: [DONE]\n\n", 0));
        var r = Http.stream(openai.url("/chat/completions"), request("gpt-4o", true), data -> {});
        assertEquals(502, r.status(), r.body().length() > 500 ? r.body().substring(0, 500) : r.body());
        assertTrue(r.body().contains("longer than 1 MB (general_settings.max_response_size_mb)"), r.body());
    }

    // Answers.

    static final String CHAT_COMPLETION_START = "{\"id\":\"chatcmpl-large\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"gpt-4o\","
            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"";
    static final String CHAT_COMPLETION_END = "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":12,\"total_tokens\":21}}";
    static final String ANTHROPIC_START = "{\"id\":\"msg_large\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-3-5-sonnet\","
            + "\"content\":[{\"type\":\"text\",\"text\":\"";
    static final String ANTHROPIC_END = "\"}],\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":9,\"output_tokens\":12}}";

    /** An answer whose text is {@code piece} repeated to about {@code size} bytes, written as it is sent. */
    record LongAnswer(byte[] start, String piece, byte[] end, int pieces) {
        LongAnswer(String start, String piece, String end, int size) {
            this(start.getBytes(StandardCharsets.UTF_8), piece, end.getBytes(StandardCharsets.UTF_8), size / piece.getBytes(StandardCharsets.UTF_8).length);
        }

        byte[] pieceBytes() {
            return piece.getBytes(StandardCharsets.UTF_8);
        }

        long length() {
            return start.length + (long) pieces * pieceBytes().length + end.length;
        }

        void writeTo(OutputStream out) throws IOException {
            byte[] p = pieceBytes();
            out.write(start);
            for (int i = 0; i < pieces; i++) out.write(p);
            out.write(end);
        }

        FakeUpstream.Reply reply() {
            return exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, length());
                OutputStream out = new BufferedOutputStream(exchange.getResponseBody(), 1 << 16);
                writeTo(out);
                out.flush();
            };
        }

        /** The text as a chat completion stream, a piece an event. */
        FakeUpstream.Reply asStream() {
            byte[] event = ("data: " + chunk(piece) + "\n\n").getBytes(StandardCharsets.UTF_8);
            return exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = new BufferedOutputStream(exchange.getResponseBody(), 1 << 16);
                for (int i = 0; i < pieces; i++) out.write(event);
                out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
            };
        }

        String sha256() throws Exception {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            writeTo(new OutputStream() {
                @Override
                public void write(int b) {
                    sha.update((byte) b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    sha.update(b, off, len);
                }
            });
            return HexFormat.of().formatHex(sha.digest());
        }

        String textSha256() throws Exception {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] p = pieceBytes();
            for (int i = 0; i < pieces; i++) sha.update(p);
            return HexFormat.of().formatHex(sha.digest());
        }
    }

    static String text(int bytes) {
        StringBuilder s = new StringBuilder(bytes);
        while (s.length() < bytes / 1.05) s.append(PIECE);
        return s.toString();
    }

    static String chatCompletion(String content) {
        return CHAT_COMPLETION_START + content + CHAT_COMPLETION_END;
    }

    static String anthropicMessage(String text) {
        return ANTHROPIC_START + text + ANTHROPIC_END;
    }

    static String chunk(String content) {
        return "{\"id\":\"chatcmpl-large\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"content\":\"" + content + "\"},\"finish_reason\":null}]}";
    }

    static String request(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"a long one\"}]}";
    }

    static FakeUpstream.Reply bytes(byte[] body) {
        return exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        };
    }

    // A client that reads a long answer as it arrives, keeping only its hash.

    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static InputStream open(String url, String json) throws IOException, InterruptedException {
        HttpResponse<InputStream> r = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) throw new AssertionError("status " + r.statusCode() + ": " + new String(r.body().readNBytes(2000), StandardCharsets.UTF_8));
        return r.body();
    }

    static byte[] post(String url, String json) throws IOException, InterruptedException {
        try (InputStream in = open(url, json)) {
            return in.readAllBytes();
        }
    }

    /** The hash of a chat completion's text, read from its bytes (the text has no character JSON escapes). */
    static String contentHash(byte[] completion) throws Exception {
        String head = new String(completion, 0, Math.min(completion.length, 1000), StandardCharsets.UTF_8);
        int from = head.indexOf("\"content\":\"") + "\"content\":\"".length();
        int to = from;
        while (completion[to] != '"') to++;
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(completion, from, to - from);
        return HexFormat.of().formatHex(sha.digest());
    }

    static String postHashing(String url, String json) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = open(url, json)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) >= 0; ) sha.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** The hash of the stream's text, its chunks' contents put together. */
    static String streamedContentHash(String url, String json) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        boolean done = false;
        try (var reader = new BufferedReader(new InputStreamReader(open(url, json), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                if (!line.startsWith("data: ")) continue;
                if (line.equals("data: [DONE]")) done = true;
                else sha.update(content(line.substring(6)).getBytes(StandardCharsets.UTF_8));
            }
        }
        assertTrue(done, "the stream ended with [DONE]");
        return HexFormat.of().formatHex(sha.digest());
    }

    /** The text of a chat completion or of a chunk. */
    static String content(String json) {
        Map<?, ?> choice = (Map<?, ?>) ((List<?>) Http.parse(json).get("choices")).getFirst();
        Map<?, ?> message = (Map<?, ?>) (choice.get("message") != null ? choice.get("message") : choice.get("delta"));
        assertNull(choice.get("error"));
        return (String) message.get("content");
    }

}
