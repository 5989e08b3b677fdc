package litellm.server;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import litellm.callbacks.CallTrace;
import litellm.engine.BodySink;
import org.eclipse.jetty.server.Request;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes an upstream's whole answer passed through unchanged: status 200, JSON, with its length when the upstream
 * gave it. An answer that fails once started is cut ({@link #abort}): the client sees a broken answer, never a
 * shorter one as whole.
 */
final class BodyWriter implements BodySink {
    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final CallTrace trace;
    private volatile boolean started;

    BodyWriter(HttpServletRequest request, HttpServletResponse response, CallTrace trace) {
        this.request = request;
        this.response = response;
        this.trace = trace;
    }

    @Override
    public OutputStream start(long length) throws IOException {
        started = true;
        response.setStatus(200);
        response.setContentType("application/json");
        LitellmHeaders.write(response, trace); // the cost is not known yet: LiteLLM's header goes without it
        if (length >= 0) response.setContentLengthLong(length);
        return response.getOutputStream();
    }

    @Override
    public boolean started() {
        return started;
    }

    /** Closes the client's connection: with the length sent, or chunked, a client then knows the answer is not whole. */
    void abort(Throwable cause) {
        Request.getBaseRequest(request).getHttpChannel().abort(cause);
    }
}
