package litellm.e2e.proxy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.embeddings.EmbeddingCreateParams;
import litellm.testing.Fixtures;
import litellm.testing.ProviderUnderTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static litellm.testing.FakeUpstream.json;
import static litellm.testing.FakeUpstream.sse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The official OpenAI Java SDK, pointed at the proxy by its base URL, as users do. */
class OpenAiSdkTest {
    @RegisterExtension
    static final ProviderUnderTest openai = new ProviderUnderTest("openai", "gpt-4o-mini", "/v1", "sk-upstream-key");
    static OpenAIClient client;

    @BeforeAll
    static void start() {
        client = OpenAIOkHttpClient.builder().baseUrl(openai.url("/v1")).apiKey("anything").maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    static ChatCompletionCreateParams.Builder chat() {
        return ChatCompletionCreateParams.builder().model("gpt-3.5-turbo").addUserMessage("this is a test request, write a short poem");
    }

    @Test
    void chat_completion() {
        openai.upstream().on("/v1/chat/completions", json(200, Fixtures.read("openai/chat/response.json")));
        var completion = client.chat().completions().create(chat().build());
        assertEquals("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", completion.id());
        assertTrue(completion.choices().get(0).message().content().orElseThrow().startsWith("Hello! How can I assist you today?"));
        assertEquals(19, completion.usage().orElseThrow().promptTokens());
        assertEquals("Bearer sk-upstream-key", openai.upstream().last().headers().get("authorization"), "the proxy's key, not the client's");
    }

    @Test
    void streamed_chat_completion_with_usage() {
        openai.upstream().on("/v1/chat/completions", sse(Fixtures.read("openai/chat/stream.txt"), 0));
        var params = chat().streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            List<ChatCompletionChunk> chunks = stream.stream().toList();
            String text = chunks.stream().flatMap(c -> c.choices().stream())
                    .map(c -> c.delta().content().orElse("")).collect(Collectors.joining());
            assertEquals("Hello! How can I help?", text);
            assertEquals(17, chunks.get(chunks.size() - 1).usage().orElseThrow().totalTokens());
        }
    }

    @Test
    void models_list() {
        var ids = client.models().list().data().stream().map(m -> m.id()).toList();
        assertEquals(List.of("openai/gpt-4o-mini"), ids);
    }

    @Test
    void embeddings() {
        openai.upstream().on("/v1/embeddings", req -> {
            // The SDK may ask for base64 (the Python one does by default): answer in the format asked for.
            var body = new String(openai.upstream().received().get(openai.upstream().received().size() - 1).body());
            String file = body.contains("\"base64\"") ? "openai/embeddings/base64-response.json" : "openai/embeddings/response.json";
            json(200, Fixtures.read(file)).send(req);
        });
        var response = client.embeddings().create(EmbeddingCreateParams.builder().model("text-embedding-3-small").input("The food was delicious").build());
        List<Float> vector = response.data().get(0).embedding();
        assertEquals(8, vector.size());
        assertEquals(0.0023064255f, vector.get(0), 1e-9);
    }

    @Test
    void legacy_completions() {
        openai.upstream().on("/v1/completions", json(200, Fixtures.read("openai/completions/response.json")));
        var completion = client.completions().create(CompletionCreateParams.builder()
                .model("gpt-3.5-turbo-instruct").prompt("Say this is a test").maxTokens(7).build());
        assertEquals("text_completion", completion._object_().toString());
        assertTrue(completion.choices().get(0).text().contains("This is indeed a test"));
    }

    @Test
    void upstream_errors_raise_the_sdk_exceptions() {
        openai.upstream().on("/v1/chat/completions", json(429, Fixtures.read("openai/errors/429-rate-limit.json"), Map.of("Retry-After", "3")));
        var limited = assertThrows(RateLimitException.class, () -> client.chat().completions().create(chat().build()));
        assertTrue(limited.getMessage().contains("Rate limit reached"), limited.getMessage());

        openai.upstream().on("/v1/chat/completions", json(401, Fixtures.read("openai/errors/401-invalid-api-key.json")));
        assertThrows(UnauthorizedException.class, () -> client.chat().completions().create(chat().build()));

        openai.upstream().on("/v1/chat/completions", json(404, Fixtures.read("openai/errors/404-model-not-found.json")));
        assertThrows(NotFoundException.class, () -> client.chat().completions().create(chat().build()));
    }
}
