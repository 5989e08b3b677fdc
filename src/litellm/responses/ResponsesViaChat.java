package litellm.responses;

import litellm.error.ClientGone;
import litellm.error.LlmError;
import litellm.openai.OpenAiObjects;
import litellm.openai.TokenCounter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The Responses API on a provider that only chats, as LiteLLM's completion bridge does: the request becomes a chat
 * completion request (instructions a system message, input items messages, flat function tools chat's nested ones,
 * {@code text.format} the response_format, {@code reasoning.effort} the reasoning_effort, {@code max_output_tokens}
 * max_tokens), and the chat answer, whole or streamed, becomes a Response or the Responses events (its
 * reasoning_content a reasoning item with that text as its summary).
 */
public final class ResponsesViaChat {
    /** Fields that would change what the answer is, which a chat completion cannot do. */
    private static final Set<String> REFUSED = Set.of("conversation", "prompt");

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
        Map<String, Object> chatRequest = chatRequest(request, provider, false);
        ChatAnswer answer = new ChatAnswer(request, chatRequest, null);
        try {
            answer.chunk(asChunk(chat.apply(chatRequest)));
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
        ChatAnswer answer = new ChatAnswer(request, chatRequest(request, provider, true), events);
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

    /** The chat completion request for a Responses request. */
    static Map<String, Object> chatRequest(Map<String, Object> request, String provider, boolean stream) {
        for (String field : REFUSED)
            if (request.get(field) != null) throw InputItems.unsupported(field, "'" + field + "'", provider);
        if (Boolean.TRUE.equals(request.get("background"))) throw InputItems.unsupported("background", "background responses", provider);
        if (request.get("previous_response_id") != null)
            throw new LlmError(400, "invalid_request_error", "Previous response with id '" + request.get("previous_response_id") + "' not found.",
                    "previous_response_id", "previous_response_not_found", null);
        Map<String, Object> chat = new LinkedHashMap<>();
        if (request.get("model") != null) chat.put("model", request.get("model"));
        List<Map<String, Object>> messages = new ArrayList<>();
        if (request.get("instructions") instanceof String instructions) messages.add(Map.of("role", "system", "content", instructions));
        messages.addAll(InputItems.messages(request.get("input"), provider));
        chat.put("messages", messages);
        if (request.get("tools") instanceof List<?> tools && !tools.isEmpty()) chat.put("tools", ChatTools.tools(tools, provider));
        if (request.get("tool_choice") != null) chat.put("tool_choice", ChatTools.toolChoice(request.get("tool_choice"), provider));
        Object format = request.get("text") instanceof Map<?, ?> text ? text.get("format") : null;
        if (format instanceof Map<?, ?> f && !"text".equals(f.get("type"))) chat.put("response_format", responseFormat(f));
        if (request.get("reasoning") instanceof Map<?, ?> r && r.get("effort") != null) chat.put("reasoning_effort", r.get("effort"));
        if (request.get("max_output_tokens") != null) chat.put("max_tokens", request.get("max_output_tokens"));
        for (String same : List.of("temperature", "top_p", "user", "parallel_tool_calls"))
            if (request.get(same) != null) chat.put(same, request.get(same));
        if (stream) {
            chat.put("stream", true);
            chat.put("stream_options", Map.of("include_usage", true)); // response.completed carries the usage
        }
        return chat;
    }

    /** {@code text.format} as chat's response_format: json_schema's name, schema and strict move under json_schema. */
    private static Map<String, Object> responseFormat(Map<?, ?> format) {
        if (!"json_schema".equals(format.get("type"))) return Map.of("type", format.get("type"));
        Map<String, Object> schema = new LinkedHashMap<>();
        for (String key : List.of("name", "description", "schema", "strict")) if (format.get(key) != null) schema.put(key, format.get(key));
        return Map.of("type", "json_schema", "json_schema", schema);
    }

    /** A whole chat answer as the one chunk a stream of it would be: its message as the delta. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> asChunk(Map<String, Object> answer) {
        Map<String, Object> chunk = new LinkedHashMap<>(answer);
        List<Map<String, Object>> choices = new ArrayList<>();
        for (Map<String, Object> c : (List<Map<String, Object>>) answer.getOrDefault("choices", List.of())) {
            Map<String, Object> choice = new LinkedHashMap<>(c);
            Map<String, Object> delta = new LinkedHashMap<>((Map<String, Object>) c.getOrDefault("message", Map.of()));
            if (delta.get("tool_calls") instanceof List<?> calls) {
                List<Map<String, Object>> indexed = new ArrayList<>();
                for (int i = 0; i < calls.size(); i++) {
                    Map<String, Object> call = new LinkedHashMap<>((Map<String, Object>) calls.get(i));
                    call.putIfAbsent("index", i);
                    indexed.add(call);
                }
                delta.put("tool_calls", indexed);
            }
            choice.put("delta", delta);
            choices.add(choice);
        }
        chunk.put("choices", choices);
        return chunk;
    }

    /** The chat answer's chunks as they come, made into the response. */
    private static final class ChatAnswer {
        private final Map<String, Object> chatRequest;
        private final ResponseWriter writer;
        /** The chat stream's index and id of the tool call the writer has open, which chunks add to. */
        private int openCall = -1;
        private Object openCallId;
        private final StringBuilder counted = new StringBuilder();
        private String finishReason;
        private Object usage;

        ChatAnswer(Map<String, Object> request, Map<String, Object> chatRequest, JsonSink events) {
            this.chatRequest = chatRequest;
            this.writer = new ResponseWriter(request, events, ResponseObject.newId("resp_"));
        }

        Map<String, Object> chatRequest() {
            return chatRequest;
        }

        @SuppressWarnings("unchecked")
        void chunk(Map<String, Object> chunk) throws IOException {
            if (!writer.started())
                writer.start(chunk.get("created") instanceof Number n ? n.longValue() : OpenAiObjects.now(), (String) chunk.get("model"));
            if (chunk.get("usage") instanceof Map<?, ?> u) usage = u;
            if (!(chunk.get("choices") instanceof List<?> choices) || choices.isEmpty()) return;
            Map<String, Object> choice = (Map<String, Object>) choices.get(0); // n > 1 has no Responses equivalent
            if (choice.get("finish_reason") != null) finishReason = String.valueOf(choice.get("finish_reason"));
            if (!(choice.get("delta") instanceof Map<?, ?> delta)) return;
            if (delta.get("reasoning_content") instanceof String reasoning) {
                counted.append(reasoning);
                writer.reasoning(reasoning);
            }
            if (delta.get("content") instanceof String text) {
                counted.append(text);
                writer.text(text);
            }
            if (delta.get("tool_calls") instanceof List<?> calls)
                for (Object o : calls) toolCall((Map<String, Object>) o);
        }

        private void toolCall(Map<String, Object> call) throws IOException {
            int index = call.get("index") instanceof Number n ? n.intValue() : Math.max(openCall, 0);
            Map<?, ?> function = call.get("function") instanceof Map<?, ?> f ? f : Map.of();
            if (index != openCall || (call.get("id") != null && !call.get("id").equals(openCallId))) {
                openCall = index;
                openCallId = call.get("id");
                writer.functionCall(String.valueOf(call.get("id")), String.valueOf(function.get("name")));
                counted.append(function.get("name"));
            }
            if (function.get("arguments") instanceof String arguments) {
                counted.append(arguments);
                writer.arguments(arguments);
            }
        }

        Map<String, Object> finish() throws IOException {
            if (!writer.started()) writer.start(OpenAiObjects.now(), null);
            String incomplete = switch (finishReason == null ? "" : finishReason) {
                case "length" -> "max_output_tokens";
                case "content_filter" -> "content_filter";
                default -> null;
            };
            return writer.finish(incomplete, ResponseObject.usage(usage != null ? usage : countedUsage()));
        }

        void failed(LlmError e) throws IOException {
            writer.fail(e);
        }

        /** Usage counted when the provider sent none (a stream whose upstream ignores include_usage). */
        private Map<String, Object> countedUsage() {
            return OpenAiObjects.usage(TokenCounter.countMessages((List<?>) chatRequest.get("messages")), TokenCounter.count(counted.toString()));
        }
    }
}
