package litellm.responses;

import litellm.error.LlmError;
import litellm.openai.OpenAiObjects;
import litellm.openai.TokenCounter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A chat answer made into a response as its chunks come (a whole answer is one chunk): reasoning_content a reasoning
 * item, content the message's text, tool calls function calls; finish_reason length or content_filter an incomplete
 * response; the usage the upstream's, else counted.
 */
final class ChatAnswer {
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

    /** A whole chat answer as the one chunk a stream of it would be: its message as the delta. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> asChunk(Map<String, Object> answer) {
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
}
