package litellm.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream on a plain socket that answers slowly and notes the moment the proxy closes each connection: a stream
 * that sends one event, then another each pause, until the connection closes; or a call it never answers.
 * {@link FakeUpstream}'s HTTP server cannot see a connection close while it is not writing to it; here a thread
 * per connection waits in a read, which ends the moment the proxy closes its side.
 */
public final class SlowUpstream implements AutoCloseable {
    private final ServerSocket server;
    private final String event;
    private final long pauseMillis;
    private final BlockingQueue<Long> requests = new LinkedBlockingQueue<>();
    private final BlockingQueue<Long> closes = new LinkedBlockingQueue<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger received = new AtomicInteger();

    private SlowUpstream(String event, long pauseMillis) throws IOException {
        this.event = event;
        this.pauseMillis = pauseMillis;
        server = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::accept);
    }

    /** Answers each request with a stream of {@code event} (one SSE event, blank line included): one now, then one each pause. */
    public static SlowUpstream streaming(String event, long pauseMillis) {
        return start(event, pauseMillis);
    }

    /** Reads each request and never answers it. */
    public static SlowUpstream silent() {
        return start(null, 0);
    }

    private static SlowUpstream start(String event, long pauseMillis) {
        try {
            return new SlowUpstream(event, pauseMillis);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Waits for the next request to arrive whole; its {@link System#nanoTime()}. */
    public long awaitRequest(Duration timeout) throws InterruptedException {
        return next(requests, timeout, "no request reached the upstream");
    }

    /** Waits for the proxy to close the next connection; the {@link System#nanoTime()} at which the upstream saw it closed. */
    public long awaitClose(Duration timeout) throws InterruptedException {
        return next(closes, timeout, "the proxy did not close its connection to the upstream");
    }

    /** The requests received so far. */
    public int requestCount() {
        return received.get();
    }

    private static long next(BlockingQueue<Long> queue, Duration timeout, String failure) throws InterruptedException {
        Long at = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (at == null) throw new AssertionError(failure + " within " + timeout.toMillis() + " ms");
        return at;
    }

    @Override
    public void close() {
        try {
            server.close();
            for (Socket s : open) s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                open.add(socket);
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            FakeUpstream.readRequest(socket);
            received.incrementAndGet();
            requests.add(System.nanoTime());
            if (event != null) Thread.ofVirtual().start(() -> stream(socket));
            awaitClosed(socket.getInputStream());
            closes.add(System.nanoTime());
        } catch (IOException ignored) {
            // the connection failed before its request was read
        } finally {
            open.remove(socket);
        }
    }

    /** Returns when the peer has closed the connection: a read that ends (its FIN) or fails (its reset). */
    private static void awaitClosed(InputStream in) {
        try {
            while (in.read() >= 0) {
                // the proxy sends nothing after its request
            }
        } catch (IOException closed) {
            // reset
        }
    }

    private void stream(Socket socket) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
            while (true) {
                out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(pauseMillis);
            }
        } catch (IOException | InterruptedException closed) {
            // the proxy closed the connection
        }
    }
}
