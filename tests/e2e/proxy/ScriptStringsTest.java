package litellm.e2e.proxy;

import litellm.config.Settings;
import litellm.routing.Deployment;
import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.ProxyUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static litellm.testing.FakeUpstream.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What a provider script writes as a GString ({@code "Bearer ${key}"}) reaches the upstream as the text
 * Groovy gives it, whatever the values: strings, nested GStrings, numbers, lists, null.
 */
class ScriptStringsTest {
    private static final String SCRIPT = """
            info(endpoints: ['chat/completions'])

            def request(Call call) {
                def version = 2
                def region = 'eu'
                [url    : "${call.apiBase}/v${version}/chat/completions",
                 headers: [Authorization: "Bearer ${call.apiKey}",
                           'X-Region'   : "${region}-${"${'west'}"}",
                           'X-Tags'     : "${['a', 'b']}",
                           'X-Nothing'  : "${null}"],
                 body   : [model: call.model, messages: call.body.messages, user: "for ${call.model}"]]
            }
            """;

    @Test
    void gStringsAreSentAsGroovyWritesThem(@TempDir Path providers) throws Exception {
        Files.writeString(providers.resolve("strings.groovy"), SCRIPT);
        try (FakeUpstream upstream = FakeUpstream.start();
             ProxyUnderTest proxy = ProxyUnderTest.serving(new Deployment("m", "strings", "m", upstream.baseUrl(), "sk-test", null, Map.of()),
                     Settings.defaults(), providers)) {
            upstream.on("/v2/chat/completions", json(200, Fixtures.read("openai/chat/response.json")));
            var answer = Http.post(proxy.url("/v1/chat/completions"), "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            assertEquals(200, answer.status(), answer.body());
            var sent = upstream.last();
            assertEquals("/v2/chat/completions", sent.path());
            assertEquals("Bearer sk-test", sent.headers().get("authorization"));
            assertEquals("eu-west", sent.headers().get("x-region"));
            assertEquals("[a, b]", sent.headers().get("x-tags"));
            assertEquals("null", sent.headers().get("x-nothing"));
            assertEquals("for m", sent.json().get("user"));
        }
    }
}
