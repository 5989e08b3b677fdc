package litellm.upstream;

import litellm.openai.LlmError;
import litellm.provider.UpstreamRequest;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.ProxyAuthenticationProtocolHandler;
import org.eclipse.jetty.client.WWWAuthenticationProtocolHandler;
import org.eclipse.jetty.client.api.ContentResponse;
import org.eclipse.jetty.client.api.Request;
import org.eclipse.jetty.client.util.BytesRequestContent;
import org.eclipse.jetty.client.util.FutureResponseListener;
import org.eclipse.jetty.client.util.InputStreamResponseListener;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one HTTP client for upstream calls: Jetty's, the same Jetty the server runs on (it costs less
 * CPU per request than the JDK's client). Every call has a deadline: a non-streamed answer must
 * arrive whole within it; a stream is cut when it passes. Connection failures and deadlines become
 * {@link LlmError}s (502, 504), so callers never hang and never see an IOException.
 */
public final class UpstreamClient {
    /** Headers the client sets itself from the URL and the body. */
    private static final Set<String> RESTRICTED = Set.of("host", "connection", "content-length", "expect", "upgrade");
    /** The largest non-streamed answer kept in memory (embeddings of many inputs are the big ones). */
    private static final int MAX_BODY = 256 << 20;

    public record Response(int status, HttpFields headers, byte[] body) {
        /** A header's value (the name in any case), or null. */
        public String header(String name) {
            return headers.get(name);
        }
    }

    /** An open stream; {@link #close()} releases the connection (an unfinished one is dropped). */
    public record Streaming(int status, HttpFields headers, InputStream body, long deadlineNanos) implements AutoCloseable {
        public String header(String name) {
            return headers.get(name);
        }

        /** True once the deadline has passed: the client then cut the stream, and reads fail or end. */
        public boolean expired() {
            return System.nanoTime() - deadlineNanos >= 0;
        }

        /** Whether a failed read was the deadline cutting the stream (Jetty's timer may fire a hair before our clock agrees). */
        public boolean expired(IOException failure) {
            for (Throwable t = failure; t != null; t = t.getCause())
                if (t instanceof TimeoutException) return true;
            return expired();
        }

        @Override
        public void close() {
            closeQuietly(body);
        }

        /**
         * The stream ended normally ({@code [DONE]}): read what is left of the body (the final chunk) in
         * the background before closing, so the connection goes back to the pool instead of being
         * dropped, without making the client wait for it. The request's deadline still bounds this.
         */
        public void finishInBackground() {
            Thread.ofVirtual().name("drain").start(() -> {
                try {
                    byte[] buffer = new byte[8192];
                    int total = 0;
                    for (int n; total < 65_536 && (n = body.read(buffer)) >= 0; total += n) { /* drain */ }
                } catch (IOException ignored) {
                    // the connection is dropped instead
                } finally {
                    close();
                }
            });
        }
    }

    private final String userAgent;
    private volatile HttpClient http;

    public UpstreamClient(String userAgent) {
        this.userAgent = userAgent;
    }

    /** Made on first use: starting one sets up TLS and threads, which an offline-only proxy never needs. */
    private HttpClient http() {
        HttpClient h = http;
        if (h == null) {
            synchronized (this) {
                if (http == null) http = start();
                h = http;
            }
        }
        return h;
    }

