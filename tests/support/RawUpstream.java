package litellm.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream on a bare server socket, for faults no HTTP server library would commit: a reset (TCP RST), a
 * connection dropped half-way through an answer, a broken status line or chunk, bytes that are no HTTP at all,
 * silence before the first byte. Each connection reads one request, then {@link Misbehaviour} does the rest.
 * {@link FakeUpstream} serves the faults an HTTP server can still commit (hangs, trickles, web pages, compression).
 */
public final class RawUpstream implements AutoCloseable {
    /** What the upstream does with a connection once the request is read. */
    @FunctionalInterface
    public interface Misbehaviour {
        void on(Socket socket) throws IOException, InterruptedException;
    }

    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile Misbehaviour misbehaviour;

    private RawUpstream(Misbehaviour misbehaviour) throws IOException {
        this.misbehaviour = misbehaviour;
        server = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("raw-upstream-accept").start(this::accept);
    }

    public static RawUpstream start(Misbehaviour misbehaviour) {
        try {
            return new RawUpstream(misbehaviour);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the connections accepted from now on get. */
    public RawUpstream misbehave(Misbehaviour next) {
        misbehaviour = next;
        return this;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Connections accepted so far. */
    public int accepted() {
        return accepted.get();
    }

    /** Connections the proxy has not closed yet, nor this upstream. */
    public int open() {
        open.removeIf(Socket::isClosed);
        return open.size();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        open.forEach(RawUpstream::closeQuietly);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                accepted.incrementAndGet();
                open.add(socket);
                Misbehaviour m = misbehaviour;
                Thread.ofVirtual().start(() -> serve(socket, m));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket, Misbehaviour m) {
        try {
            FakeUpstream.readRequest(socket);
            m.on(socket);
        } catch (IOException | InterruptedException ignored) {
            // the proxy hung up: what it made of that is what the test looks at
        } finally {
            closeQuietly(socket);
            open.remove(socket);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    // Misbehaviours.

    /** Writes {@code raw} (status line, headers and as much body as given) and closes the connection: a drop. */
    public static Misbehaviour writeThenClose(String raw) {
        return socket -> write(socket, raw);
    }

    /** Writes {@code raw}, then resets the connection (TCP RST) instead of closing it. */
    public static Misbehaviour writeThenReset(String raw) {
        return socket -> {
            write(socket, raw);
            Thread.sleep(50); // the proxy reads what came first, then the reset
            reset(socket);
        };
    }

    /** Resets the connection at once, without a byte of answer. */
    public static Misbehaviour reset() {
        return RawUpstream::reset;
    }

    /** Writes {@code raw} and then says nothing more, until the proxy gives up and closes its side. */
    public static Misbehaviour writeThenHang(String raw) {
        return socket -> {
            write(socket, raw);
            while (socket.getInputStream().read() >= 0) { /* until the proxy closes */ }
        };
    }

    /**
     * A stream that does not end: its head, then {@code event} (one SSE event, blank line included) as a chunk, and
     * again each pause, until the proxy closes its side. Returns the moment that close is seen (the read waiting
     * beside the writes ends), so that a {@link Misbehaviour} around it can note when the proxy let go.
     */
    public static Misbehaviour streamUntilClosed(String event, long pauseMillis) {
        return socket -> {
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    write(socket, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
                    String chunk = Integer.toHexString(event.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + event + "\r\n";
                    while (true) {
                        write(socket, chunk);
                        Thread.sleep(pauseMillis);
                    }
                } catch (IOException | InterruptedException closed) {
                    // the proxy closed the connection
                }
            });
            try {
                while (socket.getInputStream().read() >= 0) { /* until the proxy closes */ }
            } finally {
                writer.interrupt();
            }
        };
    }

    /** Writes {@code head}, then chunks of 'x' without end, as fast as the proxy reads them: an answer with no end and no line break. */
    public static Misbehaviour endless(String head) {
        return socket -> {
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.UTF_8));
            byte[] chunk = ("10000\r\n" + "x".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            while (true) out.write(chunk);
        };
    }

    /** Bytes as they are: for answers that are no HTTP at all. */
    public static Misbehaviour bytes(byte[] raw) {
        return socket -> {
            OutputStream out = socket.getOutputStream();
            out.write(raw);
            out.flush();
        };
    }

    private static void write(Socket socket, String raw) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(raw.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void reset(Socket socket) throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }
}
