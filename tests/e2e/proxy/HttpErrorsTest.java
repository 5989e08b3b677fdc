package litellm.e2e.proxy;

import litellm.runtime.Env;
import litellm.LiteLLM;
import litellm.config.ConfigError;
import litellm.config.ConfigFile;
import litellm.config.Flags;
import litellm.cli.ConfigWatcher;
import litellm.engine.ConfiguredSetup;
import litellm.config.ProxyConfig;
import litellm.provider.ProviderScripts;
import litellm.server.ProxyServer;
import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.RawHttp;
import litellm.testing.Stderr;
import litellm.http.UpstreamClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static litellm.testing.AnswerChecks.assertNoStackTrace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whatever arrives on the socket, the answer is OpenAI's error JSON with the right status: requests Jetty cannot
 * parse (answered before Javalin sees them), unknown paths and methods, path tricks, bodies that are no JSON object,
 * bodies cut short or badly chunked, bodies over general_settings.max_request_size_mb. Never HTML, never a stack
 * trace (in the answer or the log), never a 200, and the proxy serves on. Raw sockets send what no client would.
 */
class HttpErrorsTest {
    static final String CHAT = "{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    static FakeUpstream upstream;
    /** The proxy as a config starts it, with general_settings.max_request_size_mb: 1 and client_body_timeout: 2. */
    static ProxyServer proxy;
    /** The proxy as --model starts it: the default limit. */
    static ProxyServer byDefault;

    @BeforeAll
    static void start() throws ConfigError {
        upstream = FakeUpstream.start();
        upstream.on("/v1/chat/completions", FakeUpstream.json(200, Fixtures.read("openai/chat/response.json")));
        ProxyConfig config = config("""
                model_list:
                  - model_name: gpt
                    litellm_params: {model: openai/gpt-4o-mini, api_base: %s/v1, api_key: sk-x}
                general_settings:
                  max_request_size_mb: 1
                  client_body_timeout: 2
                """.formatted(upstream.baseUrl()));
        assertEquals(1.0, config.settings().clients().maxRequestSizeMb());
        ProviderScripts scripts = new ProviderScripts(null);
        proxy = new ProxyServer(new LiteLLM(ConfiguredSetup.from(config),
                scripts, new UpstreamClient("litellm.java-tests"))).limits(config.settings().clients()).start("127.0.0.1", 0);
        ProxyConfig plain = config("""
                model_list:
                  - model_name: gpt
                    litellm_params: {model: openai/gpt-4o-mini, api_base: %s/v1, api_key: sk-x}
                """.formatted(upstream.baseUrl()));
        assertEquals(null, plain.settings().clients().maxRequestSizeMb());
        byDefault = new ProxyServer(new LiteLLM(ConfiguredSetup.from(plain),
                scripts, new UpstreamClient("litellm.java-tests"))).start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        proxy.stop();
        byDefault.stop();
        upstream.close();
    }

    static ProxyConfig config(String yaml) throws ConfigError {
        return ConfigFile.parse("config.yaml", yaml, new ProviderScripts(null)::exists, Env::get);
    }

