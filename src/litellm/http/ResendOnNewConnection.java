package litellm.http;

import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.core5.function.Resolver;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.EndpointDetails;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.HttpClientConnection;
import org.apache.hc.core5.http.io.HttpResponseInformationCallback;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.http.impl.io.HttpRequestExecutor;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.TimeValue;

import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * A call that a reused pooled connection lost before a byte of its answer came is sent once more, on a new
 * connection, within the same deadline. Servers close idle keep-alive connections whenever they like: the JDK's
 * at once when it would be its 201st idle one, uvicorn (vLLM, TGI) after 5 s, nginx at keepalive_timeout or
 * keepalive_requests. The pool's check of a connection idle for over a second before reuse catches most such
 * closes, not one that follows the answer by milliseconds. A close that crosses a call on the wire looks like the
 * call failing; what sets it apart is a connection that served before and gave not a byte of this answer. (An
 * upstream that took the call and died before answering looks the same: the OpenAI SDK, which LiteLLM calls with,
 * resends on any connection error.) The call's body is bytes the proxy holds, so it can be sent again. Every other
 * failure, a new connection's above all, is the router's to retry, with the deployment's own policy.
 */
final class ResendOnNewConnection implements ExecChainHandler {
    /** Bound while the call is sent again: the pool then gives it a new connection, not another idle one. */
    private static final ScopedValue<Boolean> RESENDING = ScopedValue.newInstance();

    /** The handler's name in the client's chain. */
    static final String NAME = "resend-on-new-connection";

    /**
     * The pool's settings, {@code usual} but while a call is resent: a time to live of 0 then makes the pool close
     * the idle connection it would hand out and open a new one in its place (the connection that failed is gone
     * already; one idle beside it may have been closed by the same server at the same moment).
     */
    static Resolver<HttpRoute, ConnectionConfig> connectionConfig(ConnectionConfig usual) {
        ConnectionConfig fresh = ConnectionConfig.copy(usual).setTimeToLive(TimeValue.ZERO_MILLISECONDS).build();
        return route -> RESENDING.isBound() ? fresh : usual;
    }

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain) throws IOException, HttpException {
        try {
            return chain.proceed(request, scope);
        } catch (Lost lost) {
            if (scope.execRuntime.isExecutionAborted()) throw lost.failure; // cut: by the deadline or a client that left
            // A copy of the request as the caller made it: the one sent has the headers the chain added to it.
            ClassicHttpRequest again = ClassicRequestBuilder.copy(scope.originalRequest).build();
            try {
                return ScopedValue.where(RESENDING, Boolean.TRUE).call(() -> chain.proceed(again, scope));
            } catch (IOException | HttpException | RuntimeException e) {
                throw e;
            } catch (Exception e) { // none other is thrown: call() declares what the two above have in common
                throw new IllegalStateException(e);
            }
        }
    }

    /** The failure of a call sent on a reused connection that received nothing of its answer. */
    static final class Lost extends IOException {
        final IOException failure;

        Lost(IOException failure) {
            super(failure.getMessage(), failure);
            this.failure = failure;
        }
    }

    /**
     * Sends a call on a connection and reads its answer's head, and tells a reused connection's failure before any
     * byte of the answer ({@link Lost}) from every other: by the connection's counts of answers and bytes received,
     * which it keeps anyway (no allocation, no system call).
     */
    static final class Executor extends HttpRequestExecutor {
        @Override
        public ClassicHttpResponse execute(ClassicHttpRequest request, HttpClientConnection connection,
                                           HttpResponseInformationCallback informationCallback, HttpContext context) throws IOException, HttpException {
            EndpointDetails counts = connection.getEndpointDetails();
            boolean reused = counts != null && counts.getResponseCount() > 0;
            long received = reused ? counts.getReceivedBytesCount() : 0;
            try {
                return super.execute(request, connection, informationCallback, context);
            } catch (IOException e) {
                // InterruptedIOException: a timeout or an interrupt, not the upstream's close
                if (reused && counts.getReceivedBytesCount() == received && !(e instanceof InterruptedIOException)) throw new Lost(e);
                throw e;
            }
        }
    }
}
