package litellm.e2e.providers;

import litellm.LiteLLM;
import litellm.config.Settings;
import litellm.http.UpstreamRequest;
import litellm.openai.Endpoint;
import litellm.provider.Call;
import litellm.provider.FollowUps;
import litellm.provider.ProviderScripts;
import litellm.routing.Deployment;
import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.ProviderUnderTest;
import litellm.testing.ProxyUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static litellm.testing.FakeUpstream.json;
import static litellm.testing.FakeUpstream.sse;
import static litellm.testing.OpenAiResponses.choice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * vertex_ai/: Gemini and Claude on Vertex AI, with a service account's key through Google's auth library. The key is
 * made here and its token_uri is the fake upstream's /token, which answers Google's OAuth token exchange; the
 * assertion it receives is checked against the key.
 */
@SuppressWarnings("unchecked")
class VertexAiProviderTest {
    static final String PROJECT = "my-proj", TOKEN = "ya29.vertex-test-token";
    static final KeyPair KEY = rsaKey();
    static final ProviderScripts SCRIPTS = new ProviderScripts(null);
    static final String GEMINI = "/v1/projects/my-proj/locations/us-central1/publishers/google/models/gemini-2.0-flash",
            CLAUDE = "/v1/projects/my-proj/locations/us-east5/publishers/anthropic/models/claude-sonnet-4@20250514";
    @RegisterExtension
    static final ProviderUnderTest vertex = new ProviderUnderTest();
    static final ProviderUnderTest.Proxy gemini = serving("vertex_ai/gemini-2.0-flash", GEMINI), claude = serving("vertex_ai/claude-sonnet-4@20250514", CLAUDE);

    static ProviderUnderTest.Proxy serving(String model, String path) {
        return vertex.serving(base -> {
            Deployment d = LiteLLM.deployment("m", model, base + path, null, SCRIPTS);
            return ProxyUnderTest.serving(new Deployment(d.modelName(), d.provider(), d.model(), d.apiBase(), null, null,
                    Map.of("vertex_credentials", serviceAccount(base))), Settings.defaults(), null);
        });
    }

