package litellm.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.SSLContext;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A provider's server on a free loopback port, answering with recorded wire bytes and recording
 * every request it gets, so tests can assert what the proxy really sent.
 */
public final class FakeUpstream implements AutoCloseable {
    /** One request as the upstream received it; header names are lower case. */
    public record Received(String method, String path, String query, Map<String, String> headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public Map<String, Object> json() {
            return Http.parse(text());
        }

        /** A form-encoded body's fields (application/x-www-form-urlencoded), decoded. */
        public Map<String, String> form() {
            Map<String, String> form = new java.util.LinkedHashMap<>();
            for (String pair : text().split("&")) {
                int eq = pair.indexOf('=');
                form.put(java.net.URLDecoder.decode(pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
            }
            return form;
        }
    }

    /** How the upstream answers one request. */
    @FunctionalInterface
    public interface Reply {
        void send(HttpExchange exchange) throws IOException, InterruptedException;
    }

    /** Room for hundreds of connections arriving at once (the JDK's default queue holds 50). */
    private static final int BACKLOG = 1024;
    private final HttpServer server;
    private final Map<String, Reply> replies = new ConcurrentHashMap<>();
    /** The reply to a path {@link #on} gave none, when set. */
    private volatile Reply otherwise;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    /**
     * Each exchange's own request while it is answered. Not an exchange attribute: the JDK's server keeps
     * those in the context, shared by every exchange in flight.
     */
    private final Map<HttpExchange, Received> answering = new ConcurrentHashMap<>();

    private FakeUpstream(SSLContext tls, int port) throws IOException {
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", port);
        if (tls == null) {
            server = HttpServer.create(loopback, BACKLOG);
        } else {
            HttpsServer https = HttpsServer.create(loopback, BACKLOG);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeUpstream start() {
        return start(null);
    }

    /** An upstream on a given loopback port, for a URL written down elsewhere (the README's); fails if the port is taken. */
    public static FakeUpstream startOn(int port) throws IOException {
        return new FakeUpstream(null, port);
    }

    /** An upstream that speaks https with the given server certificate and key. */
    public static FakeUpstream start(SSLContext tls) {
        try {
            return new FakeUpstream(tls, 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Answers requests to {@code path} (without query) with {@code reply}. */
    public FakeUpstream on(String path, Reply reply) {
        replies.put(path, reply);
        return this;
    }

    /** Answers requests to any path no {@link #on} names: for faults, whatever the provider's paths. */
    public FakeUpstream otherwise(Reply reply) {
        otherwise = reply;
        return this;
    }

    /** Answers {@code path} with {@code streamed} when the request asked for a stream, else with {@code whole}. */
    public FakeUpstream onStreamOrNot(String path, Reply whole, Reply streamed) {
        return on(path, streamOrNot(whole, streamed));
    }

    /**
     * {@code streamed} for a request that asks for a stream (in its body, or in its path as Gemini's
     * streamGenerateContent and Bedrock's converse-stream do), else {@code whole}.
     */
    public Reply streamOrNot(Reply whole, Reply streamed) {
        // this exchange's own request: with calls in flight at once, the last one received may be another's
        return exchange -> {
            Received r = answering.get(exchange);
            boolean stream = r.text().replace(" ", "").contains("\"stream\":true") || r.path().toLowerCase(java.util.Locale.ROOT).contains("stream");
            (stream ? streamed : whole).send(exchange);
        };
    }

    /** Answers {@code path} with the reply {@code choose} picks for each request (by its model, its messages...). */
    public FakeUpstream onRequest(String path, java.util.function.Function<Received, Reply> choose) {
        return on(path, exchange -> choose.apply(answering.get(exchange)).send(exchange));
    }

    public String baseUrl() {
        return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Received> received() {
        return received;
    }

    public Received last() {
        if (received.isEmpty()) throw new AssertionError("the upstream received no request");
        return received.get(received.size() - 1);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            Received request = new Received(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(), headers, body);
            received.add(request);
            answering.put(exchange, request);
            Reply reply = replies.getOrDefault(path, otherwise);
            if (reply == null) {
                json(404, "{\"error\":{\"message\":\"fake upstream has no reply for " + path + "\"}}").send(exchange);
                return;
            }
            reply.send(exchange);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the proxy hung up (timeouts, cancelled streams): nothing to answer
        } finally {
            answering.remove(exchange);
        }
    }

    // Replies.

    public static Reply json(int status, String body) {
        return json(status, body, Map.of());
    }

    public static Reply json(int status, String body, Map<String, String> headers) {
        return exchange -> {
            headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        };
    }

    /** A stream body sent event by event (split at blank lines), flushed each time, {@code pauseMillis} apart. */
    public static Reply sse(String raw, long pauseMillis) {
        return exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream; charset=utf-8");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            for (String event : events(raw)) {
                out.write(event.getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (pauseMillis > 0) Thread.sleep(pauseMillis);
            }
        };
    }

    /** Any status, content type and bytes, as they are: for answers that are not what they claim to be. */
    public static Reply raw(int status, String contentType, byte[] body, Map<String, String> headers) {
        return exchange -> {
            if (contentType != null) exchange.getResponseHeaders().add("Content-Type", contentType);
            headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
        };
    }

    /** {@code text} compressed as {@code Content-Encoding: encoding} says (gzip, x-gzip, or deflate in its zlib wrapping). */
    public static byte[] compress(String encoding, String text) {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var out = encoding.equals("deflate") ? new java.util.zip.DeflaterOutputStream(bytes) : new java.util.zip.GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Never answers: the connection stays open and silent until the proxy gives up (or the upstream closes). */
    public static Reply hang() {
        return exchange -> Thread.sleep(Long.MAX_VALUE);
    }

    /** {@code body} a byte at a time, {@code pauseMillis} apart, with its length announced: a server that trickles. */
    public static Reply trickle(int status, String contentType, byte[] body, long pauseMillis) {
        return exchange -> {
            exchange.getResponseHeaders().add("Content-Type", contentType);
            exchange.sendResponseHeaders(status, body.length);
            OutputStream out = exchange.getResponseBody();
            for (byte b : body) {
                out.write(b);
                out.flush();
                Thread.sleep(pauseMillis);
            }
        };
    }

    /** Answers after {@code millis}: for timeouts. */
    public static Reply slow(long millis, Reply then) {
        return exchange -> {
            Thread.sleep(millis);
            then.send(exchange);
        };
    }

    /** The {@code data:} payloads of a raw SSE body, as a client reads them (single-line events). */
    public static List<String> dataOf(String raw) {
        return events(raw).stream().map(e -> e.strip().substring("data: ".length())).toList();
    }

    /** Splits a raw stream body into its events, each keeping its terminating blank line. */
    public static List<String> events(String raw) {
        String sep = raw.contains("\r\n\r\n") ? "\r\n\r\n" : raw.contains("\n\n") ? "\n\n" : "\n";
        return java.util.Arrays.stream(raw.split(java.util.regex.Pattern.quote(sep)))
                .filter(e -> !e.isBlank()).map(e -> e + sep).toList();
    }

    /**
     * Reads one request (its head, then a Content-Length body) from a raw connection, for tests whose
     * upstream must misbehave at the byte level in ways an HTTP server library would not.
     */
    public static void readRequest(Socket socket) throws IOException {
        var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        int length = 0;
        for (String line; (line = in.readLine()) != null && !line.isEmpty(); )
            if (line.toLowerCase().startsWith("content-length:")) length = Integer.parseInt(line.substring(15).trim());
        in.skip(length); // ISO-8859-1: one char per byte
    }
}
