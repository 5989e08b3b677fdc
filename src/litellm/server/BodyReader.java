package litellm.server;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import litellm.error.LlmError;
import litellm.http.BodyText;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * A request's body, read whole before its call. What has arrived is read on the spot: a body sent with its head, as
 * nearly every client sends it, costs nothing more, and the call goes on on the same thread. The rest of a body still
 * on its way is read as it arrives (servlet async I/O): no thread waits for it, so a client that trickles its body
 * holds a connection and a buffer, not a thread. It must be whole within general_settings.client_body_timeout of the
 * end of the head, else 408: at each read the connection's idle timeout is set to what is left of that time, so a
 * read that waits past it fails. A body over max_request_size_mb is refused (413) on its Content-Length, before it is
 * read, or once a chunked one passes it; one that ends before its length or its last chunk is a 400.
 */
final class BodyReader implements ReadListener {
    /** The first buffer of a chunked body, which has no length to size it by. */
    private static final int CHUNKED_START = 16 << 10;

    private final HttpServletRequest request;
    /** Jetty's request under it: when its head ended, its connection. */
    private final Request base;
    private final int maxBody;
    private final Duration timeout;
    private final long length;
    private final CompletableFuture<byte[]> whole = new CompletableFuture<>();
    private ServletInputStream in;
    private byte[] bytes;
    private int size;

    BodyReader(HttpServletRequest request, int maxBody, Duration timeout) {
        this.request = request;
        this.base = Request.getBaseRequest(request);
        this.maxBody = maxBody;
        this.timeout = timeout;
        this.length = request.getContentLengthLong();
    }

    /** The body, when it has all arrived with a Content-Length; null when there is more to wait for: then {@link #rest}. */
    byte[] arrived() {
        if (length > maxBody) throw tooLarge();
        try {
            in = request.getInputStream();
            if (length < 0) return null; // chunked: its end is known only once read
            bytes = new byte[(int) length];
            while (size < length) {
                int ready = in.available(); // what is read and parsed, without waiting
                if (ready == 0) return null;
                int n = in.read(bytes, size, (int) Math.min(ready, length - size));
                if (n < 0) throw incomplete(null);
                size += n;
            }
            restoreIdleTimeout(); // the connection may have waited for this body with a shorter one
            return bytes;
        } catch (IOException e) {
            throw incomplete(e);
        }
    }

    /** The rest of the body, read as it arrives; only from within the request's async context. */
    CompletableFuture<byte[]> rest() {
        if (bytes == null) bytes = new byte[CHUNKED_START];
        long left = millisLeft(base, timeout);
        if (left <= 0) return CompletableFuture.failedFuture(timedOut(timeout));
        endPoint().setIdleTimeout(left); // a read that waits longer fails
        in.setReadListener(this);
        return whole;
    }

    @Override
    public void onDataAvailable() {
        try {
            while (!whole.isDone()) {
                // Checked before isReady(), which leaves a read pending when nothing is there: a request must not end with one
                long left = millisLeft(base, timeout);
                if (left <= 0) throw timedOut(timeout);
                if (!in.isReady()) { // Jetty waits for more, then calls again
                    endPoint().setIdleTimeout(left);
                    return;
                }
                if (size == bytes.length && length >= 0) {
                    in.read(); // all of its Content-Length is in: what is left is the end, and onAllDataRead follows
                    return;
                }
                if (size == bytes.length) grow();
                int n = in.read(bytes, size, bytes.length - size);
                if (n < 0) return; // the end: onAllDataRead follows
                size += n;
            }
        } catch (IOException e) {
            whole.completeExceptionally(incomplete(e));
        } catch (LlmError e) {
            whole.completeExceptionally(e);
        } catch (OutOfMemoryError e) { // a chunked body's buffer grown while the heap was full
            whole.completeExceptionally(ProxyServer.outOfMemory(e));
        }
    }

    @Override
    public void onAllDataRead() {
        if (length >= 0 && size < length) {
            whole.completeExceptionally(incomplete(null));
            return;
        }
        restoreIdleTimeout();
        whole.complete(size == bytes.length ? bytes : Arrays.copyOf(bytes, size));
    }

    @Override
    public void onError(Throwable t) {
        whole.completeExceptionally(incomplete(t));
    }

    /** The body is in: the connector's idle timeout again, for the call's answer. */
    private void restoreIdleTimeout() {
        long idle = base.getHttpChannel().getConnector().getIdleTimeout();
        if (endPoint().getIdleTimeout() != idle) endPoint().setIdleTimeout(idle);
    }

    private EndPoint endPoint() {
        return base.getHttpChannel().getEndPoint();
    }

    /** A chunked body's buffer, doubled up to the limit; past it, a 413. */
    private void grow() {
        if (bytes.length > maxBody) throw tooLarge();
        bytes = Arrays.copyOf(bytes, (int) Math.min((long) bytes.length * 2, maxBody + 1L));
    }

    /** What is left, in ms (none: 0 or less), of the time a body may take to arrive: {@code timeout} from the end of its head. */
    static long millisLeft(Request request, Duration timeout) {
        return request.getTimeStamp() + timeout.toMillis() - System.currentTimeMillis();
    }

    /** A timeout as a person writes it: "60 s", "1.5 s". */
    static String seconds(Duration timeout) {
        long ms = timeout.toMillis();
        return (ms % 1000 == 0 ? String.valueOf(ms / 1000) : String.valueOf(ms / 1000.0)) + " s";
    }

    private LlmError tooLarge() {
        return new LlmError(413, "invalid_request_error", "the request body is larger than " + BodyText.megabytes(maxBody)
                + " MB (general_settings.max_request_size_mb)", null, "request_too_large", null);
    }

    private static LlmError timedOut(Duration timeout) {
        return new LlmError(408, "timeout", "the request body did not arrive whole within " + seconds(timeout)
                + " (general_settings.client_body_timeout)", null, "request_timeout", null);
    }

    /**
     * A body that ended before its Content-Length or its last chunk (the client closed its side), whose chunks are
     * broken, or whose time ran out (the read's idle timeout): the request is refused, it never reaches a provider.
     * Should the client be gone, the answer is lost quietly, as any write to a client that left.
     */
    private LlmError incomplete(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause())
            if (c instanceof TimeoutException) return timedOut(timeout);
        return LlmError.badRequest("the request body ended before it was whole" + (e == null || e.getMessage() == null ? "" : " (" + e.getMessage() + ")"),
                null, "incomplete_body");
    }
}
