package litellm.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * HTTP/1.1 over a bare socket, for requests no client library would send (a broken request line, a body cut short,
 * bad chunks, junk) and for reading exactly what came back: status, headers and body, chunked or not.
 */
public final class RawHttp {
    /** Longer than any wait the proxy may make a client endure (Jetty's idle timeout is 30 s). */
    private static final int READ_TIMEOUT_MILLIS = 45_000;

    private RawHttp() {}

    /** Bytes of a body kept; past them it is read to its end and dropped (an endless one must not fill the test's heap). */
    private static final int KEPT = 8 << 20;

    /**
     * One answer; header names are lower case. {@code status} is 0 when the connection closed with no answer;
     * {@code cut} when it closed inside the body, or the body was longer than what is kept of it.
     */
    public record Answer(int status, Map<String, String> headers, String body, boolean cut) {
        public Answer(int status, Map<String, String> headers, String body) {
            this(status, headers, body, false);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** The OpenAI error object: exactly {@code message, type, param, code}, failing the test otherwise. */
        @SuppressWarnings("unchecked")
        public Map<String, Object> error() {
            Map<String, Object> error = (Map<String, Object>) Http.parse(body).get("error");
            if (error == null || !error.keySet().equals(Set.of("message", "type", "param", "code")))
                throw new AssertionError("not an OpenAI error body: " + body);
            return error;
        }

        public boolean answered() {
            return status > 0;
        }
    }

    /** Sends {@code request} as it is (closing the client's side after it when {@code halfClose}) and reads the answer. */
    public static Answer exchange(int port, String request, boolean halfClose) throws IOException {
        return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1), halfClose);
    }

    public static Answer exchange(int port, byte[] request, boolean halfClose) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            try {
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
                if (halfClose) socket.shutdownOutput();
            } catch (IOException closedWhileSending) {
                // the proxy answered (and closed) before reading all: its answer is still there to read
            }
            return read(socket);
        }
    }

    /**
     * Sends {@code request}, waits up to {@code patienceMillis} for the answer to start, and only when none has, closes
     * the sending side (the proxy sees the end of a body it still waits for) and reads on. A client that closes its
     * sending side after a whole request is, to the proxy, one that left: it cuts the call and answers 499.
     */
    public static Answer exchangeClosingIfKeptWaiting(int port, byte[] request, long patienceMillis) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            var in = new java.io.PushbackInputStream(socket.getInputStream());
            socket.setSoTimeout((int) patienceMillis);
            try {
                int first = in.read();
                if (first >= 0) in.unread(first);
            } catch (java.net.SocketTimeoutException keptWaiting) {
                socket.shutdownOutput();
            }
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            return read(in);
        }
    }

    /** One HTTP/1.1 answer: status line, headers, and the body (Content-Length, chunked, or up to the close). */
    public static Answer read(Socket socket) throws IOException {
        return read(socket.getInputStream());
    }

    /** One answer read from {@code in}: a client keeping its connection for its next request reads them all from one buffered stream. */
    public static Answer read(InputStream in) throws IOException {
        String head;
        try {
            head = head(in);
        } catch (java.net.SocketException reset) {
            return new Answer(0, Map.of(), "");
        }
        if (head.isEmpty()) return new Answer(0, Map.of(), "");
        String[] lines = head.split("\r\n");
        if (!lines[0].startsWith("HTTP/1.1 ")) throw new AssertionError("no HTTP answer: " + head);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        String length = headers.get("content-length");
        var body = new Body();
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            try {
                chunked(in, body);
            } catch (IOException reset) {
                body.cut = true;
            }
        }
        else if (length == null) body.write(in, Long.MAX_VALUE);
        else body.write(in, Long.parseLong(length));
        return new Answer(Integer.parseInt(lines[0].substring(9, 12)), headers, decoded(body, headers.get("content-encoding")), body.cut);
    }

    /** The body as text: a gzip one (the server may compress when a request said Accept-Encoding: gzip) unpacked. */
    private static String decoded(Body body, String encoding) {
        if (!"gzip".equalsIgnoreCase(encoding) || body.cut) return body.toString(StandardCharsets.UTF_8);
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body.toByteArray()))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("a body said gzip but is not: " + e);
        }
    }

    /** A body as read: up to {@link #KEPT} bytes, and whether it ended short of its length or was longer than kept. */
    private static final class Body extends ByteArrayOutputStream {
        boolean cut;

        /** Reads {@code n} bytes, or up to the close when {@code n} is Long.MAX_VALUE; a close or reset before is a cut. */
        void write(InputStream in, long n) {
            byte[] buffer = new byte[64 << 10];
            try {
                while (n > 0) {
                    int read = in.read(buffer, 0, (int) Math.min(buffer.length, n));
                    if (read < 0) break;
                    n -= read;
                    if (size() + read > KEPT) cut = true;
                    else write(buffer, 0, read);
                }
            } catch (IOException reset) {
                n = 1;
            }
            if (n > 0 && n != Long.MAX_VALUE) cut = true;
        }
    }

    /** The status line and headers, without the blank line; empty when the connection closed first. */
    private static String head(InputStream in) throws IOException {
        var head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            if (head.size() >= 4 && head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) break;
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r\n\r\n") ? text.substring(0, text.length() - 4) : text;
    }

    private static void chunked(InputStream in, Body body) throws IOException {
        while (!body.cut) {
            String size = line(in);
            if (size == null) {
                body.cut = true; // the connection closed inside a chunked body
                return;
            }
            int semicolon = size.indexOf(';');
            int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            if (n == 0) {
                while (line(in) instanceof String trailer && !trailer.isEmpty()) { /* trailers: none expected */ }
                return;
            }
            body.write(in, n);
            line(in); // the CRLF after the chunk's data
        }
    }

    private static String line(InputStream in) throws IOException {
        var line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') line.append((char) b);
        if (b < 0 && line.isEmpty()) return null;
        return line.toString().replaceFirst("\r$", "");
    }
}
