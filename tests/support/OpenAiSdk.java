package litellm.testing;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.core.ObjectMappers;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;

import java.util.List;

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

    /** A Responses API stream as the SDK read it: each event (checked against the SDK's model), its type, and the accumulated response. */
    public record StreamedResponse(List<ResponseStreamEvent> events, List<String> types, Response response) {}

    public static StreamedResponse streamed(ProxyUnderTest proxy, ResponseCreateParams params) {
        ResponseAccumulator accumulator = ResponseAccumulator.create();
        try (StreamResponse<ResponseStreamEvent> stream = client(proxy).responses().createStreaming(params)) {
            List<ResponseStreamEvent> events = stream.stream().map(e -> accumulator.accumulate(e).validate()).toList();
            return new StreamedResponse(events, events.stream().map(OpenAiSdk::type).toList(), accumulator.response());
        }
    }

    /** A stream event's {@code type}, as it came. */
    public static String type(ResponseStreamEvent event) {
        return ObjectMappers.jsonMapper().valueToTree(event).get("type").asText();
    }
}