    /** Errors Jetty answers itself, most before a request exists; the rest are Javalin's (404, 405). */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "a bad request line|400|GARBAGE\\r\\n\\r\\n",
            "a header with no colon|400|GET /health HTTP/1.1\\r\\nHost: x\\r\\nBad Header\\r\\nConnection: close\\r\\n\\r\\n",
            "two Host headers|400|GET /health HTTP/1.1\\r\\nHost: x\\r\\nHost: y\\r\\nConnection: close\\r\\n\\r\\n",
            "a Content-Length that is no number|400|POST /v1/chat/completions HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: abc\\r\\nConnection: close\\r\\n\\r\\n",
            "a Transfer-Encoding other than chunked|400|POST /v1/chat/completions HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: gzip\\r\\nConnection: close\\r\\n\\r\\n",
            "an unknown HTTP version|505|GET /health HTTP/9.9\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n",
            "HTTP/2 over HTTP/1 (no upgrade)|426|GET /health HTTP/2.0\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n",
            "an unknown expectation|417|GET /health HTTP/1.1\\r\\nHost: x\\r\\nExpect: 100-continue-x\\r\\nConnection: close\\r\\n\\r\\n",
            "a path above the root|400|GET /../../etc/passwd HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n",
            "a bad percent-encoding|400|GET /%zz HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n",
            "an encoded NUL|400|GET /v1/models/%00 HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n",
            "a dot-dot segment|404|GET /v1/../health HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n",
            "an encoded dot-dot segment|404|GET /v1/%2e%2e/health HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n",
            "encoded slashes|404|POST /v1%2Fchat%2Fcompletions HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 0\\r\\nConnection: close\\r\\n\\r\\n",
            "empty segments|404|GET //v1//models HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n",
            "a path parameter|404|GET /v1/models;x=1 HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n",
            "an unknown path|404|GET /nothing HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n",
            "a POST with no length and no body (Jetty sends no 411: no length means no body)|400|POST /v1/chat/completions HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n",
            "a wrong method|405|PUT /v1/chat/completions HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 0\\r\\nConnection: close\\r\\n\\r\\n",
            "a PUT to the target * (Jetty's own refusal, for a method other than GET and POST)|400|PUT * HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n",
    })
    void httpErrorsAreOpenAiJson(String what, int status, String request) throws Exception {
        assertErrorAndServesOn(status, () -> exchange(proxy, request.replace("\\r\\n", "\r\n"), false));
    }

    @Test
    void headersOrAUriTooLargeAre431And414() throws Exception {
        String big = "a".repeat(20_000);
        assertErrorAndServesOn(431, () -> exchange(proxy, "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + big + "\r\nConnection: close\r\n\r\n", false));
        assertErrorAndServesOn(414, () -> exchange(proxy, "GET /" + big + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", false));
    }

    @ParameterizedTest(name = "body <{0}>")
    @ValueSource(strings = {"null", "[]", "[{\"model\":\"gpt\"}]", "\"x\"", "1", "true", " "})
    void aBodyThatIsNoJsonObjectIs400(String body) throws Exception {
        int before = upstream.received().size();
        String log = Stderr.of(() -> {
            var r = Http.post(url(proxy, "/v1/chat/completions"), body);
            assertEquals(400, r.status(), r.body());
            assertEquals("application/json", r.header("Content-Type"));
            assertEquals("invalid_request_error", r.error().get("type"));
            assertEquals("invalid_json", r.error().get("code"));
            assertTrue(r.error().get("message").toString().contains("JSON object"), r.body());
            assertNoStackTrace(r.body());
        });
        assertNoStackTrace(log);
        assertEquals(before, upstream.received().size(), "nothing goes upstream");
    }

    static List<Arguments> cutShort() {
        String chunked = "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
        return List.of(
                Arguments.of("shorter than its Content-Length", "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"model\":"),
                Arguments.of("a chunk cut short", chunked + "100\r\n{\"model\":"),
                Arguments.of("no last chunk", chunked + "2\r\n{}\r\n"),
                Arguments.of("a chunk size that is no number", chunked + "zz\r\n{}\r\n0\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cutShort")
    void aBodyCutShortOrBadlyChunkedIs400(String what, String request) throws Exception {
        int before = upstream.received().size();
        // The client closes its side after sending, as one does that has nothing more to send
        assertErrorAndServesOn(400, () -> exchange(proxy, request, true));
        assertEquals(before + 1, upstream.received().size(), "nothing went upstream but the call made after it");
    }

    /** A client that leaves half-way through its body (a reset, as a killed client's) is no error of the proxy's. */
    @Test
    void aClientThatLeavesMidBodyIsNoErrorInTheLog() throws Exception {
        String log = Stderr.of(() -> {
            try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
                socket.getOutputStream().write("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"model\":"
                        .getBytes(StandardCharsets.US_ASCII));
                Thread.sleep(200); // the proxy is reading the body
                socket.setSoLinger(true, 0);
            }
            Thread.sleep(500); // the proxy's read fails now, and its answer goes nowhere
        });
        assertFalse(log.contains("ERROR") || log.contains("WARN"), log);
        assertNoStackTrace(log);
        assertEquals(200, Http.post(url(proxy, "/v1/chat/completions"), CHAT).status(), "the proxy serves on");
    }

    /** A client that stops sending its body and waits: general_settings.client_body_timeout ends the wait. */
    @Test
    void aBodyThatStopsArrivingIs408AtClientBodyTimeout() throws Exception {
        RawHttp.Answer r = assertErrorAndServesOn(408, () -> exchange(proxy, "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"model\":", false));
        assertTrue(r.error().get("message").toString().contains("within 2 s (general_settings.client_body_timeout)"), r.body());
    }

    @Test
    void aBodyOverMaxRequestSizeMbIs413BeforeItIsRead() throws Exception {
        // Only the length is claimed: refused on it, without waiting for the body
        RawHttp.Answer r = assertErrorAndServesOn(413, () -> exchange(proxy, "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: "
                + ((1 << 20) + 1) + "\r\n\r\n{", false));
        assertEquals("request_too_large", r.error().get("code"));
        assertTrue(r.error().get("message").toString().contains("1 MB (general_settings.max_request_size_mb)"), r.body());
        // The default: 64 MB
        r = assertErrorAndServesOn(413, () -> exchange(byDefault, "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: "
                + ((64 << 20) + 1) + "\r\n\r\n{", false));
        assertTrue(r.error().get("message").toString().contains("64 MB"), r.body());
    }

    @Test
    void aChunkedBodyOverMaxRequestSizeMbIs413() throws Exception {
        byte[] chunk = ("{\"model\":\"gpt\",\"x\":\"" + "x".repeat(600 << 10) + "\"}").getBytes(StandardCharsets.US_ASCII);
        assertErrorAndServesOn(413, () -> {
            try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                out.write("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                // 1.2 MB in two chunks, written beside the reading: the proxy answers once past 1 MB
                Thread writer = Thread.ofVirtual().start(() -> {
                    try {
                        for (int i = 0; i < 2; i++) {
                            out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                            out.write(chunk);
                            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        }
                        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException ignored) {
                        // the proxy may close the connection before all is sent
                    }
                });
                RawHttp.Answer answer = RawHttp.read(socket);
                writer.join();
                return answer;
            }
        });
    }

    @Test
    void aBodyOfExactlyMaxRequestSizeMbIsServed() throws Exception {
        String body = CHAT.substring(0, CHAT.length() - 1) + ",\"user\":\"" + "u".repeat((1 << 20) - CHAT.length() - 10) + "\"}";
        assertEquals(1 << 20, body.length());
        var r = Http.post(url(proxy, "/v1/chat/completions"), body);
        assertEquals(200, r.status(), r.body());
    }

    /** As the command line runs it: an edit of the config file changes the limit for the requests after it. */
    @Test
    void aReloadedConfigChangesMaxRequestSizeMb(@TempDir Path dir) throws Exception {
        String yaml = """
                model_list:
                  - model_name: gpt
                    litellm_params: {model: openai/gpt-4o-mini, api_base: %s/v1, api_key: sk-x}
                general_settings: {max_request_size_mb: %s}
                """;
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, yaml.formatted(upstream.baseUrl(), "2"));
        ProviderScripts scripts = new ProviderScripts(null);
        ProxyConfig config = ConfigFile.load(file, scripts::exists, Env::get);
        var flags = Flags.NONE;
        LiteLLM engine = new LiteLLM(ConfiguredSetup.from(config), scripts, new UpstreamClient("litellm.java-tests"));
        ProxyServer server = new ProxyServer(engine).limits(config.settings().clients()).start("127.0.0.1", 0);
        try {
            var watcher = new ConfigWatcher(file, engine, scripts::exists, flags, Duration.ofHours(1),
                    reloaded -> server.limits(reloaded.settings().clients()));
            String body = CHAT.substring(0, CHAT.length() - 1) + ",\"user\":\"" + "u".repeat(3 << 19) + "\"}"; // 1.5 MB
            assertEquals(200, Http.post(url(server, "/v1/chat/completions"), body).status());
            Files.writeString(file, yaml.formatted(upstream.baseUrl(), "0.5"));
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
            assertTrue(watcher.checkNow());
            var r = Http.post(url(server, "/v1/chat/completions"), body);
            assertEquals(413, r.status(), r.body());
            assertTrue(r.error().get("message").toString().contains("0.5 MB"), r.body());
        } finally {
            server.stop();
        }
    }

    @Test
    void maxRequestSizeMbMustBeAPositiveNumberUnder2048() {
        for (String value : List.of("0", "-1", "big", "4096")) {
            var e = assertThrows(ConfigError.class, () -> config("""
                    model_list:
                      - model_name: gpt
                        litellm_params: {model: openai/gpt-4o-mini}
                    general_settings: {max_request_size_mb: %s}
                    """.formatted(value)));
            assertTrue(e.getMessage().contains("max_request_size_mb"), e.getMessage());
        }
    }

    @FunctionalInterface
    interface Exchange {
        RawHttp.Answer run() throws Exception;
    }

    /**
     * The exchange's answer is {@code status} with an OpenAI error body, neither it nor the log shows a stack trace,
     * and the proxy answers a normal request afterwards.
     */
    static RawHttp.Answer assertErrorAndServesOn(int status, Exchange exchange) throws Exception {
        AtomicReference<RawHttp.Answer> answer = new AtomicReference<>();
        String log = Stderr.of(() -> answer.set(exchange.run()));
        RawHttp.Answer r = answer.get();
        assertEquals(status, r.status(), r.toString());
        assertTrue(r.header("Content-Type") != null && r.header("Content-Type").startsWith("application/json"), r.toString());
        Map<String, Object> error = r.error();
        assertFalse(error.get("message").toString().isBlank(), r.body());
        assertEquals(status >= 500 ? "api_error" : status == 408 ? "timeout" : "invalid_request_error", error.get("type"), r.body());
        assertNoStackTrace(r.body());
        assertNoStackTrace(log);
        assertEquals(200, Http.post(url(proxy, "/v1/chat/completions"), CHAT).status(), "the proxy serves on");
        return r;
    }

    static String url(ProxyServer server, String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    static RawHttp.Answer exchange(ProxyServer server, String request, boolean halfClose) throws IOException {
        return RawHttp.exchange(server.port(), request, halfClose);
    }
}
