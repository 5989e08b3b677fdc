package litellm.testing;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;

import java.util.ArrayList;
import java.util.List;

/** The official Anthropic Java SDK pointed at the proxy, as ANTHROPIC_BASE_URL points Claude Code at it. */
public final class AnthropicSdk {
    private AnthropicSdk() {}

    /** A client that shows {@code key} as Anthropic's SDKs do, in x-api-key. */
    public static AnthropicClient client(ProxyUnderTest proxy, String key) {
        return AnthropicOkHttpClient.builder().baseUrl(proxy.url("")).apiKey(key).maxRetries(0).build();
    }

    /** A streamed message: its events as the SDK gives them (it drops pings), and the message its accumulator makes of them. */
    public record Streamed(List<RawMessageStreamEvent> events, Message message) {
        public List<String> types() {
            return events.stream().map(Streamed::type).toList();
        }

        private static String type(RawMessageStreamEvent e) {
            return e.isMessageStart() ? "message_start" : e.isContentBlockStart() ? "content_block_start"
                    : e.isContentBlockDelta() ? "content_block_delta" : e.isContentBlockStop() ? "content_block_stop"
                    : e.isMessageDelta() ? "message_delta" : e.isMessageStop() ? "message_stop" : "unknown";
        }
    }

    public static Streamed streamed(AnthropicClient client, MessageCreateParams params) {
        MessageAccumulator accumulator = MessageAccumulator.create();
        List<RawMessageStreamEvent> events = new ArrayList<>();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params)) {
            stream.stream().forEach(e -> events.add(accumulator.accumulate(e)));
        }
        return new Streamed(events, accumulator.message());
    }
}
