package litellm.e2e.proxy;

import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.ProviderUnderTest;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each event of a paced stream reaches the client before the upstream sends the next. The proxy writes what the
 * upstream delivered at once together, and flushes only when it would wait for more: here the upstream sends its next
 * event only once the client has the text of the one before, so an event held back until more came would stall the
 * stream. Through each way a stream goes through the proxy: relayed as it came (chat), and translated onto Anthropic's
 * events and onto the Responses API's (a chat-only provider).
 */
class StreamPacingTest {
    @RegisterExtension
    static final ProviderUnderTest vllm = new ProviderUnderTest("vllm", "Qwen/Qwen3-8B", "/v1", "sk-vllm");

    private static final Pattern CONTENT = Pattern.compile("\"content\":(\"[^\"]+\")");
    private static final String CHAT = "{\"model\":\"m\",\"stream\":true,\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String RESPONSES = "{\"model\":\"m\",\"stream\":true,\"input\":\"hi\"}";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/v1/chat/completions", "/v1/messages", "/v1/responses"})
    void eachEventReachesTheClientBeforeTheUpstreamSendsTheNext(String path) throws Exception {
        String raw = Fixtures.read("openai/chat/stream-no-usage.txt");
        // a first stream, unpaced: the provider script's first load is not what is measured here
        vllm.upstream().on("/v1/chat/completions", FakeUpstream.sse(raw, 0));
        Http.streamData(vllm.url("/v1/chat/completions"), CHAT);
        List<String> events = FakeUpstream.events(raw);
        StringBuffer received = new StringBuffer();
        List<String> stalled = new ArrayList<>();
        vllm.upstream().on("/v1/chat/completions", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            for (String event : events) {
                out.write(event.getBytes(StandardCharsets.UTF_8));
                out.flush();
                Matcher text = CONTENT.matcher(event);
                // the next event only once the client has this one's text (as a JSON string, whatever the API); after
                // a first stall, the rest at once, so that a failing run ends soon
                if (text.find() && stalled.isEmpty() && !arrives(text.group(1), received)) stalled.add(text.group(1));
            }
        });
        var r = Http.stream(vllm.url(path), path.endsWith("responses") ? RESPONSES : CHAT, data -> {
            synchronized (received) {
                received.append(data).append('\n');
                received.notifyAll();
            }
        });
        assertEquals(200, r.status(), r.body());
        assertEquals(List.of(), stalled, "the client did not get the event with this text until the upstream sent more");
        assertTrue(received.toString().contains("\" help\""), received.toString());
    }

    /** Waits (10 s at most) until the client has received {@code jsonString}. */
    private static boolean arrives(String jsonString, StringBuffer received) throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        synchronized (received) {
            while (received.indexOf(jsonString) < 0) {
                long left = giveUp - System.nanoTime();
                if (left <= 0) return false;
                TimeUnit.NANOSECONDS.timedWait(received, left);
            }
        }
        return true;
    }
}
