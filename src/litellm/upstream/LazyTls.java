package litellm.upstream;

import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.protocol.HttpContext;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.Socket;

/**
 * The client's TLS, set up at the first https connection: reading the JDK's trust store takes about
 * 50 ms of CPU, in the first request's path, and a proxy for a local model (vLLM, Ollama, TGI over
 * http) never needs it.
 */
final class LazyTls implements TlsSocketStrategy {
    private volatile TlsSocketStrategy tls;

    @Override
    public SSLSocket upgrade(Socket socket, String target, int port, Object attachment, HttpContext context) throws IOException {
        return tls().upgrade(socket, target, port, attachment, context);
    }

    private TlsSocketStrategy tls() {
        TlsSocketStrategy t = tls;
        if (t == null) {
            synchronized (this) {
                if (tls == null) tls = DefaultClientTlsStrategy.createDefault(); // the JDK's trust store and protocols
                t = tls;
            }
        }
        return t;
    }
}
