package litellm.e2e.proxy;

import com.sun.net.httpserver.HttpExchange;
import litellm.json.Json;
import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.Launched;
import litellm.testing.RedisServer;
import litellm.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every secret the proxy holds (the master key, a deployment's key from {@code os.environ/}, Langfuse's keys, a Redis
 * password in a URL, a key a client sent with its request) is masked wherever an upstream's text or an exception's
 * leaves the proxy: error answers, a stream's error event, the log with --debug on, the events sent to Langfuse.
 * The proxy runs as a user runs it, in its own process, with servers that repeat what they were sent.
 */
class SecretsNeverEchoedTest {
    static final String MASTER_KEY = "sk-master-0123456789-abcd";
    static final String UPSTREAM_KEY = "sk-upstream-0123456789-efgh";
    static final String SCRIPT_KEY = "sk-script-0123456789-ijkl";
    static final String CLIENT_KEY = "sk-client-0123456789-mnop";
    static final String LANGFUSE_PUBLIC = "pk-lf-0123456789-qrst";
    static final String LANGFUSE_SECRET = "sk-lf-0123456789-uvwx";
    static final String BASIC = Base64.getEncoder().encodeToString((LANGFUSE_PUBLIC + ":" + LANGFUSE_SECRET).getBytes(StandardCharsets.UTF_8));
    static final String REDIS_PASSWORD = "redis-pass-0123456789";
    static final String ENVIRONMENT_TOKEN = "tok-environment-0123456789-yzab";
    static final List<String> SECRETS = List.of(MASTER_KEY, UPSTREAM_KEY, SCRIPT_KEY, CLIENT_KEY, LANGFUSE_PUBLIC, LANGFUSE_SECRET, BASIC,
            REDIS_PASSWORD, ENVIRONMENT_TOKEN);
    static final Map<String, String> AUTHORIZED = Map.of("Authorization", "Bearer " + MASTER_KEY);

    @TempDir
    Path dir;

    @Test
    void noSecretInAnyAnswerLogLineOrCallbackEventButTheirMaskedForms() throws Exception {
        try (var upstream = FakeUpstream.start(); var langfuse = FakeUpstream.start(); var redis = redisOrNone()) {
            // an upstream that repeats its Authorization header and the whole request in its errors, whole and mid-stream
            String first = FakeUpstream.events(Fixtures.read("openai/chat/stream-no-usage.txt")).get(0);
            upstream.onStreamOrNot("/v1/chat/completions",
                    exchange -> FakeUpstream.json(401, Json.text(error(echo(exchange, upstream)))).send(exchange),
                    exchange -> FakeUpstream.sse(first + "data: " + Json.text(error(echo(exchange, upstream))) + "\n\n", 0).send(exchange));
            // a Langfuse that refuses the keys it was sent, repeating them
            langfuse.on("/api/public/ingestion", exchange -> FakeUpstream.json(401, Json.text(Map.of("message",
                    "Invalid credentials: " + exchange.getRequestHeaders().getFirst("Authorization") + " for " + LANGFUSE_PUBLIC))).send(exchange));
            Path config = dir.resolve("config.yaml");
            Files.writeString(config, config(upstream, langfuse, redis));
            Path providers = Files.createDirectories(dir.resolve("providers"));
            // a provider script whose exception holds the call's key, or without one a token it read from the environment
            Files.writeString(providers.resolve("broken.groovy"), """
                    info(apiBase: 'http://127.0.0.1:9')
                    def request(Call call) { [url: call.apiBase + '/x', body: [n: Integer.parseInt(call.apiKey ?: env('BROKEN_SERVICE_TOKEN'))]] }
                    """);

            List<String> answers = new ArrayList<>();
            try (var proxy = Launched.jbang(Map.of("ECHO_SERVICE", UPSTREAM_KEY, "BROKEN_SERVICE_TOKEN", ENVIRONMENT_TOKEN), "litellm.java", "--config", config.toString(),
                    "--providers", providers.toString(), "--port", "0", "--debug")) {
                String base = "http://127.0.0.1:" + proxy.listeningPort();

                var whole = Http.post(base + "/chat/completions", chat("echo", ""), AUTHORIZED);
                assertEquals(401, whole.status(), whole.body());
                assertTrue(whole.error().get("message").toString().contains("Bearer sk-u****efgh"), whole.body());
                assertTrue(whole.body().contains("sk-m****abcd"), "the master key the client wrote, repeated: " + whole.body());
                var clients = Http.post(base + "/chat/completions", chat("echo", CLIENT_KEY), AUTHORIZED);
                assertTrue(clients.body().contains("Bearer sk-c****mnop"), clients.body());
                var streamed = Http.stream(base + "/chat/completions", chat("echo", "").replace("{\"model\"", "{\"stream\":true,\"model\""),
                        AUTHORIZED, data -> {});
                assertEquals(200, streamed.status(), streamed.body());
                assertTrue(streamed.body().contains("\"error\"") && streamed.body().contains("sk-m****abcd"), streamed.body());
                var script = Http.post(base + "/chat/completions", chat("broken", ""), AUTHORIZED);
                // a script that fails in request() cannot send the request: a 400 naming its line (CallPlan.request)
                assertEquals(400, script.status(), script.body());
                assertTrue(script.body().contains("NumberFormatException at broken.groovy:2"), script.body());
                var scriptWithClientsKey = Http.post(base + "/chat/completions", chat("broken", CLIENT_KEY), AUTHORIZED);
                assertEquals(400, scriptWithClientsKey.status(), scriptWithClientsKey.body());
                var scriptWithTheEnvironmentsToken = Http.post(base + "/chat/completions", chat("broken-env", ""), AUTHORIZED);
                assertEquals(400, scriptWithTheEnvironmentsToken.status(), scriptWithTheEnvironmentsToken.body());
                for (var r : List.of(whole, clients, streamed, script, scriptWithClientsKey, scriptWithTheEnvironmentsToken)) answers.add(r.body());

                proxy.await("events, status 401").await("could not read Redis").await("For input string: \"sk-c****mnop\"");
                String log = proxy.out() + proxy.err();
                assertTrue(log.contains("curl -X POST") && log.contains("'Authorization: Bearer sk-u****efgh'"), "--debug logs: " + log);
                assertTrue(log.contains("For input string: \"sk-s****ijkl\""), "the script's exception, its configured key masked: " + log);
                assertTrue(log.contains("For input string: \"tok-****yzab\""), "the environment's token masked: " + log);
                assertTrue(log.contains("Basic " + BASIC.substring(0, 4) + "****"), "Langfuse's answer, masked: " + log);
                for (String secret : SECRETS) {
                    assertFalse(log.contains(secret), secret + " in the log: " + log);
                    for (String answer : answers) assertFalse(answer.contains(secret), secret + " in an answer: " + answer);
                }
            }
            assertFalse(langfuse.received().isEmpty(), "the failed calls were sent to Langfuse");
            for (var events : langfuse.received())
                for (String secret : List.of(MASTER_KEY, UPSTREAM_KEY, SCRIPT_KEY, CLIENT_KEY, REDIS_PASSWORD))
                    assertFalse(events.text().replace(chatContent(), "").contains(secret), secret + " sent to Langfuse: " + events.text());
        }
    }

