package litellm.e2e.proxy;

import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.ProxyUnderTest;
import litellm.testing.Tools;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static litellm.testing.FakeUpstream.json;
import static litellm.testing.FakeUpstream.sse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The official OpenAI Node SDK (tests/clients/node, installed by .ci/run with npm ci) against the proxy. */
class NodeSdkTest {
    @Test
    void theNodeSdkSpeaksToTheProxy() throws Exception {
        var client = Fixtures.repo().resolve("tests/clients/node");
        Tools.assumeInstalled("node", "install Node.js and npm (apt-get install nodejs npm), then run `npm ci` in tests/clients/node; .ci/run does both");
        assumeTrue(Files.isDirectory(client.resolve("node_modules/openai")), "needs the OpenAI Node SDK: run `npm ci` in tests/clients/node (.ci/run does)");
        try (var upstream = FakeUpstream.start()
                .onStreamOrNot("/v1/chat/completions", json(200, Fixtures.read("openai/chat/response.json")), sse(Fixtures.read("openai/chat/stream.txt"), 0))
                .on("/v1/completions", json(200, Fixtures.read("openai/completions/response.json")))
                .on("/v1/embeddings", json(200, Fixtures.read("openai/embeddings/response.json")));
             var limited = FakeUpstream.start().on("/v1/chat/completions",
                     json(429, Fixtures.read("openai/errors/429-rate-limit.json"), Map.of("Retry-After", "7")));
             var proxy = ProxyUnderTest.serving("openai", "gpt-4o-mini", upstream.baseUrl() + "/v1", "sk-x");
             var limitedProxy = ProxyUnderTest.serving("openai", "gpt-4o-mini", limited.baseUrl() + "/v1", "sk-x");
             var chatOnlyProxy = ProxyUnderTest.serving("vllm", "Qwen/Qwen3-8B", upstream.baseUrl() + "/v1", "sk-x")) {
            Process node = new ProcessBuilder("node", "check.mjs", proxy.url("/v1"), limitedProxy.url("/v1"), chatOnlyProxy.url("/v1"))
                    .directory(client.toFile()).redirectErrorStream(true).start();
            assertTrue(node.waitFor(60, TimeUnit.SECONDS), "node did not finish");
            String out = new String(node.getInputStream().readAllBytes()).strip();
            assertEquals(0, node.exitValue(), out);
            var result = Http.parse(out.lines().reduce((a, b) -> b).orElse(""));
            assertEquals("Hello! How can I assist you today?", result.get("chat"));
            assertEquals("Hello! How can I help?", result.get("stream"));
            assertEquals(17, result.get("streamTotalTokens"));
            assertEquals("\n\nThis is indeed a test", result.get("completion"));
            // The Node SDK asks for base64 and decodes float32: the proxy encoded the upstream's floats.
            var embedding = (List<?>) result.get("embedding");
            assertEquals(0.0023064255f, ((Number) embedding.get(0)).floatValue());
            assertEquals(-0.009327292f, ((Number) embedding.get(1)).floatValue());
            assertEquals(List.of("openai/gpt-4o-mini"), result.get("models"));
            assertEquals("RateLimitError 429 7", result.get("error"));
            // The Responses API through the translation onto chat, as the SDK's output_text and stream helpers read it
            assertEquals("Hello! How can I assist you today?", result.get("responseText"));
            assertEquals(true, result.get("continued"));
            assertEquals("Hello! How can I help?", result.get("responseStreamText"));
            assertEquals(List.of("response.created", "response.completed"), result.get("responseEvents"));
        }
    }
}
