package litellm.http;

import litellm.error.ClientGone;
import litellm.error.LlmError;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SchemePortResolver;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.DetachedSocketFactory;
import org.apache.hc.client5.http.io.HttpClientConnectionOperator;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * The one HTTP client for upstream calls: Apache HttpClient's classic, blocking client. The thread that
 * serves a request writes the upstream call and reads its answer itself, so no selector thread has to
 * wake it (a non-blocking client costs two more thread wake-ups per call). Every call has a deadline
 * ({@link Deadlines}): a non-streamed answer must arrive whole within it; a stream is cut when it passes. A call
 * is cut too the moment the client it is made for leaves ({@link ClientPresence}).
 * Connection failures and deadlines become {@link LlmError}s (502, 504), a client that left {@link ClientGone},
 * so callers never hang and never see an IOException.
 */
public final class UpstreamClient {
    /** Headers the client sets itself from the URL and the body. */
    private static final Set<String> RESTRICTED = Set.of("host", "connection", "content-length", "transfer-encoding", "expect", "upgrade");
    private static final Deadlines DEADLINES = new Deadlines();
    /**
     * Each upstream connection's read buffer and write buffer. The client's default, 32 KB each, held 64 MB for
     * 1,000 streams (their events are 200 bytes); a long answer is read past the buffer into the reader's own array,
     * and a long request body is written past it, so neither needs more.
     */
    private static final int CONNECTION_BUFFER = 8192;
    /** The longest answer {@link #send(UpstreamRequest, byte[], Duration)} reads: the proxy's own calls (Langfuse, Hugging Face) get short ones. */
    private static final int WHOLE_AT_MOST = 64 << 20;

    /** An answer read whole. */
    public record Response(int status, Header[] headers, byte[] body) {
        /** A header's value (the name in any case), or null. */
        public String header(String name) {
            return first(headers, name);
        }
    }

    /** How an answer is read, as it arrives: on the thread that sent the call, within its deadline. */
    @FunctionalInterface
    public interface AnswerReader<T> {
        /** @param length the body's length when the upstream said it (and sent it uncompressed), else -1 */
        T read(int status, Header[] headers, InputStream body, long length) throws IOException;
    }

    /** A header's value (the name in any case), or null. */
    public static String header(Header[] headers, String name) {
        return first(headers, name);
    }

    /** An open stream; {@link #close()} releases the connection (an unfinished one is dropped). */
    public static final class Streaming implements AutoCloseable {
        private final ClassicHttpResponse response;
        private final InputStream body;
        private final long length;
        private final Deadlines.Watch watch;
        private final Cancellable call;
        private final ClientPresence client;

        private Streaming(ClassicHttpResponse response, Deadlines.Watch watch, Cancellable call, ClientPresence client, UpstreamRequest request) throws IOException {
            this.response = response;
            this.watch = watch;
            this.call = call;
            this.client = client;
            HttpEntity entity = response.getEntity();
            InputStream in = entity == null ? InputStream.nullInputStream() : entity.getContent();
            String encoding = first(response.getHeaders(), "content-encoding");
            this.body = encoding == null ? in : decoding(in, encoding, request);
            this.length = entity == null ? 0 : encoding == null ? entity.getContentLength() : -1;
        }

        public int status() {
            return response.getCode();
        }

        public String header(String name) {
            return first(response.getHeaders(), name);
        }

        public Header[] headers() {
            return response.getHeaders();
        }

        public InputStream body() {
            return body;
        }

        /**
         * The body, with {@code beforeWait} run before each read of it that may wait for more of it from the network
         * (and never before one that finds bytes already received): where a relay flushes what it has written.
         */
        public InputStream body(BeforeWaiting.Hook beforeWait) {
            return BeforeWaiting.body(body, beforeWait);
        }

        /** The body's length when the upstream said it (and sent it uncompressed), else -1. */
        long length() {
            return length;
        }

        /** True once the deadline has passed: the stream is then cut, and reads fail or end. */
        public boolean expired() {
            return watch.expired();
        }

        /** True once the client it was opened for has left: the stream is then cut, and reads fail or end. */
        public boolean clientLeft() {
            return ClientPresence.left(client);
        }

