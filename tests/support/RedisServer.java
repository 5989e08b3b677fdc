package litellm.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A real redis-server on a free loopback port, with nothing saved to disk (`.ci/run` installs it). */
public final class RedisServer implements AutoCloseable {
    private Process process;
    private final int port;

    private RedisServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static RedisServer start() throws IOException, InterruptedException {
        Tools.assumeInstalled("redis-server", "install Redis (apt-get install redis-server; .ci/run does)");
        int port = Launched.freePort();
        RedisServer server = new RedisServer(launch(port), port);
        server.awaitAnswer();
        return server;
    }

    /** Starts it again on the same port, empty, after {@link #close()}: a Redis that was down and is back. */
    public void restart() throws IOException, InterruptedException {
        process = launch(port);
        awaitAnswer();
    }

    private static Process launch(int port) throws IOException {
        return new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private void awaitAnswer() throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (ping()) return;
            Thread.sleep(50);
        }
        close();
        throw new IllegalStateException("redis-server did not answer PING on port " + port);
    }

    public int port() {
        return port;
    }

    /** The number of keys Redis holds. */
    public int keys() throws IOException {
        String answer = command("*1\r\n$6\r\nDBSIZE\r\n");
        return Integer.parseInt(answer.substring(1).trim());
    }

    private boolean ping() {
        try {
            return command("*1\r\n$4\r\nPING\r\n").startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    private String command(String resp) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write(resp.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[256];
            int n = in.read(buffer);
            return n <= 0 ? "" : new String(buffer, 0, n, StandardCharsets.US_ASCII);
        }
    }

    @Override
    public void close() {
        Tools.stop(process);
    }
}