    private HttpClient start() {
        HttpClient h = new HttpClient();
        QueuedThreadPool threads = new QueuedThreadPool(200, 2, 60_000);
        threads.setName("upstream");
        threads.setDaemon(true);
        h.setExecutor(threads);
        h.setConnectTimeout(10_000);
        h.setIdleTimeout(60_000); // pooled connections left unused this long are closed; a request's own deadline overrides it
        h.setFollowRedirects(true);
        // One upstream commonly serves a thousand concurrent streams: neither cap may make them queue.
        h.setMaxConnectionsPerDestination(8192);
        h.setMaxRequestsQueuedPerDestination(65_536);
        h.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, userAgent));
        h.getContentDecoderFactories().clear(); // no Accept-Encoding: bodies and streams are relayed as the upstream sends them
        try {
            h.start();
            // A 401/407 is the upstream's answer to relay as it is, not a challenge for this client to take up
            // (start() installs these handlers, so they go after it).
            h.getProtocolHandlers().remove(WWWAuthenticationProtocolHandler.NAME);
            h.getProtocolHandlers().remove(ProxyAuthenticationProtocolHandler.NAME);
        } catch (Exception e) {
            throw LlmError.internal("cannot start the upstream HTTP client: " + e);
        }
        return h;
    }

    public Response send(UpstreamRequest request, byte[] body, Duration timeout) {
        Request r = build(request, body, timeout);
        FutureResponseListener listener = new FutureResponseListener(r, MAX_BODY);
        r.send(listener);
        // No time limit on this wait: the request's timeout ends it, and a timed wait would cost every
        // request a timer on the virtual-thread scheduler.
        ContentResponse c = await(r, listener::get, request, timeout);
        return new Response(c.getStatus(), c.getHeaders(), c.getContent());
    }

    /** Opens a stream: returns once the status and headers are in, with the body still arriving. */
    public Streaming open(UpstreamRequest request, byte[] body, Duration timeout) {
        long deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout.toMillis()); // Jetty counts whole milliseconds
        Request r = build(request, body, timeout); // the request's total timeout aborts the stream at the deadline
        InputStreamResponseListener listener = new InputStreamResponseListener();
        r.send(listener);
        var response = await(r, () -> listener.get(timeout.toMillis(), TimeUnit.MILLISECONDS), request, timeout);
        return new Streaming(response.getStatus(), response.getHeaders(), listener.getInputStream(), deadlineNanos);
    }

    /** How Jetty's listeners hand over a response. */
    @FunctionalInterface
    private interface Waiting<T> {
        T get() throws InterruptedException, ExecutionException, TimeoutException;
    }

    /**
     * Waits for the response (its headers, for a stream); failures become 502/504 errors. The
     * request's own timeout (see build) fails it at the deadline.
     */
    private static <T> T await(Request r, Waiting<T> response, UpstreamRequest request, Duration timeout) {
        try {
            return response.get();
        } catch (TimeoutException e) {
            r.abort(e);
            throw timedOut(request, timeout);
        } catch (ExecutionException e) {
            throw failure(request, e.getCause(), timeout);
        } catch (InterruptedException e) {
            r.abort(e);
            Thread.currentThread().interrupt();
            throw LlmError.badGateway("interrupted while calling " + host(request));
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the connection is being dropped anyway
        }
    }

    public static LlmError timedOut(UpstreamRequest request, Duration timeout) {
        return LlmError.timeout(host(request) + " did not answer within " + timeout.toSeconds() + " s (request_timeout)");
    }

    private Request build(UpstreamRequest request, byte[] body, Duration timeout) {
        Request r = http().newRequest(request.url()).method(request.method())
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .idleTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS); // a slow model may be silent for long: only the deadline counts
        if (body != null) r.body(new BytesRequestContent(body));
        r.headers(headers -> {
            for (var h : request.headers().entrySet()) {
                if (h.getValue() == null || RESTRICTED.contains(h.getKey().toLowerCase())) continue;
                headers.put(h.getKey(), h.getValue()); // put: a script's User-Agent replaces the default one
            }
        });
        return r;
    }

    private static LlmError failure(UpstreamRequest request, Throwable cause, Duration timeout) {
        if (cause instanceof TimeoutException) return timedOut(request, timeout);
        if (cause instanceof SocketTimeoutException) return LlmError.badGateway("could not connect to " + host(request) + ": connect timed out");
        if (cause instanceof ConnectException || cause instanceof UnknownHostException || cause instanceof UnresolvedAddressException)
            return LlmError.badGateway("could not connect to " + host(request) + ": " + (cause.getMessage() == null ? "connection refused" : cause.getMessage()));
        return LlmError.badGateway("call to " + host(request) + " failed: " + cause);
    }

    static String host(UpstreamRequest request) {
        var url = request.url();
        return url.getScheme() + "://" + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "");
    }
}
