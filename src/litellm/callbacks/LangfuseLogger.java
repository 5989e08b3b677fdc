package litellm.callbacks;

import litellm.runtime.Version;
import litellm.json.Json;
import litellm.error.LlmError;
import litellm.http.UpstreamRequest;
import litellm.http.Secrets;
import litellm.http.UpstreamClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Sends calls to Langfuse's ingestion API ({@code POST <host>/api/public/ingestion}), as LiteLLM's
 * {@code langfuse} callback does through Langfuse's SDK: events are queued and sent in batches by a thread of
 * their own, at most a second after the call ({@code flush_interval} 1 s, 15 events a batch), so a call never
 * waits for Langfuse ({@link CallQueue}). A batch that fails is tried twice more.
 */
public final class LangfuseLogger implements CallLogger {
    private static final Logger log = LoggerFactory.getLogger(LangfuseLogger.class);
    private static final String DEFAULT_HOST = "https://cloud.langfuse.com";
    private static final int BATCH = 15; // calls, of two events each
    private static final int ATTEMPTS = 3;
    private static final Duration FLUSH_INTERVAL = Duration.ofSeconds(1);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** One logger per Langfuse project: a reloaded config keeps its logger, and its queue. */
    private static final Map<Credentials, LangfuseLogger> LOGGERS = new ConcurrentHashMap<>();

    /** LANGFUSE_HOST (a host without a scheme is taken as http, as LiteLLM does), LANGFUSE_PUBLIC_KEY, LANGFUSE_SECRET_KEY. */
    public record Credentials(String host, String publicKey, String secretKey) {
        static final List<String> ENVIRONMENT = List.of("LANGFUSE_HOST", "LANGFUSE_PUBLIC_KEY", "LANGFUSE_SECRET_KEY");

        public static Credentials from(Function<String, String> env) {
            String publicKey = env.apply("LANGFUSE_PUBLIC_KEY");
            String secretKey = env.apply("LANGFUSE_SECRET_KEY");
            if (publicKey == null || secretKey == null)
                throw new IllegalArgumentException("the langfuse callback needs LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY"
                        + " (in the environment or the config's environment_variables); missing: "
                        + (publicKey == null ? "LANGFUSE_PUBLIC_KEY" + (secretKey == null ? ", LANGFUSE_SECRET_KEY" : "") : "LANGFUSE_SECRET_KEY"));
            String host = env.apply("LANGFUSE_HOST");
            if (host == null || host.isBlank()) host = DEFAULT_HOST;
            else if (!host.startsWith("http://") && !host.startsWith("https://")) host = "http://" + host;
            return new Credentials(host.replaceAll("/+$", ""), publicKey, secretKey);
        }

        @Override
        public String toString() {
            return host + " (keys " + Secrets.mask(publicKey) + ", " + Secrets.mask(secretKey) + ")";
        }
    }

    private final Credentials credentials;
    private final UpstreamRequest ingestion;
    private final UpstreamClient client = new UpstreamClient(Version.USER_AGENT);
    private final CallQueue<CallLog> queue;

    private LangfuseLogger(Credentials credentials) {
        this.credentials = credentials;
        String basic = Base64.getEncoder().encodeToString((credentials.publicKey() + ":" + credentials.secretKey()).getBytes(StandardCharsets.UTF_8));
        // Langfuse's answers (logged when it refuses a batch) may repeat the keys or the Authorization header
        for (String secret : List.of(credentials.publicKey(), credentials.secretKey(), basic)) Secrets.register(secret);
        this.ingestion = new UpstreamRequest("POST", URI.create(credentials.host() + "/api/public/ingestion"),
                Map.of("Authorization", "Basic " + basic, "Content-Type", "application/json",
                        "x_langfuse_sdk_name", "litellm.java", "x_langfuse_public_key", credentials.publicKey()), null);
        this.queue = new CallQueue<>("langfuse", BATCH, FLUSH_INTERVAL, (calls, last) -> sendAll(calls, last ? 1 : ATTEMPTS));
    }

    static LangfuseLogger of(Credentials credentials) {
        return LOGGERS.computeIfAbsent(credentials, c -> {
            log.info("logging calls to Langfuse at {}", c);
            return new LangfuseLogger(c);
        });
    }

    @Override
    public void log(CallLog call) {
        queue.offer(call);
    }

    /** The calls' events, in as many posts as Langfuse's limit on a batch's size needs. */
    private void sendAll(List<CallLog> calls, int attempts) {
        List<byte[]> batch = new ArrayList<>();
        long size = 0;
        for (Map<String, Object> event : calls.stream().flatMap(call -> LangfuseEvents.of(call).stream()).toList()) {
            byte[] json = LangfuseEvents.json(event);
            if (!batch.isEmpty() && size + json.length > LangfuseEvents.MAX_BATCH_BYTES) {
                send(batch, attempts);
                batch = new ArrayList<>();
                size = 0;
            }
            batch.add(json);
            size += json.length;
        }
        if (!batch.isEmpty()) send(batch, attempts);
    }

    /** One batch, as Langfuse's SDK posts it: 207 answers list the events Langfuse refused. */
    private void send(List<byte[]> batch, int attempts) {
        byte[] metadata = Json.bytes(Map.of("batch_size", batch.size(), "sdk_integration", "litellm", "sdk_name", "litellm.java",
                "sdk_version", Version.VERSION, "public_key", credentials.publicKey()));
        var body = new java.io.ByteArrayOutputStream();
        body.writeBytes("{\"batch\":[".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < batch.size(); i++) {
            if (i > 0) body.write(',');
            body.writeBytes(batch.get(i));
        }
        body.writeBytes("],\"metadata\":".getBytes(StandardCharsets.UTF_8));
        body.writeBytes(metadata);
        body.write('}');
        byte[] bytes = body.toByteArray();
        for (int attempt = 1; attempt <= attempts; attempt++) {
            String problem;
            try {
                UpstreamClient.Response r = client.send(ingestion, bytes, TIMEOUT);
                if (r.status() == 207) {
                    reportRefused(r.body());
                    return;
                }
                if (r.status() / 100 == 2) return;
                problem = "status " + r.status() + ": " + new String(r.body(), StandardCharsets.UTF_8);
                if (r.status() / 100 == 4 && r.status() != 429) { // the same batch would fail again
                    log.warn("Langfuse at {} refused {} events, {}", credentials, batch.size(), problem);
                    return;
                }
            } catch (LlmError e) {
                problem = e.getMessage();
            }
            if (attempt == attempts) {
                log.warn("Langfuse at {}: {} events not sent ({} attempts), {}", credentials, batch.size(), attempts, problem);
                return;
            }
            sleep(Duration.ofMillis(500L << attempt));
        }
    }

    private void reportRefused(byte[] answer) {
        try {
            if (Json.parseObject(answer).get("errors") instanceof List<?> errors && !errors.isEmpty())
                log.warn("Langfuse refused {} events: {}", errors.size(), Json.text(errors));
        } catch (java.io.IOException e) {
            log.debug("Langfuse answered 207 with a body that is not JSON");
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