    static KeyPair rsaKey() {
        try {
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A service account's JSON key, as Google's console gives it, with the fake's token endpoint. */
    static String serviceAccount(String base) {
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(KEY.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", "service_account");
        json.put("project_id", PROJECT);
        json.put("private_key_id", "0123456789abcdef");
        json.put("private_key", pem);
        json.put("client_email", "litellm@my-proj.iam.gserviceaccount.com");
        json.put("client_id", "1234567890");
        json.put("token_uri", base + "/token");
        return litellm.json.Json.text(json);
    }

    static void answerTokens() {
        vertex.upstream().on("/token", json(200, "{\"access_token\":\"" + TOKEN + "\",\"expires_in\":3599,\"token_type\":\"Bearer\"}"));
    }

    @Test
    void geminiOnVertexGoesToItsModelWithTheServiceAccountsToken() throws Exception {
        answerTokens();
        vertex.upstream().on(GEMINI + ":generateContent", json(200, Fixtures.read("gemini/generateContent-response-2025.json")));
        var r = Http.post(gemini.url("/chat/completions"), "{\"model\":\"m\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
        assertEquals(200, r.status(), r.body());
        assertEquals("Hello! How can I help you today?", ((Map<String, Object>) choice(r.json()).get("message")).get("content"));

        List<FakeUpstream.Received> received = vertex.upstream().received();
        var call = received.getLast();
        assertEquals(GEMINI + ":generateContent", call.path());
        assertEquals("Bearer " + TOKEN, call.headers().get("authorization"));
        assertNull(call.headers().get("x-goog-api-key"));
        assertEquals(List.of(Map.of("role", "user", "parts", List.of(Map.of("text", "Hello")))), call.json().get("contents"));
        assertEquals(64, ((Map<String, Object>) call.json().get("generationConfig")).get("maxOutputTokens"));

        // Google's OAuth token exchange: a JWT signed with the service account's key, for the cloud-platform scope
        var exchange = received.stream().filter(x -> x.path().equals("/token")).toList();
        assertEquals(1, exchange.size(), "one token for both calls so far");
        Map<String, String> form = exchange.getFirst().form();
        assertEquals("urn:ietf:params:oauth:grant-type:jwt-bearer", form.get("grant_type"));
        String[] jwt = form.get("assertion").split("\\.");
        var verify = Signature.getInstance("SHA256withRSA");
        verify.initVerify(KEY.getPublic());
        verify.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(verify.verify(Base64.getUrlDecoder().decode(jwt[2])), "signed with the service account's key");
        var claims = Http.parse(new String(Base64.getUrlDecoder().decode(jwt[1]), StandardCharsets.UTF_8));
        assertEquals("litellm@my-proj.iam.gserviceaccount.com", claims.get("iss"));
        assertEquals("https://www.googleapis.com/auth/cloud-platform", claims.get("scope"));
        assertEquals("https://oauth2.googleapis.com/token", claims.get("aud"), "Google's audience, whatever the token_uri");

        // the token is kept: the next call asks for none
        Http.post(gemini.url("/chat/completions"), "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
        assertEquals(1, vertex.upstream().received().stream().filter(x -> x.path().equals("/token")).count());
    }

    @Test
    void geminiOnVertexStreams() {
        answerTokens();
        vertex.upstream().on(GEMINI + ":streamGenerateContent", sse(Fixtures.read("gemini/streamGenerateContent-sse.txt"), 0));
        List<String> got = Http.streamData(gemini.url("/chat/completions"), "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
        assertEquals("[DONE]", got.getLast());
        var sent = vertex.upstream().last();
        assertEquals("alt=sse", sent.query());
        assertEquals("Bearer " + TOKEN, sent.headers().get("authorization"));
        assertFalse(got.size() < 3, got.toString());
    }

    @Test
    void claudeOnVertexIsAnthropicsMessagesApiAtRawPredict() {
        answerTokens();
        vertex.upstream().on(CLAUDE + ":rawPredict", json(200, Fixtures.read("anthropic/messages-response.json")));
        var r = Http.post(claude.url("/chat/completions"), "{\"model\":\"m\",\"max_tokens\":100,\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Hello\"}]}");
        assertEquals(200, r.status(), r.body());
        assertEquals("Hi! My name is Claude. How can I help you today?", ((Map<String, Object>) choice(r.json()).get("message")).get("content"));
        var sent = vertex.upstream().last();
        assertEquals(CLAUDE + ":rawPredict", sent.path());
        assertEquals("Bearer " + TOKEN, sent.headers().get("authorization"));
        assertNull(sent.headers().get("x-api-key"));
        assertEquals(Map.of("anthropic_version", "vertex-2023-10-16", "max_tokens", 100, "system", "Be brief.",
                "messages", List.of(Map.of("role", "user", "content", "Hello"))), sent.json(), "no model in the body");
    }

    @Test
    void claudeOnVertexStreamsFromStreamRawPredict() {
        answerTokens();
        vertex.upstream().on(CLAUDE + ":streamRawPredict", sse(Fixtures.read("anthropic/messages-stream.recorded.txt"), 0));
        List<String> got = Http.streamData(claude.url("/chat/completions"), "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
        assertEquals("[DONE]", got.getLast());
        assertEquals(true, vertex.upstream().last().json().get("stream"));
    }

    /**
     * A token near its end is refreshed in the background: the call that finds it so goes on with it at once, and a
     * later call has the new one (Google's library, asked with an executor, refreshes there within its refresh margin).
     */
    @Test
    void aTokenNearItsEndIsRefreshedOffTheRequestsPath() throws Exception {
        var upstream = vertex.upstream();
        String account = serviceAccount(upstream.baseUrl()).replace("/token\"", "/token-short\"");
        upstream.on("/token-short", json(200, "{\"access_token\":\"ya29.short-lived\",\"expires_in\":200,\"token_type\":\"Bearer\"}"));
        var call = (java.util.function.Supplier<Call>) () -> new Call(Endpoint.CHAT, "gemini-2.0-flash",
                new HashMap<>(Map.of("messages", List.of(Map.of("role", "user", "content", "hi")))), false, upstream.baseUrl() + GEMINI, null, null,
                Map.of("vertex_credentials", account), new HashMap<>(), inTime());
        var script = SCRIPTS.get("vertex_ai").script();
        assertEquals("Bearer ya29.short-lived", UpstreamRequest.from(script.request(call.get())).headers().get("Authorization"));

        upstream.on("/token-short", json(200, "{\"access_token\":\"ya29.refreshed\",\"expires_in\":3599,\"token_type\":\"Bearer\"}"));
        assertEquals("Bearer ya29.short-lived", UpstreamRequest.from(script.request(call.get())).headers().get("Authorization"),
                "still valid: used at once while the refresh runs elsewhere");
        for (int i = 0; i < 100 && upstream.received().stream().filter(x -> x.path().equals("/token-short")).count() < 2; i++) Thread.sleep(50);
        String later = null;
        for (int i = 0; i < 100 && !"Bearer ya29.refreshed".equals(later); i++, Thread.sleep(50))
            later = UpstreamRequest.from(script.request(call.get())).headers().get("Authorization");
        assertEquals("Bearer ya29.refreshed", later);
        assertEquals(2, upstream.received().stream().filter(x -> x.path().equals("/token-short")).count());
    }

    /** The application-default credentials: GOOGLE_APPLICATION_CREDENTIALS names the key, for a proxy run as users run it. */
    @Test
    void applicationDefaultCredentialsFromGoogleApplicationCredentials(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        var upstream = vertex.upstream();
        var key = dir.resolve("adc.json");
        java.nio.file.Files.writeString(key, serviceAccount(upstream.baseUrl()).replace("/token\"", "/token-adc\""));
        upstream.on("/token-adc", json(200, "{\"access_token\":\"ya29.application-default\",\"expires_in\":3599,\"token_type\":\"Bearer\"}"));
        upstream.on(GEMINI + ":generateContent", json(200, Fixtures.read("gemini/generateContent-response-2025.json")));
        try (var proxy = litellm.testing.Launched.jbang(Map.of("GOOGLE_APPLICATION_CREDENTIALS", key.toString()),
                "litellm.java", "--model", "vertex_ai/gemini-2.0-flash", "--api_base", upstream.baseUrl() + GEMINI, "--port", "0")) {
            var r = Http.post("http://127.0.0.1:" + proxy.listeningPort() + "/chat/completions",
                    "{\"model\":\"vertex_ai/gemini-2.0-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
            assertEquals(200, r.status(), r.body() + proxy);
            assertEquals("Bearer ya29.application-default", upstream.last().headers().get("authorization"));
        }
    }

    @Test
    void aTokenEndpointThatRefusesTheKeyIsA401() {
        var refusing = vertex.upstream();
        // another key (another credentials source), whose exchange the fake refuses as Google does
        String other = serviceAccount(refusing.baseUrl()).replace("/token\"", "/token-refused\"");
        refusing.on("/token-refused", json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}"));
        var call = new Call(Endpoint.CHAT, "gemini-2.0-flash", new HashMap<>(Map.of("messages", List.of(Map.of("role", "user", "content", "hi")))),
                false, refusing.baseUrl() + GEMINI, null, null, Map.of("vertex_credentials", other), new HashMap<>(), inTime());
        var e = org.junit.jupiter.api.Assertions.assertThrows(litellm.error.LlmError.class, () -> SCRIPTS.get("vertex_ai").script().request(call));
        assertEquals(401, e.status());
        assertTrue(e.getMessage().contains("could not get a Google Cloud access token"), e.getMessage());
    }

    /** Google's own host cannot be faked on loopback: the URL the script builds for it is checked as it is built. */
    @Test
    void withoutAnApiBaseTheUrlIsTheLocationsEndpoint() {
        answerTokens();
        var call = new Call(Endpoint.CHAT, "gemini-2.0-flash", new HashMap<>(Map.of("messages", List.of(Map.of("role", "user", "content", "hi")))),
                false, "https://aiplatform.googleapis.com/v1", null, null,
                Map.of("vertex_credentials", serviceAccount(vertex.upstream().baseUrl()), "vertex_location", "europe-west4"), new HashMap<>(), inTime());
        var request = UpstreamRequest.from(SCRIPTS.get("vertex_ai").script().request(call));
        assertEquals("https://europe-west4-aiplatform.googleapis.com/v1/projects/my-proj/locations/europe-west4/publishers/google/models/gemini-2.0-flash:generateContent",
                request.url().toString(), "the project is the service account's own");
        var global = new Call(Endpoint.CHAT, "claude-sonnet-4@20250514", new HashMap<>(Map.of("messages", List.of(Map.of("role", "user", "content", "hi")))),
                true, "https://aiplatform.googleapis.com/v1", null, null,
                Map.of("vertex_credentials", serviceAccount(vertex.upstream().baseUrl()), "vertex_location", "global", "vertex_project", "other-proj"), new HashMap<>(), inTime());
        assertEquals("https://aiplatform.googleapis.com/v1/projects/other-proj/locations/global/publishers/anthropic/models/claude-sonnet-4@20250514:streamRawPredict",
                UpstreamRequest.from(SCRIPTS.get("vertex_ai").script().request(global)).url().toString());
    }

    static FollowUps inTime() {
        return new FollowUps() {
            @Override
            public Object send(Object request) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Duration timeLeft() {
                return Duration.ofSeconds(10);
            }
        };
    }
}
