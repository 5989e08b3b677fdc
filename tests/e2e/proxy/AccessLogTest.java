package litellm.e2e.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import litellm.testing.Configs;
import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.Launched;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The proxy's log as a service's operator reads it: one access line per request, JSON lines, start-up failures. */
class AccessLogTest {
    private static final String CHAT = "{\"model\":\"gpt-3.5-turbo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String CLIENT_KEY = "sk-client-key-0123456789abcdef";
    private static final String MASTER_KEY = "sk-master-key-0123456789abcdef";
    /** uvicorn's line, as LiteLLM's proxy writes it, then the proxy's fields. */
    private static final Pattern ACCESS = Pattern.compile(
            "INFO: {5}127\\.0\\.0\\.1:\\d+ - \"(\\w+) (\\S+) HTTP/1\\.1\" (\\d{3}) [A-Za-z ]+ latency_ms=([\\d.]+) model=(\\S+) deployment=(\\S+) key=(\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void eachRequestIsOneLineAsUvicornWritesItWithTheModelTheDeploymentAndTheKeysHash() throws Exception {
        try (var upstream = FakeUpstream.start().on("/v1/chat/completions", FakeUpstream.json(200, Fixtures.read("openai/chat/response.json")));
             var proxy = Launched.jbang(Map.of("OPENAI_API_KEY", "sk-openai-0123456789abcdef"), "litellm.java", "--host", "127.0.0.1", "--port", "0",
                     "--model", "openai/gpt-4o-mini", "--api_base", upstream.baseUrl() + "/v1")) {
            String base = "http://127.0.0.1:" + proxy.listeningPort();
            assertEquals(200, Http.post(base + "/v1/chat/completions", CHAT, Map.of("Authorization", "Bearer " + CLIENT_KEY)).status());
            assertEquals(404, Http.get(base + "/nowhere").status());
            assertEquals(400, Http.post(base + "/chat/completions", "{", Map.of()).status());

            proxy.await("/chat/completions HTTP/1.1\" 400");
            List<Matcher> lines = proxy.out().lines().map(ACCESS::matcher).filter(Matcher::matches).toList();
            assertEquals(3, lines.size(), proxy.toString());
            assertLine(lines.get(0), "POST", "/v1/chat/completions", 200, "gpt-3.5-turbo", "openai/gpt-4o-mini", sha256(CLIENT_KEY).substring(0, 12));
            assertLine(lines.get(1), "GET", "/nowhere", 404, "-", "-", "-");
            assertLine(lines.get(2), "POST", "/chat/completions", 400, "-", "-", "-");
            assertFalse((proxy.out() + proxy.err()).contains(CLIENT_KEY), "the key never appears");
        }
    }

    @Test
    void theKeysHashIsOfTheKeyInLitellmsKeyHeaderNotOfAnotherGatewaysAuthorization(@TempDir Path dir) throws Exception {
        try (var upstream = FakeUpstream.start().on("/v1/chat/completions", FakeUpstream.json(200, Fixtures.read("openai/chat/response.json")))) {
            Path config = Files.writeString(dir.resolve("config.yaml"), "model_list:\n" + Configs.gpt35At(upstream) + """
                    general_settings: {master_key: %s, litellm_key_header_name: X-Litellm-Key}
                    """.formatted(MASTER_KEY));
            try (var proxy = Launched.jbang(Map.of(), "litellm.java", "--config", config.toString(), "--host", "127.0.0.1", "--port", "0")) {
                String base = "http://127.0.0.1:" + port(proxy);
                var answer = Http.post(base + "/chat/completions", CHAT, Map.of("Authorization", "Bearer " + CLIENT_KEY, "X-Litellm-Key", MASTER_KEY));
                assertEquals(200, answer.status(), answer.body());
                proxy.await("/chat/completions HTTP/1.1\" 200");
                List<Matcher> lines = proxy.out().lines().map(ACCESS::matcher).filter(Matcher::matches).toList();
                assertEquals(1, lines.size(), proxy.toString());
                assertLine(lines.getFirst(), "POST", "/chat/completions", 200, "gpt-3.5-turbo", "openai/gpt-4o-mini", sha256(MASTER_KEY).substring(0, 12));
            }
        }
    }

