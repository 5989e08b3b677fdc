package litellm.e2e.proxy;

import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.OpenAiSdk;
import litellm.testing.ProviderUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static litellm.testing.FakeUpstream.sse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code stream_options.include_usage}: a stream ends with a usage chunk even when the upstream sends none (older vLLM,
 * llama.cpp, a provider that reports no counts), counted with the tokenizer as LiteLLM's stream builder does; a usage
 * the upstream sends is the one the client gets.
 */
@SuppressWarnings("unchecked")
class StreamUsageTest {
    /** "Hello!" from the user: 3 priming the reply + 3 for the message + "user" (1) + "Hello!" (2), as OpenAI counts a chat. */
    static final long PROMPT_TOKENS = 9;
    /** "Hello!" answered: "Hello" and "!", cl100k_base's 2 tokens. */
    static final long COMPLETION_TOKENS = 2;
    static final String WITH_USAGE = Fixtures.read("vllm/chat-stream.txt");
    /** The same stream from a vLLM that ignores include_usage: no usage event. */
    static final String WITHOUT_USAGE = withoutUsage(WITH_USAGE);

    @RegisterExtension
    static final ProviderUnderTest vllm = new ProviderUnderTest("vllm", "Qwen3-8B", "", null);
    @RegisterExtension
    static final ProviderUnderTest ollama = new ProviderUnderTest("ollama", "llama3.2", "", null);

    @Test
    void aStreamWithoutUsageEndsWithACountedUsageChunkBeforeDone() {
        vllm.upstream().on("/v1/chat/completions", sse(WITHOUT_USAGE, 0));
        List<String> got = Http.streamData(vllm.url("/chat/completions"), Fixtures.read("vllm/chat-stream-request.json"));

        assertEquals(FakeUpstream.dataOf(WITHOUT_USAGE).size() + 1, got.size(), "the upstream's chunks, the usage chunk, [DONE]: " + got);
        assertEquals("[DONE]", got.get(got.size() - 1));
        Map<String, Object> last = Http.parse(got.get(got.size() - 2));
        assertEquals(List.of(), last.get("choices"));
        assertEquals("chat.completion.chunk", last.get("object"));
        assertEquals("chatcmpl-9d80761cccbe4941891b5b0484b964b4", last.get("id"), "the stream's own id");
        assertEquals(Map.of("prompt_tokens", (int) PROMPT_TOKENS, "completion_tokens", (int) COMPLETION_TOKENS,
                "total_tokens", (int) (PROMPT_TOKENS + COMPLETION_TOKENS)), last.get("usage"));
        for (String chunk : got.subList(0, got.size() - 2)) assertFalse(Http.parse(chunk).get("usage") instanceof Map, chunk);
    }

    @Test
    void theUpstreamsOwnUsageWinsAndComesOnce() {
        vllm.upstream().on("/v1/chat/completions", sse(WITH_USAGE, 0));
        List<String> got = Http.streamData(vllm.url("/chat/completions"), Fixtures.read("vllm/chat-stream-request.json"));

        assertEquals(FakeUpstream.dataOf(WITH_USAGE).size(), got.size(), "nothing added: " + got);
        List<Object> usages = got.stream().filter(c -> !c.equals("[DONE]")).map(c -> Http.parse(c).get("usage")).filter(u -> u instanceof Map).toList();
        assertEquals(List.of(Map.of("prompt_tokens", 20, "total_tokens", 23, "completion_tokens", 3)), usages);
    }

    @Test
    void noUsageIsCountedWhenTheClientDidNotAskForIt() {
        vllm.upstream().on("/v1/chat/completions", sse(WITHOUT_USAGE, 0));
        List<String> got = Http.streamData(vllm.url("/chat/completions"),
                "{\"model\":\"Qwen3-8B\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hello!\"}]}");

        assertEquals(FakeUpstream.dataOf(WITHOUT_USAGE).size(), got.size(), got.toString());
        assertTrue(got.stream().filter(c -> !c.equals("[DONE]")).noneMatch(c -> Http.parse(c).get("usage") instanceof Map), got.toString());
    }

    @Test
    void aCompletionStreamWithoutUsageEndsWithATextCompletionUsageChunk() {
        String raw = Fixtures.read("vllm/completions-stream.txt");
        vllm.upstream().on("/v1/completions", sse(withoutUsage(raw), 0));
        List<String> got = Http.streamData(vllm.url("/completions"),
                "{\"model\":\"Qwen3-8B\",\"prompt\":\"San Francisco is a\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}");

        Map<String, Object> last = Http.parse(got.get(got.size() - 2));
        assertEquals("text_completion", last.get("object"));
        assertEquals(List.of(), last.get("choices"));
        Map<String, Object> usage = (Map<String, Object>) last.get("usage");
        assertEquals(4, usage.get("prompt_tokens"), "San, Francisco, is, a");
        assertTrue((Integer) usage.get("completion_tokens") > 0, usage.toString());
    }

    @Test
    void aTranslatedProviderThatReportsNoCountsGetsThemCounted() {
        // Ollama's stream, its last event without prompt_eval_count and eval_count (a server that counts nothing)
        String raw = Fixtures.read("ollama/chat-stream.ndjson").replaceAll(",\"total_duration\".*\\}", "}");
        ollama.upstream().on("/api/chat", sse(raw, 0));
        List<String> got = Http.streamData(ollama.url("/chat/completions"),
                "{\"model\":\"llama3.2\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"Why is the sky blue?\"}]}");

        Map<String, Object> last = Http.parse(got.get(got.size() - 2));
        assertEquals(List.of(), last.get("choices"));
        Map<String, Object> usage = (Map<String, Object>) last.get("usage");
        assertEquals(3 + 3 + 1 + 6, usage.get("prompt_tokens"), "Why is the sky blue? is 6 tokens");
        assertTrue((Integer) usage.get("completion_tokens") > 0, usage.toString());
        assertEquals("[DONE]", got.get(got.size() - 1));
    }

    @Test
    void theOpenAiSdkReadsTheCountedUsage() {
        vllm.upstream().on("/v1/chat/completions", sse(WITHOUT_USAGE, 0));
        var completion = OpenAiSdk.streamed(vllm.proxy(), ChatCompletionCreateParams.builder().model("Qwen3-8B").addUserMessage("Hello!")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build());

        assertEquals("Hello!", completion.choices().get(0).message().content().orElseThrow());
        var usage = completion.usage().orElseThrow();
        assertEquals(PROMPT_TOKENS, usage.promptTokens());
        assertEquals(COMPLETION_TOKENS, usage.completionTokens());
        assertEquals(PROMPT_TOKENS + COMPLETION_TOKENS, usage.totalTokens());
        assertNotNull(completion.id());
    }

    /** {@code raw}'s SSE events but those that carry a usage. */
    static String withoutUsage(String raw) {
        StringBuilder out = new StringBuilder();
        for (String event : FakeUpstream.events(raw)) if (!event.contains("\"usage\":{")) out.append(event);
        return out.toString();
    }
}