        /** Drops the connection unless the body was read to its end. */
        @Override
        public void close() {
            release(false);
        }

        /** Ends the deadline watch and gives the connection back to the pool, or drops it when the answer may have more. */
        private void release(boolean readToEnd) {
            DEADLINES.done(watch);
            ClientPresence.ended(client, call);
            if (!readToEnd && response instanceof CloseableHttpResponse c) c.close(CloseMode.IMMEDIATE);
            else closeQuietly(response);
        }

        /**
         * The answer was used up to the end its client needs (a stream's {@code [DONE]}, audio's last byte): what is
         * left of the body (the stream's last chunk, the end of the chunked coding) is read here through {@code rest},
         * the body as the relay reads it, which flushes the client before a read that would wait. It has nearly always
         * arrived with the end already, so no read waits, and the connection goes back to the pool. More than 64 KB of
         * it, or a failed read, and the connection is dropped instead; the request's deadline still bounds the read.
         * (A virtual thread per stream read it in the background: a tenth of a stream's CPU at c=8.)
         */
        public void finish(InputStream rest) {
            try {
                if (rest.read() < 0 || readToEnd(rest)) {
                    release(true);
                    return;
                }
            } catch (IOException e) {
                // the connection is dropped instead
            }
            close();
        }

        private static boolean readToEnd(InputStream rest) throws IOException {
            byte[] buffer = new byte[4096];
            int total = 0;
            int n;
            while ((n = rest.read(buffer)) >= 0)
                if ((total += n) > 65_536) return false;
            return true;
        }
    }

    /**
     * TLS, set up at the first https connection of the JVM (the holder class loads then): reading the JDK's
     * trust store took 170 ms of CPU in the first request's path, and a proxy for a local model over http
     * never needs it.
     */
    private static final class Tls {
        static final TlsSocketStrategy STRATEGY = DefaultClientTlsStrategy.createDefault(); // the JDK's trust store and protocols
    }

    /**
     * Upstream sockets that stay in blocking mode, so that a thread waiting for an answer makes one read call.
     * A plain {@link Socket} connected with a timeout stays non-blocking for good, and then every read is a read
     * that finds nothing, a poll, and a read again; a channel's socket goes back to blocking after its timed
     * connect. (A virtual thread still polls: that is how it waits without holding a carrier.)
     */
    private static final class BlockingSockets extends PoolingHttpClientConnectionManagerBuilder {
        @Override
        protected HttpClientConnectionOperator createConnectionOperator(SchemePortResolver ports, DnsResolver dns, TlsSocketStrategy tls) {
            DetachedSocketFactory sockets = proxy -> SocketChannel.open().socket(); // the client is given no SOCKS proxy
            return new DefaultHttpClientConnectionOperator(sockets, ports, dns, RegistryBuilder.<TlsSocketStrategy>create().register("https", tls).build());
        }
    }

    private final String userAgent;
    private volatile CloseableHttpClient http;

    public UpstreamClient(String userAgent) {
        this.userAgent = userAgent;
    }

    /** Made on first use: an offline-only proxy never needs its pool, TLS set-up or eviction thread. */
    private CloseableHttpClient http() {
        CloseableHttpClient h = http;
        if (h == null) {
            synchronized (this) {
                if (http == null) http = start();
                h = http;
            }
        }
        return h;
    }

