package litellm.http;

import org.apache.hc.client5.http.impl.io.DefaultManagedHttpClientConnection;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.SocketHolder;

import javax.net.ssl.SSLSocket;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a relay's hook before each read of the upstream's socket, the read that may wait for the network: a relay
 * writes what the upstream already delivered to its client without flushing each piece, and flushes in the hook, once,
 * before it would wait. The hook is the thread's while it reads a stream's body ({@link #body}), and the upstream
 * connection ({@link Connection}) runs it before it reads its socket. The HTTP client reads its socket only once what
 * it holds of the answer is used up, so bytes already received (the next events of an instant stream, the chunk
 * header between two of them, the end of a stream) run no hook, whatever the body's transfer or content encoding.
 * (A check of the body's {@code available()} could not tell: a chunked body answers 0 at the end of each chunk.)
 */
public final class BeforeWaiting {
    /** What runs before a read that may wait; its IOException is the read's. */
    @FunctionalInterface
    public interface Hook {
        void beforeWait() throws IOException;
    }

    /** The hook of the body the thread is reading, else null. */
    private static final ThreadLocal<Hook> READING = new ThreadLocal<>();

    private BeforeWaiting() {}

    /** {@code body}, with {@code hook} run before each read of the socket under it made while reading it. */
    static InputStream body(InputStream body, Hook hook) {
        return new Body(body, hook);
    }

    private static final class Body extends FilterInputStream {
        private final Hook hook;

        Body(InputStream in, Hook hook) {
            super(in);
            this.hook = hook;
        }

        @Override
        public int read() throws IOException {
            READING.set(hook);
            try {
                return super.read();
            } finally {
                READING.set(null); // set, not removed: the thread's entry is reused by its next read
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            READING.set(hook);
            try {
                return super.read(buffer, offset, length);
            } finally {
                READING.set(null);
            }
        }
    }

    /** An upstream connection whose socket reads run the hook of the body being read on their thread, if any. */
    static final class Connection extends DefaultManagedHttpClientConnection {
        private static final AtomicLong MADE = new AtomicLong();

        Connection(Http1Config config) {
            super("upstream-" + MADE.incrementAndGet(), null, null, config, null, null, null, null);
        }

        @Override
        public void bind(Socket socket) throws IOException {
            bind(new Holder(socket));
        }

        @Override
        public void bind(SSLSocket tls, Socket socket) throws IOException {
            bind(new Holder(tls, socket));
        }
    }

    private static final class Holder extends SocketHolder {
        Holder(Socket socket) {
            super(socket);
        }

        Holder(SSLSocket tls, Socket socket) {
            super(tls, socket);
        }

        @Override
        protected InputStream getInputStream(Socket socket) throws IOException {
            return new SocketReads(socket.getInputStream());
        }
    }

    private static final class SocketReads extends FilterInputStream {
        SocketReads(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            beforeRead();
            return super.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            beforeRead();
            return super.read(buffer, offset, length);
        }

        private static void beforeRead() throws IOException {
            Hook hook = READING.get();
            if (hook != null) hook.beforeWait();
        }
    }
}
