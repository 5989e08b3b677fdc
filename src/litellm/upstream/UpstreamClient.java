package litellm.upstream;

import litellm.openai.LlmError;
import litellm.provider.UpstreamRequest;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one HTTP client for upstream calls. Every call has a deadline: a non-streamed answer must
 * arrive whole within it; a stream is cut when it passes. Connection failures and deadlines become
 * {@link LlmError}s (502, 504), so callers never hang and never see an IOException.
 */
public final class UpstreamClient {
    /** Headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("host", "connection", "content-length", "expect", "upgrade");
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "upstream-deadlines");
        t.setDaemon(true);
        return t;
    });

    public record Response(int status, HttpHeaders headers, byte[] body) {}

    /** An open stream; {@link #close()} releases the connection and cancels the deadline. */
    public record Streaming(int status, HttpHeaders headers, InputStream body, ScheduledFuture<?> deadline,
                            AtomicBoolean expired) implements AutoCloseable {
        @Override
        public void close() {
            deadline.cancel(false);
            closeQuietly(body);
        }

        /**
         * The stream ended normally ({@code [DONE]}): read what is left of the body (the final chunk) in
         * the background before closing, so the connection goes back to the pool instead of being
         * dropped, without making the client wait for it.
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
                    close(); // the deadline stays armed until here, so a silent upstream cannot hold this thread
                }
            });
        }
    }

    private final String userAgent;
    private volatile HttpClient http;

    public UpstreamClient(String userAgent) {
        this.userAgent = userAgent;
    }

    /** Made on first use: building one sets up TLS, which an offline-only proxy never needs at start-up. */
    private HttpClient http() {
        HttpClient h = http;
        if (h == null) {
            synchronized (this) {
                if (http == null)
                    http = HttpClient.newBuilder()
                            .version(HttpClient.Version.HTTP_1_1) // plain-http upstreams (vLLM, TGI, Ollama) mishandle h2c upgrades
                            .connectTimeout(Duration.ofSeconds(10))
                            .followRedirects(HttpClient.Redirect.NORMAL)
                            .executor(Executors.newVirtualThreadPerTaskExecutor())
                            .build();
                h = http;
            }
        }
        return h;
    }

    public Response send(UpstreamRequest request, byte[] body, Duration timeout) {
        CompletableFuture<HttpResponse<byte[]>> future = http().sendAsync(build(request, body, timeout), HttpResponse.BodyHandlers.ofByteArray());
        try {
            HttpResponse<byte[]> r = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Response(r.statusCode(), r.headers(), r.body());
        } catch (TimeoutException e) {
            future.cancel(true);
            throw timedOut(request, timeout);
        } catch (ExecutionException e) {
            throw failure(request, e.getCause(), timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LlmError.badGateway("interrupted while calling " + host(request));
        }
    }

    /** Opens a stream: returns once the status and headers are in, with the body still arriving. */
    public Streaming open(UpstreamRequest request, byte[] body, Duration timeout) {
        long deadlineNanos = System.nanoTime() + timeout.toNanos();
        CompletableFuture<HttpResponse<InputStream>> future = http().sendAsync(build(request, body, timeout), HttpResponse.BodyHandlers.ofInputStream());
        HttpResponse<InputStream> r;
        try {
            r = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw timedOut(request, timeout);
        } catch (ExecutionException e) {
            throw failure(request, e.getCause(), timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LlmError.badGateway("interrupted while calling " + host(request));
        }
        AtomicBoolean expired = new AtomicBoolean();
        InputStream in = r.body();
        ScheduledFuture<?> deadline = DEADLINES.schedule(() -> {
            expired.set(true);
            try {
                in.close(); // unblocks the reader, which then reports the timeout
            } catch (IOException ignored) {
                // closing is all we want
            }
        }, Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        return new Streaming(r.statusCode(), r.headers(), in, deadline, expired);
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

    private HttpRequest build(UpstreamRequest request, byte[] body, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(request.url()).timeout(timeout)
                .method(request.method(), body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        boolean hasUserAgent = false;
        for (var h : request.headers().entrySet()) {
            String name = h.getKey().toLowerCase();
            if (RESTRICTED.contains(name) || h.getValue() == null) continue;
            hasUserAgent |= name.equals("user-agent");
            b.header(h.getKey(), h.getValue());
        }
        if (!hasUserAgent) b.header("User-Agent", userAgent);
        return b.build();
    }

    private static LlmError failure(UpstreamRequest request, Throwable cause, Duration timeout) {
        if (cause instanceof HttpConnectTimeoutException) return LlmError.badGateway("could not connect to " + host(request) + ": connect timed out");
        if (cause instanceof HttpTimeoutException) return timedOut(request, timeout);
        if (cause instanceof ConnectException || cause instanceof UnresolvedAddressException || cause.getCause() instanceof UnresolvedAddressException)
            return LlmError.badGateway("could not connect to " + host(request) + ": " + (cause.getMessage() == null ? "connection refused" : cause.getMessage()));
        return LlmError.badGateway("call to " + host(request) + " failed: " + cause);
    }

    static String host(UpstreamRequest request) {
        var url = request.url();
        return url.getScheme() + "://" + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "");
    }
}
