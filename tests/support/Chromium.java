package litellm.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's chromium, headless, driven over the DevTools protocol with the JDK's WebSocket client: a page is opened
 * and every request it makes, every console message and every uncaught exception is recorded, and scripts can be
 * evaluated in it. No network: background services are off and a test serves nothing.
 */
public final class Chromium implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    /** What a page did: a DevTools event, by its method ("Network.requestWillBeSent", "Runtime.consoleAPICalled"...). */
    public record Event(String method, JsonNode params) {}

    private final Process process;
    private final WebSocket socket;
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private String session;

    private Chromium(Process process, WebSocket.Builder socket, URI browser) {
        this.process = process;
        this.socket = socket.buildAsync(browser, new Listener()).join();
    }

    /** Starts chromium with a fresh profile in {@code profile}. */
    public static Chromium start(Path profile) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                "--remote-debugging-port=0", "about:blank")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Path port = profile.resolve("DevToolsActivePort"); // the port it chose, then the browser's WebSocket path
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(port) || Files.readAllLines(port).size() < 2) {
            if (!process.isAlive() || System.nanoTime() > deadline) throw new IllegalStateException("chromium did not start its DevTools endpoint");
            Thread.sleep(50);
        }
        List<String> lines = Files.readAllLines(port);
        URI browser = URI.create("ws://127.0.0.1:" + lines.get(0) + lines.get(1));
        return new Chromium(process, HttpClient.newHttpClient().newWebSocketBuilder(), browser);
    }

    /** Opens {@code url} in a new tab, recording its events, and waits for its load event. */
    public void open(String url) {
        String target = call(null, "Target.createTarget", Map.of("url", "about:blank")).get("targetId").asText();
        session = call(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true)).get("sessionId").asText();
        for (String domain : List.of("Runtime", "Log", "Network", "Page")) call(session, domain + ".enable", Map.of());
        call(session, "Page.navigate", Map.of("url", url));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (events("Page.loadEventFired").isEmpty()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("the page did not load: " + events);
            sleep(20);
        }
    }

    /** The value of a JavaScript expression in the open page. */
    public JsonNode evaluate(String expression) {
        JsonNode result = call(session, "Runtime.evaluate", Map.of("expression", expression, "returnByValue", true)).get("result");
        return result.get("value");
    }

    public List<Event> events(String method) {
        return events.stream().filter(e -> e.method().equals(method)).toList();
    }

    /** Console errors, uncaught exceptions and error log entries (a blocked request, a refused script). */
    public List<String> errors() {
        List<String> errors = new java.util.ArrayList<>();
        events("Runtime.exceptionThrown").forEach(e -> errors.add(e.params().get("exceptionDetails").toString()));
        events("Runtime.consoleAPICalled").stream().filter(e -> List.of("error", "warning", "assert").contains(e.params().get("type").asText()))
                .forEach(e -> errors.add(e.params().get("args").toString()));
        events("Log.entryAdded").stream().filter(e -> List.of("error", "warning").contains(e.params().get("entry").get("level").asText()))
                .forEach(e -> errors.add(e.params().get("entry").toString()));
        return errors;
    }

    /** The URL of every request the page made, its own document's first. */
    public List<String> requests() {
        return events("Network.requestWillBeSent").stream().map(e -> e.params().get("request").get("url").asText()).toList();
    }

    private JsonNode call(String sessionId, String method, Map<String, Object> params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        Map<String, Object> message = new java.util.HashMap<>(Map.of("id", id, "method", method, "params", params));
        if (sessionId != null) message.put("sessionId", sessionId);
        try {
            socket.sendText(JSON.writeValueAsString(message), true).join();
            JsonNode reply = answer.get(30, TimeUnit.SECONDS);
            if (reply.has("error")) throw new IllegalStateException(method + ": " + reply.get("error"));
            return reply.get("result");
        } catch (Exception e) {
            throw new IllegalStateException(method + " failed: " + e, e);
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(partial.toString());
                    if (message.has("id")) {
                        CompletableFuture<JsonNode> answer = pending.remove(message.get("id").asInt());
                        if (answer != null) answer.complete(message);
                    } else {
                        events.add(new Event(message.get("method").asText(), message.get("params")));
                    }
                } catch (IOException e) {
                    throw new IllegalStateException("not JSON from DevTools: " + partial, e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        socket.abort();
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
