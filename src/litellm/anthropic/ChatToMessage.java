package litellm.anthropic;

import litellm.json.Json;
import litellm.openai.Endpoint;
import litellm.openai.TokenCounter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A chat.completion as the Anthropic message a client of {@code /v1/messages} reads: thinking first (the thinking
 * blocks, else the reasoning text), then the text, then each tool call as a tool_use block, as LiteLLM's adapter
 * orders them; the stop reason and the usage in Anthropic's words.
 */
public final class ChatToMessage {
    private ChatToMessage() {}

    @SuppressWarnings("unchecked")
    public static Map<String, Object> message(Map<String, Object> chat, ViaChat via) {
        List<?> choices = chat.get("choices") instanceof List<?> l ? l : List.of();
        Map<String, Object> choice = choices.isEmpty() ? Map.of() : (Map<String, Object>) choices.get(0);
        Map<String, Object> answer = choice.get("message") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        List<Object> content = new ArrayList<>();
        if (answer.get("thinking_blocks") instanceof List<?> blocks && !blocks.isEmpty()) content.addAll(blocks);
        else if (answer.get("reasoning_content") instanceof String r && !r.isEmpty()) content.add(thinking(r));
        if (answer.get("content") instanceof String text && !text.isEmpty()) content.add(Map.of("type", "text", "text", text));
        if (answer.get("tool_calls") instanceof List<?> calls)
            for (Object call : calls) content.add(toolUse((Map<String, Object>) call, via));
        StopReason stop = StopReason.of(choice.get("finish_reason"), choice.get("stop_reason"), via.stopSequences());
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("id", chat.get("id") != null ? chat.get("id") : MessageIds.next());
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", chat.get("model") != null ? chat.get("model") : via.model());
        message.put("content", content);
        message.put("stop_reason", stop.reason());
        message.put("stop_sequence", stop.sequence());
        message.put("usage", usage(TokenCounter.usage(Endpoint.CHAT, via.chat(), chat)));
        return message;
    }

    /**
     * OpenAI's usage as Anthropic's: input_tokens are the prompt's tokens less those read from or written to a prompt
     * cache, which Anthropic counts apart.
     */
    static Map<String, Object> usage(Map<?, ?> openAi) {
        long prompt = number(openAi.get("prompt_tokens"));
        long cacheRead = openAi.get("prompt_tokens_details") instanceof Map<?, ?> details ? number(details.get("cached_tokens")) : 0;
        cacheRead = Math.max(cacheRead, number(openAi.get("cache_read_input_tokens")));
        long cacheWrite = number(openAi.get("cache_creation_input_tokens"));
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("input_tokens", Math.max(0, prompt - cacheRead - cacheWrite));
        usage.put("output_tokens", number(openAi.get("completion_tokens")));
        if (cacheWrite > 0) usage.put("cache_creation_input_tokens", cacheWrite);
        if (cacheRead > 0) usage.put("cache_read_input_tokens", cacheRead);
        return usage;
    }

    static Map<String, Object> thinking(String text) {
        Map<String, Object> block = new LinkedHashMap<>();
        block.put("type", "thinking");
        block.put("thinking", text);
        block.put("signature", "");
        return block;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> toolUse(Map<String, Object> call, ViaChat via) {
        Map<String, Object> function = call.get("function") instanceof Map<?, ?> f ? (Map<String, Object>) f : Map.of();
        Map<String, Object> block = new LinkedHashMap<>();
        block.put("type", "tool_use");
        block.put("id", call.get("id") != null ? call.get("id") : MessageIds.nextToolUse());
        block.put("name", via.toolName((String) function.get("name")));
        block.put("input", input(function.get("arguments")));
        return block;
    }

    /** A tool call's arguments as the object Anthropic's input is; nothing (an empty object) when they are not one. */
    static Map<String, Object> input(Object arguments) {
        if (!(arguments instanceof String text) || text.isBlank()) return Map.of();
        try {
            Object parsed = Json.parse(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            @SuppressWarnings("unchecked") Map<String, Object> object = parsed instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            return object;
        } catch (IOException e) {
            return Map.of();
        }
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }
}
