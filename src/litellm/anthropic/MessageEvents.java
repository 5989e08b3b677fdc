package litellm.anthropic;

import litellm.openai.OpenAiObjects;
import litellm.openai.TokenCounter;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A chat model's stream, chunk by chunk, as Anthropic's stream events, each sent as soon as its chunk arrives:
 * {@code message_start}; per content block (thinking, text, each tool call) {@code content_block_start}, its
 * {@code content_block_delta}s (thinking_delta, text_delta, input_json_delta) and {@code content_block_stop};
 * {@code ping} after the first block's start, as Anthropic sends it; then {@code message_delta} with the stop reason
 * and the usage, and {@code message_stop}. OpenAI streams send the finish before the usage: the message_delta waits
 * for the usage, or for the stream's end (the tokens are then counted).
 */
public final class MessageEvents {
    /** Where the events go. */
    @FunctionalInterface
    public interface Sink {
        void event(Map<String, Object> event) throws IOException;
    }

    private final ViaChat via;
    private final Sink sink;
    private boolean started, pinged, delivered;
    /** The open block's index and type (text, thinking, tool_use); -1 and null when none is open. */
    private int block = -1;
    private String open;
    private int blocks;
    /** A tool call's index in the chat stream → its block's index. */
    private final Map<Integer, Integer> toolBlocks = new HashMap<>();
    private StopReason stop;
    private Map<?, ?> usage;
    /** The answer's text so far, counted for the usage when the upstream reports none. */
    private final StringBuilder said = new StringBuilder();

    public MessageEvents(ViaChat via, Sink sink) {
        this.via = via;
        this.sink = sink;
    }

    @SuppressWarnings("unchecked")
    public void chunk(Map<String, Object> chunk) throws IOException {
        if (!started) start(chunk.get("id"), chunk.get("model"));
        if (chunk.get("usage") instanceof Map<?, ?> u) usage = u;
        if (chunk.get("choices") instanceof List<?> choices && !choices.isEmpty() && choices.get(0) instanceof Map<?, ?> c) {
            Map<String, Object> choice = (Map<String, Object>) c;
            if (choice.get("delta") instanceof Map<?, ?> delta) delta((Map<String, Object>) delta);
            if (choice.get("finish_reason") != null) {
                close();
                stop = StopReason.of(choice.get("finish_reason"), choice.get("stop_reason"), via.stopSequences());
            }
        }
        if (stop != null && usage != null && !delivered) messageDelta();
    }

    /** The chat stream ended: whatever is open is closed, the message_delta sent if it waited, then message_stop. */
    public void end() throws IOException {
        if (!started) start(null, null);
        close();
        if (!delivered) messageDelta();
        sink.event(Events.MESSAGE_STOP);
    }

    @SuppressWarnings("unchecked")
    private void delta(Map<String, Object> delta) throws IOException {
        if (delta.get("reasoning_content") instanceof String thinking && !thinking.isEmpty()) {
            blockOf("thinking", null);
            said.append(thinking);
            sink.event(Events.delta(block, "thinking_delta", "thinking", thinking));
        }
        if (delta.get("thinking_blocks") instanceof List<?> thinkingBlocks)
            for (Object b : thinkingBlocks)
                if (b instanceof Map<?, ?> t && t.get("signature") instanceof String signature && !signature.isEmpty()) {
                    blockOf("thinking", null);
                    sink.event(Events.delta(block, "signature_delta", "signature", signature));
                }
        if (delta.get("content") instanceof String text && !text.isEmpty()) {
            blockOf("text", null);
            said.append(text);
            sink.event(Events.delta(block, "text_delta", "text", text));
        }
        if (delta.get("tool_calls") instanceof List<?> calls)
            for (Object o : calls) toolCall((Map<String, Object>) o);
    }

    @SuppressWarnings("unchecked")
    private void toolCall(Map<String, Object> call) throws IOException {
        int index = call.get("index") instanceof Number n ? n.intValue() : 0;
        Map<String, Object> function = call.get("function") instanceof Map<?, ?> f ? (Map<String, Object>) f : Map.of();
        Integer at = toolBlocks.get(index);
        if (at == null) {
            Map<String, Object> toolUse = new LinkedHashMap<>();
            toolUse.put("type", "tool_use");
            toolUse.put("id", call.get("id") != null ? call.get("id") : MessageIds.nextToolUse());
            toolUse.put("name", via.toolName((String) function.get("name")));
            toolUse.put("input", Map.of());
            blockOf(null, toolUse);
            toolBlocks.put(index, at = block);
            said.append(toolUse.get("name"));
        }
        if (function.get("arguments") instanceof String args && !args.isEmpty()) {
            said.append(args);
            // at, not the open block: a call's arguments may come after another call's block opened
            sink.event(Events.delta(at, "input_json_delta", "partial_json", args));
        }
    }

    private void start(Object id, Object model) throws IOException {
        started = true;
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("id", id != null ? id : MessageIds.next());
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", model != null ? model : via.model());
        message.put("content", List.of());
        message.put("stop_reason", null);
        message.put("stop_sequence", null);
        // OpenAI streams tell the prompt's tokens at their end: the message_delta carries them
        message.put("usage", Map.of("input_tokens", 0, "output_tokens", 0));
        sink.event(Events.event("message_start", "message", message));
    }

    /** Makes a block of {@code type} the open one (a new tool_use block always), closing another that is open. */
    private void blockOf(String type, Map<String, Object> toolUse) throws IOException {
        if (toolUse == null && type.equals(open)) return;
        close();
        open = toolUse != null ? "tool_use" : type;
        block = blocks++;
        Map<String, Object> content = toolUse != null ? toolUse : type.equals("text") ? Map.of("type", "text", "text", "")
                : ChatToMessage.thinking("");
        sink.event(Events.blockStart(block, content));
        if (!pinged) {
            pinged = true;
            sink.event(Events.PING);
        }
    }

    private void close() throws IOException {
        if (open == null) return;
        sink.event(Events.blockStop(block));
        open = null;
    }

    private void messageDelta() throws IOException {
        delivered = true;
        StopReason s = stop != null ? stop : new StopReason("end_turn", null);
        sink.event(Events.messageDelta(s.reason(), s.sequence(), ChatToMessage.usage(usage != null ? usage : counted())));
    }

    /** The usage counted with the tokenizer, for an upstream that reported none. */
    private Map<String, Object> counted() {
        return OpenAiObjects.usage(TokenCounter.countMessages((List<?>) via.chat().get("messages")), TokenCounter.count(said.toString()));
    }
}
