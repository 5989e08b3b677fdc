package litellm.responses;

import litellm.error.ClientGone;
import litellm.error.LlmError;
import litellm.openai.OpenAiObjects;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The Responses API on a provider that only chats, as LiteLLM's completion bridge does: the request becomes a chat
 * completion request ({@link ChatRequest}), and the chat answer, whole or streamed, becomes a Response or the
 * Responses events ({@link ChatAnswer}, {@link ResponseWriter}).
 */
public final class ResponsesViaChat {
    /** Sends a chat request the whole way and returns its answer. */
    @FunctionalInterface
    public interface ChatCall extends UnaryOperator<Map<String, Object>> {}

    /** Streams a chat request, each chunk to {@code chunks} as it arrives. */
    @FunctionalInterface
    public interface ChatStream {
        void stream(Map<String, Object> chatRequest, JsonSink chunks);
    }

    private ResponsesViaChat() {}

    /** A whole Response, from the chat answer to the translated request. */
    public static Map<String, Object> response(Map<String, Object> request, String provider, ChatCall chat) {
        Map<String, Object> chatRequest = ChatRequest.of(request, provider, false);
        ChatAnswer answer = new ChatAnswer(request, chatRequest, null);
        try {
            answer.chunk(ChatAnswer.asChunk(chat.apply(chatRequest)));
            return answer.finish();
        } catch (IOException e) {
            throw new IllegalStateException("a whole answer writes no events", e);
        }
    }

    /**
     * A streamed Response: the chat stream's chunks made into Responses events as they arrive. A failure after the
     * first event is written as {@code response.failed}, then thrown for the server to end the stream with.
     */
    public static void stream(Map<String, Object> request, String provider, JsonSink events, ChatStream chat) {
        ChatAnswer answer = new ChatAnswer(request, ChatRequest.of(request, provider, true), events);
        try {
            try {
                chat.stream(answer.chatRequest(), answer::chunk);
            } catch (LlmError e) {
                answer.failed(e);
                throw e;
            }
            answer.finish();
        } catch (IOException e) {
            throw new ClientGone(e);
        }
    }

    /** A whole Response (a cached one) written as the events a stream of it would have had. */
    public static void replay(Map<String, Object> response, JsonSink events) {
        try {
            ResponseWriter w = new ResponseWriter(response, events, String.valueOf(response.get("id")));
            w.start(response.get("created_at") instanceof Number n ? n.longValue() : OpenAiObjects.now(), String.valueOf(response.get("model")));
            for (Object o : response.get("output") instanceof List<?> l ? l : List.of()) {
                if (!(o instanceof Map<?, ?> item)) continue;
                if ("message".equals(item.get("type")) && item.get("content") instanceof List<?> parts && parts.stream().allMatch(ResponsesViaChat::isText)) {
                    for (Object p : parts) for (String piece : OpenAiObjects.pieces((String) ((Map<?, ?>) p).get("text"))) w.text(piece);
                } else if ("function_call".equals(item.get("type"))) {
                    w.functionCall(String.valueOf(item.get("call_id")), String.valueOf(item.get("name")));
                    w.arguments((String) item.get("arguments"));
                } else {
                    @SuppressWarnings("unchecked") Map<String, Object> whole = (Map<String, Object>) item;
                    w.item(whole);
                }
            }
            w.finish(response.get("incomplete_details") instanceof Map<?, ?> d ? (String) d.get("reason") : null, usage(response.get("usage")));
        } catch (IOException e) {
            throw new ClientGone(e);
        }
    }

    private static boolean isText(Object part) {
        return part instanceof Map<?, ?> p && "output_text".equals(p.get("type")) && p.get("text") instanceof String;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> usage(Object usage) {
        return usage instanceof Map<?, ?> u ? (Map<String, Object>) u : null;
    }
}
