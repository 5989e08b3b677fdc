package litellm.e2e.proxy;

import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.ProviderUnderTest;
import litellm.testing.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Hundreds of paced streams at once, each client sending its next request on the same connection as soon as its
 * stream has ended, as a load generator does. Every stream arrives whole, and every request is read as it was sent.
 * (Jetty 11's pool of request buffers, bounded by memory, evicted buffers still in use under such a load: requests
 * were read as garbage, a 400 "the HTTP request is malformed", and answers were written from a buffer that another
 * connection had taken.)
 */
class ManyStreamsTest {
    @RegisterExtension
    static final ProviderUnderTest vllm = new ProviderUnderTest("vllm", "Qwen/Qwen3-8B", "/v1", "sk-vllm");

    private static final int CLIENTS = 1000;
    private static final int ROUNDS = 5;
    private static final Pattern CONTENT = Pattern.compile("\"content\":\"([^\"]*)\"");
    private static final Pattern CLIENT = Pattern.compile("client-\\d+-\\d+");

    @Test
    void everyStreamArrivesWholeAndEveryRequestIsReadAsSent() throws Exception {
        String raw = Fixtures.read("openai/chat/stream-no-usage.txt");
        vllm.upstream().on("/v1/chat/completions", FakeUpstream.sse(raw, 5));
        String text = contentOf(raw);
        int port = URI.create(vllm.url("/")).getPort();
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.submit(() -> streams(port, client, text, failures));
            }
        }
        assertEquals(List.of(), failures.stream().limit(5).toList(), failures.size() + " of " + CLIENTS * ROUNDS + " streams failed, the first ones");
        Set<String> asked = vllm.upstream().received().stream().map(r -> clientOf(r.text())).collect(Collectors.toSet());
        assertEquals(CLIENTS * ROUNDS, asked.size(), "the upstream got each client's request once, as sent");
    }

    /** One client: its streams one after another on one connection. */
    private static void streams(int port, int client, String text, Queue<String> failures) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            for (int round = 0; round < ROUNDS; round++) {
                String id = "client-" + client + "-" + round;
                byte[] body = ("{\"model\":\"Qwen/Qwen3-8B\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"" + id + "\"}]}")
                        .getBytes(StandardCharsets.UTF_8);
                out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                RawHttp.Answer answer = RawHttp.read(in);
                if (answer.status() != 200 || answer.cut() || !answer.body().endsWith("data: [DONE]\n\n") || !contentOf(answer.body()).equals(text)) {
                    failures.add(id + ": " + answer.status() + " " + answer.body().substring(0, Math.min(300, answer.body().length())));
                    return;
                }
            }
        } catch (IOException e) {
            failures.add("client-" + client + ": " + e);
        }
    }

    /** The text of a stream: its events' content, joined. */
    private static String contentOf(String stream) {
        StringBuilder text = new StringBuilder();
        Matcher m = CONTENT.matcher(stream);
        while (m.find()) text.append(m.group(1));
        return text.toString();
    }

    private static String clientOf(String request) {
        Matcher m = CLIENT.matcher(request);
        return m.find() ? m.group() : request;
    }
}
