package litellm.testing;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

/** The official OpenAI Java SDK pointed at the proxy: what a real client makes of its answers. */
public final class OpenAiSdk {
    private OpenAiSdk() {}

    public static OpenAIClient client(ProxyUnderTest proxy) {
        return OpenAIOkHttpClient.builder().baseUrl(proxy.url("/v1")).apiKey("sk-proxy").maxRetries(0).build();
    }

    /** Streams a chat completion and puts the chunks together as the SDK's accumulator does. */
    public static ChatCompletion streamed(ProxyUnderTest proxy, ChatCompletionCreateParams params) {
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> stream = client(proxy).chat().completions().createStreaming(params)) {
            stream.stream().forEach(accumulator::accumulate);
        }
        return accumulator.chatCompletion();
    }
}