    @Test
    void jsonLogsWriteEveryLineAsOneJsonObjectWithSecretsMasked(@TempDir Path dir) throws Exception {
        try (var upstream = FakeUpstream.start().on("/v1/chat/completions", FakeUpstream.json(500, "{\"error\":{\"message\":\"upstream broke\"}}"))) {
            Path config = Files.writeString(dir.resolve("config.yaml"), "model_list:\n" + Configs.gpt35At(upstream) + """
                    litellm_settings: {json_logs: true}
                    general_settings: {master_key: %s}
                    """.formatted(MASTER_KEY));
            var proxy = Launched.jbang(Map.of(), "litellm.java", "--config", config.toString(), "--host", "127.0.0.1", "--port", "0");
            String base = "http://127.0.0.1:" + port(proxy);
            assertEquals(401, Http.post(base + "/chat/completions", CHAT, Map.of("Authorization", "Bearer wrong-key-0123456789")).status());
            var failed = Http.post(base + "/chat/completions", CHAT, Map.of("Authorization", "Bearer " + MASTER_KEY));
            assertEquals(500, failed.status(), failed.body());
            proxy.terminate();
            assertEquals(0, proxy.exitCode(), proxy.toString());

            List<JsonNode> lines = proxy.out().lines().map(AccessLogTest::json).toList();
            for (String line : proxy.err().lines().filter(l -> !l.startsWith("[jbang]")).toList()) json(line); // stderr too, if anything
            for (JsonNode line : lines)
                for (String field : List.of("timestamp", "level", "message")) assertTrue(line.hasNonNull(field), field + " in " + line);
            assertTrue(lines.stream().anyMatch(l -> l.get("message").asText().startsWith("Proxy running on http://127.0.0.1:")), proxy.out());
            assertTrue(lines.getLast().get("message").asText().startsWith("Proxy stopped in "), proxy.out());

            List<JsonNode> access = lines.stream().filter(l -> l.get("logger").asText().equals("litellm.access")).toList();
            assertEquals(2, access.size(), proxy.out());
            assertEquals(401, access.get(0).get("status").asInt());
            JsonNode call = access.get(1);
            assertEquals("POST", call.get("method").asText());
            assertEquals("/chat/completions", call.get("path").asText());
            assertEquals(500, call.get("status").asInt());
            assertEquals("gpt-3.5-turbo", call.get("model").asText());
            assertEquals("openai/gpt-4o-mini", call.get("deployment").asText());
            assertEquals(sha256(MASTER_KEY).substring(0, 12), call.get("key").asText());
            assertTrue(call.get("latency_ms").isNumber(), call.toString());
            assertFalse(proxy.out().contains(MASTER_KEY) || proxy.out().contains("sk-openai-test"), "secrets masked: " + proxy.out());
        }
    }

    @Test
    void aPortInUseIsOneLineAndExitCode2() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            var run = Launched.jbang(Map.of(), "litellm.java", "--port", String.valueOf(taken.getLocalPort()));
            assertEquals(2, run.exitCode(), run.toString());
            List<String> lines = run.err().lines().filter(l -> !l.startsWith("[jbang]")).toList();
            assertEquals(List.of("litellm: cannot listen on 0.0.0.0:" + taken.getLocalPort()
                    + ": the port is in use (another proxy?); stop it, or choose another port with --port"), lines, run.toString());
            assertEquals("", run.out(), run.toString());

            var json = Launched.jbang(Map.of("JSON_LOGS", "True"), "litellm.java", "--port", String.valueOf(taken.getLocalPort()));
            assertEquals(2, json.exitCode(), json.toString());
            JsonNode line = json(json.out().strip());
            assertEquals("ERROR", line.get("level").asText());
            assertTrue(line.get("message").asText().contains("the port is in use"), line.toString());
        }
    }

    @Test
    void anAddressNotThisMachinesIsOneLineAndExitCode2() {
        var run = Launched.jbang(Map.of(), "litellm.java", "--host", "192.0.2.1", "--port", "0"); // TEST-NET-1: never local
        assertEquals(2, run.exitCode(), run.toString());
        List<String> lines = run.err().lines().filter(l -> !l.startsWith("[jbang]")).toList();
        assertEquals(1, lines.size(), run.toString());
        assertTrue(lines.getFirst().startsWith("litellm: cannot listen on 192.0.2.1:0: the address is not one of this machine's"), run.toString());
    }

    @Test
    void litellmLogErrorLeavesOutTheAccessLinesAndDetailedDebugAddsTheCurlLines() {
        try (var quiet = Launched.jbang(Map.of("LITELLM_LOG", "ERROR"), "litellm.java", "--host", "127.0.0.1", "--port", "0");
             var detailed = Launched.jbang(Map.of(), "litellm.java", "--host", "127.0.0.1", "--port", "0", "--detailed_debug")) {
            String quietBase = "http://127.0.0.1:" + quiet.listeningPort(), detailedBase = "http://127.0.0.1:" + detailed.listeningPort();
            assertEquals(200, Http.post(quietBase + "/chat/completions", CHAT).status());
            assertEquals(200, Http.post(quietBase + "/chat/completions", CHAT).status());
            assertEquals(200, Http.post(detailedBase + "/chat/completions", CHAT).status());
            detailed.await("\"POST /chat/completions HTTP/1.1\" 200 OK");
            quiet.terminate();
            assertEquals(0, quiet.exitCode());
            assertFalse(quiet.out().contains("HTTP/1.1\""), "no access line at ERROR: " + quiet);
            assertTrue(quiet.out().contains("Proxy stopped"), quiet.toString()); // the start and the stop are always said
            assertTrue(detailed.err().contains("DEBUG"), "the proxy's own DEBUG lines: " + detailed);
        }
    }

    private static void assertLine(Matcher line, String method, String path, int status, String model, String deployment, String key) {
        assertEquals(method, line.group(1));
        assertEquals(path, line.group(2));
        assertEquals(status, Integer.parseInt(line.group(3)));
        assertTrue(Double.parseDouble(line.group(4)) >= 0);
        assertEquals(model, line.group(5));
        assertEquals(deployment, line.group(6));
        assertEquals(key, line.group(7));
    }

    /** The port of a proxy whose log is JSON, from its "Proxy running on" line. */
    private static int port(Launched proxy) {
        proxy.await("Proxy running on");
        Matcher m = Pattern.compile("Proxy running on http://[^:]+:(\\d+)").matcher(proxy.out());
        assertTrue(m.find(), proxy.toString());
        return Integer.parseInt(m.group(1));
    }

    private static JsonNode json(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            assertTrue(node.isObject(), line);
            return node;
        } catch (Exception e) {
            throw new AssertionError("not a JSON object: " + line, e);
        }
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