    private CloseableHttpClient start() {
        var connections = new BlockingSockets()
                .setConnectionFactory(socket -> { // connections whose socket reads run a relay's flush (BeforeWaiting)
                    var c = new BeforeWaiting.Connection(Http1Config.custom().setBufferSize(CONNECTION_BUFFER).build());
                    if (socket != null) c.bind(socket);
                    return c;
                })
                .setTlsSocketStrategy((socket, target, port, attachment, context) ->
                        Tls.STRATEGY.upgrade(socket, target, port, attachment, context))
                // One upstream commonly serves a thousand concurrent streams: the pool must not make them queue.
                .setMaxConnPerRoute(8192)
                .setMaxConnTotal(16_384)
                .setConnectionConfigResolver(ResendOnNewConnection.connectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofSeconds(10))
                        .setSocketTimeout(Timeout.DISABLED) // a slow model may be silent for long: only the deadline counts
                        // An upstream closes idle keep-alive connections (often after 2-75 s): one idle for 1 s is
                        // checked before reuse (a 1 ms read), instead of failing the request sent on it. One closed
                        // since, a call loses: ResendOnNewConnection sends it again.
                        .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                        .build()))
                .build();
        return HttpClients.custom()
                .setConnectionManager(connections)
                .setUserAgent(userAgent)
                .disableContentCompression() // no Accept-Encoding; a body compressed anyway is decoded (decoding(): why)
                .disableAutomaticRetries() // the router retries, with the deployment's own policy
                // but a call a reused connection lost before any answer is sent once more here, on a new connection
                .setRequestExecutor(new ResendOnNewConnection.Executor())
                .addExecInterceptorBefore(ChainElement.PROTOCOL.name(), ResendOnNewConnection.NAME, new ResendOnNewConnection())
                .disableCookieManagement() // one client serves every user: no cookie may pass between them
                .disableAuthCaching() // a 401 is the upstream's answer to relay as it is
                .evictIdleConnections(TimeValue.ofSeconds(60))
                .build();
    }

    /**
     * Sends the request and hands its answer to {@code reader} as it arrives, on this thread and within the deadline.
     * A body the reader leaves unread is not drained: the connection is dropped (an answer may be gigabytes long).
     */
    public <T> T send(UpstreamRequest request, byte[] body, Duration timeout, AnswerReader<T> reader) {
        Streaming s = open(request, body, timeout);
        EndSeen in = new EndSeen(s.body());
        try {
            T answer = reader.read(s.status(), s.response.getHeaders(), in, s.length());
            if (s.clientLeft()) throw ClientPresence.gone(); // cut: what was read may end anywhere
            return answer;
        } catch (ZipException e) {
            throw LlmError.badGateway(host(request) + " answered a body that is not valid " + s.header("content-encoding") + " (Content-Encoding): " + e.getMessage());
        } catch (IOException e) {
            throw failure(request, e, s.watch, timeout, s.client);
        } catch (RuntimeException e) { // a reader's error on a body cut because the client left
            throw s.clientLeft() ? ClientPresence.gone() : e;
        } finally {
            s.release(in.ended);
        }
    }

    /** The whole answer of a call the proxy makes for itself; one over {@link #WHOLE_AT_MOST} is a 502. */
    public Response send(UpstreamRequest request, byte[] body, Duration timeout) {
        return send(request, body, timeout, (status, headers, in, length) -> {
            byte[] bytes = in.readNBytes(WHOLE_AT_MOST + 1);
            if (bytes.length > WHOLE_AT_MOST) throw LlmError.badGateway(host(request) + " answered with more than " + (WHOLE_AT_MOST >> 20) + " MB");
            return new Response(status, headers, bytes);
        });
    }

    /** Opens a stream: returns once the status and headers are in, with the body still arriving. */
    public Streaming open(UpstreamRequest request, byte[] body, Duration timeout) {
        HttpUriRequestBase r = build(request, body);
        ClientPresence client = ClientPresence.calling(r);
        Deadlines.Watch watch = DEADLINES.watch(timeout, r, client);
        ClassicHttpResponse response = null;
        try {
            response = http().executeOpen(null, r, null);
            return new Streaming(response, watch, r, client, request);
        } catch (IOException | RuntimeException e) { // RuntimeException: an encoding the proxy cannot decode, a request cut before it was sent
            DEADLINES.done(watch);
            ClientPresence.ended(client, r);
            if (response instanceof CloseableHttpResponse c) c.close(CloseMode.IMMEDIATE);
            if (e instanceof IOException io) throw failure(request, io, watch, timeout, client);
            throw ClientPresence.left(client) ? ClientPresence.gone() : (RuntimeException) e;
        }
    }

    /** An answer's body that knows whether it was read to its end. */
    private static final class EndSeen extends FilterInputStream {
        boolean ended;

        EndSeen(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b < 0) ended = true;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n < 0) ended = true;
            return n;
        }
    }

    /**
     * A body the upstream compressed though the proxy sent no Accept-Encoding, decoded: gzip and deflate (zlib or
     * raw). Others (br, zstd) need libraries the proxy does not carry: a 502 that says so. Content compression
     * stays disabled in the client: it would ask every upstream for compressed answers, which costs CPU on both
     * sides for the small bodies of a local network and makes a compressing server hold back a stream's events.
     */
    private static InputStream decoding(InputStream in, String encoding, UpstreamRequest request) throws IOException {
        String e = encoding.strip().toLowerCase(Locale.ROOT);
        try {
            return switch (e) {
                case "", "identity" -> in;
                case "gzip", "x-gzip" -> new GZIPInputStream(in, 8192);
                case "deflate" -> {
                    var buffered = new BufferedInputStream(in, 8192);
                    buffered.mark(2);
                    int b0 = buffered.read(), b1 = buffered.read();
                    buffered.reset();
                    boolean zlib = b0 >= 0 && b1 >= 0 && (b0 & 0x0f) == 8 && ((b0 << 8) | b1) % 31 == 0;
                    yield new InflaterInputStream(buffered, new Inflater(!zlib), 8192);
                }
                default -> throw LlmError.badGateway(host(request) + " answered with Content-Encoding: " + BodyText.excerpt(encoding)
                        + ", which the proxy cannot decode (it decodes gzip and deflate)");
            };
        } catch (ZipException | EOFException x) {
            throw LlmError.badGateway(host(request) + " answered a body that is not valid " + e + " (Content-Encoding): "
                    + (x.getMessage() == null ? "it ends too soon" : x.getMessage()));
        }
    }

    private static String first(Header[] headers, String name) {
        for (Header h : headers)
            if (h.getName().equalsIgnoreCase(name)) return h.getValue();
        return null;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // the connection is being dropped anyway
        }
    }

    /**
     * {@code timeout} is what was left of the request's deadline for this call, a hair under request_timeout for the
     * first: in whole seconds rounded up, so that a 1 s request_timeout does not read "within 0 s".
     */
    public static LlmError timedOut(UpstreamRequest request, Duration timeout) {
        long seconds = (timeout.toMillis() + 999) / 1000;
        return LlmError.timeout(host(request) + " did not answer within " + seconds + " s (request_timeout)");
    }

    private static HttpUriRequestBase build(UpstreamRequest request, byte[] body) {
        HttpUriRequestBase r = new HttpUriRequestBase(request.method(), request.url());
        if (body != null) r.setEntity(new ByteArrayEntity(body, null));
        for (var h : request.headers().entrySet()) {
            if (h.getValue() == null || RESTRICTED.contains(h.getKey().toLowerCase())) continue;
            r.setHeader(h.getKey(), h.getValue()); // set: a script's User-Agent replaces the default one
        }
        return r;
    }

    /** A call that failed, as the caller's error: the client left ({@link ClientGone}), the deadline passed (504), or a 502. */
    private static RuntimeException failure(UpstreamRequest request, IOException cause, Deadlines.Watch watch, Duration timeout, ClientPresence client) {
        if (ClientPresence.left(client)) return ClientPresence.gone();
        if (watch.expired()) return timedOut(request, timeout);
        if (cause instanceof ConnectTimeoutException || cause instanceof SocketTimeoutException)
            return LlmError.badGateway("could not connect to " + host(request) + ": connect timed out");
        if (cause instanceof ConnectException || cause instanceof UnknownHostException)
            return LlmError.badGateway("could not connect to " + host(request) + ": " + (cause.getMessage() == null ? "connection refused" : cause.getMessage()));
        return LlmError.badGateway("call to " + host(request) + " failed: " + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()));
    }

    /** What a failed read of an upstream's body means, in a sentence for the client. */
    public static String describe(IOException e) {
        if (e instanceof ConnectionClosedException || e instanceof EOFException || e.getMessage() == null)
            return "the connection closed before the answer was complete";
        return e.getMessage().length() > 200 ? e.getMessage().substring(0, 200) + "…" : e.getMessage();
    }

    static String host(UpstreamRequest request) {
        var url = request.url();
        return url.getScheme() + "://" + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "");
    }
}
