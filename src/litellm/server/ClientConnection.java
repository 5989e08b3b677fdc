package litellm.server;

import litellm.config.ProxySettings.ClientLimits;
import litellm.error.LlmError;
import litellm.json.Json;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnection;
import org.eclipse.jetty.server.HttpConnectionFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * A client's HTTP/1.1 connection, on which a request's head must arrive whole within client_header_timeout of its
 * first byte, and its body within client_body_timeout of the head's end, as nginx times them: a client that trickles
 * them (a byte now and then, never idle long) is cut, where an idle timeout alone would wait for ever. Jetty reads a
 * head without a thread (its selector wakes when bytes arrive), so a head on its way holds none; a body on its way
 * holds none either ({@link BodyReader}).
 * <p>
 * No timer of its own: after each read, the connection's idle timeout is set to what is left of the phase's time.
 * Jetty measures idleness from the last read, so the timeout passes at the phase's end however the bytes trickle.
 * A head that has not arrived by then is answered with a 408 in OpenAI's shape, and the connection closed. A body is
 * the request's reader's to time once the request is dispatched; before that (Jetty waits for a body's first bytes
 * before it dispatches), its idle timeout passing fails the request's read, a 408 too. Between requests the idle
 * timeout is the connector's.
 */
final class ClientConnection extends HttpConnection {
    private final Supplier<ClientLimits> limits;
    /** System.nanoTime() by which the head being read must be whole; 0: no head is being read. */
    private volatile long headDeadline;
    private volatile boolean answeredTimeout;

    private ClientConnection(HttpConfiguration config, Connector connector, EndPoint endPoint, Supplier<ClientLimits> limits) {
        super(config, connector, endPoint, false);
        this.limits = limits;
    }

    /** Makes the proxy's connections, with the limits in force when each request arrives (a reloaded config's). */
    static final class Factory extends HttpConnectionFactory {
        private final Supplier<ClientLimits> limits;

        Factory(HttpConfiguration config, Supplier<ClientLimits> limits) {
            super(config);
            this.limits = limits;
        }

        @Override
        public Connection newConnection(Connector connector, EndPoint endPoint) {
            ClientConnection connection = new ClientConnection(getHttpConfiguration(), connector, endPoint, limits);
            connection.setUseInputDirectByteBuffers(isUseInputDirectByteBuffers());
            connection.setUseOutputDirectByteBuffers(isUseOutputDirectByteBuffers());
            return configure(connection, connector, endPoint);
        }
    }

    @Override
    public void onFillable() {
        super.onFillable(); // reads, parses, and serves a request whose head (and body) arrived
        if (getEndPoint().isOutputShutdown()) return; // closing: Jetty's idle timeout ends it
        idleTimeout(phaseIdleTimeout());
    }

    /** The answer is complete: the connection waits for its next request, as long as the connector lets it. */
    @Override
    public void onCompleted() {
        idleTimeout(getConnector().getIdleTimeout());
        super.onCompleted();
    }

    /** What is left of the time the part of a request being read has; the connector's idle timeout between requests. */
    private long phaseIdleTimeout() {
        HttpParser parser = getParser();
        if (parser.inHeaderState() && !parser.isStart()) {
            long now = System.nanoTime();
            long deadline = headDeadline;
            if (deadline == 0) headDeadline = deadline = now + limits.get().headerTimeout().toNanos();
            return Math.max(1, (deadline - now) / 1_000_000);
        }
        if (headDeadline != 0) headDeadline = 0;
        if (parser.inContentState()) return Math.max(1, BodyReader.millisLeft(getHttpChannel().getRequest(), limits.get().bodyTimeout()));
        return getConnector().getIdleTimeout();
    }

    private void idleTimeout(long millis) {
        if (getEndPoint().getIdleTimeout() != millis) getEndPoint().setIdleTimeout(millis);
    }

    /** The idle timeout passed: the head's time is up (a 408, once), else Jetty's own handling (close, or fail the body's read). */
    @Override
    protected boolean onReadTimeout(Throwable timeout) {
        if (headDeadline == 0 || answeredTimeout) return super.onReadTimeout(timeout);
        answeredTimeout = true;
        answerTimeout(limits.get().headerTimeout());
        return true; // Jetty shuts the output, then closes the connection
    }

    /**
     * A 408 written straight to the connection, as no request exists to answer through: the head is incomplete, so
     * nothing else writes to it. One non-blocking write; a client that reads nothing gets the closed connection alone.
     */
    private void answerTimeout(Duration timeout) {
        byte[] body = Json.bytes(new LlmError(408, "timeout", "the request's head (its request line and headers) did not arrive whole within "
                + BodyReader.seconds(timeout) + " (general_settings.client_header_timeout)", null, "request_timeout", null).body());
        String head = "HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        try {
            getEndPoint().flush(ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)), ByteBuffer.wrap(body));
        } catch (IOException e) {
            // the client is gone: the connection closes all the same
        }
    }
}
