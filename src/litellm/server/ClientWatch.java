package litellm.server;

import jakarta.servlet.http.HttpServletRequest;
import litellm.http.ClientPresence;
import org.eclipse.jetty.io.AbstractEndPoint;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeoutException;

/**
 * Watches a client's connection while the proxy waits on the upstream for it, so that a client that leaves is
 * noticed at once: otherwise only a write to it would fail, at a stream's next chunk, or never while a whole answer
 * is awaited. Once a request's body is read, Jetty reads nothing more from its connection until the answer is
 * written; the watch asks Jetty's selector to wake it when the connection turns readable, which it does at the
 * client's FIN or reset. The selector wakes on the kernel's event: no thread waits and nothing polls. Then a read:
 * its end (or failure) means the client left, and its {@link ClientPresence} cuts the upstream call. (A client that
 * only closed its sending side sends the same FIN: it is taken for one that left, as nginx and uvicorn take it.)
 * <p>
 * Bytes instead of an end are a request the client sent ahead (HTTP pipelining): they go back to the connection,
 * which serves them next, and the watch ends. The watch is armed at the request's first upstream call and must be
 * {@link #stop stopped} before the request's answer completes: Jetty then waits for the next request itself.
 */
final class ClientWatch implements Callback {
    /** Enough for the end of a stream, and a start of what a pipelining client sent, which goes back whole. */
    private static final int READ = 1024;
    private static final Throwable STOPPED = new Throwable("the request was served", null, false, false) {};

    private final AbstractEndPoint endPoint;
    private final ClientPresence presence = new ClientPresence(this::start);
    // guarded by this
    private boolean armed;
    private boolean stopped;

    private ClientWatch(AbstractEndPoint endPoint) {
        this.endPoint = endPoint;
    }

    /** The watch of the connection {@code request} came on. */
    static ClientWatch of(HttpServletRequest request) {
        Request base = Request.getBaseRequest(request);
        EndPoint endPoint = base == null ? null : base.getHttpChannel().getEndPoint();
        return new ClientWatch(endPoint instanceof AbstractEndPoint e ? e : null);
    }

    /** What the upstream calls of the request see of the client. */
    ClientPresence presence() {
        return presence;
    }

    private synchronized void start() {
        if (endPoint != null && !stopped && !armed) armed = endPoint.tryFillInterested(this); // false: Jetty reads itself
    }

    /** The request is served: the connection is Jetty's again. */
    synchronized void stop() {
        stopped = true;
        if (armed) {
            armed = false;
            endPoint.getFillInterest().onFail(STOPPED); // the interest is the watch's while it is armed
        }
    }

    /** The connection turned readable: the client's end, or bytes it sent ahead. */
    @Override
    public void succeeded() {
        synchronized (this) {
            armed = false;
            if (stopped) return; // the readiness is the connection's, to find when it reads next
            ByteBuffer read = BufferUtil.allocate(READ);
            int n;
            try {
                n = endPoint.fill(read);
            } catch (IOException e) {
                n = -1; // a reset
            }
            if (n == 0) armed = endPoint.tryFillInterested(this); // woken for nothing: watch on
            if (n > 0 && endPoint.getConnection() instanceof Connection.UpgradeTo connection) connection.onUpgradeTo(read);
            if (n >= 0) return;
        }
        presence.left();
    }

    @Override
    public void failed(Throwable x) {
        synchronized (this) {
            armed = false;
            if (stopped) return;
            // The connection's idle timeout passed while the upstream was slow: no sign the client left
            if (x instanceof TimeoutException) {
                armed = endPoint.tryFillInterested(this);
                return;
            }
        }
        presence.left(); // the connection was closed
    }
}