    @Test
    void aRedisUrlThatIsNotOneFailsTheStartWithoutRepeatingIt() throws Exception {
        String password = "bad pass-0123456789";
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, """
                model_list:
                  - model_name: m
                    litellm_params: {model: offline/echo}
                litellm_settings:
                  cache: true
                  cache_params: {type: redis, url: "redis://:%s@127.0.0.1:6379"}
                """.formatted(password));
        var run = Launched.jbang(Map.of(), "litellm.java", "--config", config.toString(), "--port", String.valueOf(Launched.freePort()));
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().contains("litellm_settings.cache_params.url: expected a URL such as redis://:password@host:6379"), run.err());
        assertFalse(run.toString().contains(password) || run.toString().contains("bad pass"), run.toString());
    }

    /** A Redis that takes no password, so that the proxy's AUTH fails; without redis-server, a port nothing listens on. */
    static AutoCloseable redisOrNone() throws Exception {
        return Tools.onPath("redis-server") ? RedisServer.start() : () -> {};
    }

    static String config(FakeUpstream upstream, FakeUpstream langfuse, AutoCloseable redis) {
        int redisPort = redis instanceof RedisServer r ? r.port() : Launched.freePort();
        return """
                model_list:
                  - model_name: echo
                    litellm_params: {model: openai/gpt-4o-mini, api_base: %s/v1, api_key: os.environ/ECHO_SERVICE}
                  - model_name: broken
                    litellm_params: {model: broken/x, api_key: %s}
                  - model_name: broken-env
                    litellm_params: {model: broken/y}
                litellm_settings:
                  success_callback: ["langfuse"]
                  failure_callback: ["langfuse"]
                  cache: true
                  cache_params: {type: redis, url: "redis://:%s@127.0.0.1:%d"}
                general_settings:
                  master_key: %s
                  allow_client_side_credentials: true
                environment_variables:
                  LANGFUSE_HOST: %s
                  LANGFUSE_PUBLIC_KEY: %s
                  LANGFUSE_SECRET_KEY: %s
                """.formatted(upstream.baseUrl(), SCRIPT_KEY, REDIS_PASSWORD, redisPort, MASTER_KEY, langfuse.baseUrl(), LANGFUSE_PUBLIC, LANGFUSE_SECRET);
    }

    /** A chat whose message holds the master key (so that an upstream repeating the request repeats it), with a client's key or none. */
    static String chat(String model, String apiKey) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + chatContent() + "\"}]"
                + (apiKey.isEmpty() ? "" : ",\"api_key\":\"" + apiKey + "\"") + "}";
    }

    /** The client's own words, which the callbacks log as the call's input as they are. */
    static String chatContent() {
        return "my proxy key is " + MASTER_KEY;
    }

    static Map<String, Object> error(String message) {
        return Map.of("error", Map.of("message", message, "type", "invalid_request_error"));
    }

    /** What an upstream that echoes its request says: the Authorization header it got, and the whole body. */
    static String echo(HttpExchange exchange, FakeUpstream upstream) {
        return "Incorrect API key provided: " + exchange.getRequestHeaders().getFirst("Authorization") + "; request: " + upstream.last().text();
    }
}
