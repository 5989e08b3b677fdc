package litellm.provider;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What LiteLLM adds to messages so that a model's reasoning survives the next turn, and which providers get it.
 * <ul>
 * <li>Gemini's thought signatures ride in tool call ids, {@code call_x__thought__<signature>} (clients send ids back
 * even when they drop fields they do not know), in a tool call's {@code provider_specific_fields}, and a text answer's
 * in the message's {@code provider_specific_fields.thought_signatures}.</li>
 * <li>Anthropic's thinking blocks ride in an assistant message's {@code thinking_blocks}, its text in
 * {@code reasoning_content}. So do Gemini's, whose signatures it also lists in the message's
 * {@code provider_specific_fields.thought_signatures}.</li>
 * </ul>
 * Each model refuses another's signatures: Claude Gemini's and Gemini Claude's, so a signed thinking block goes only to
 * the kind of provider that signed it, and a conversation that moves from one to the other leaves it behind.
 * A provider that does not read them ({@link ProviderInfo#thoughtSignatures()}, {@link ProviderInfo#thinkingBlocks()})
 * gets messages without them: OpenAI refuses tool call ids over 40 characters and message fields it does not know,
 * Anthropic ids with {@code +/=}, DeepSeek a {@code reasoning_content}; and a conversation may move from one model to another.
 */
public final class ReasoningState {
    public static final String SIGNATURE = "__thought__";

    private ReasoningState() {}

    public static String signed(String id, String signature) {
        return id + SIGNATURE + signature;
    }

    /** The signature the id carries, or null. */
    public static String signature(String id) {
        int at = id == null ? -1 : id.indexOf(SIGNATURE);
        return at < 0 ? null : id.substring(at + SIGNATURE.length());
    }

    /** The messages as a provider that reads what {@code info} says should get them: the same list when nothing changes. */
    public static List<?> forProvider(List<?> messages, ProviderInfo info) {
        if (!anyCarriesUnread(messages, info)) return messages; // every request passes here: a plain loop, no copy
        List<Object> out = new ArrayList<>(messages.size());
        for (Object message : messages) out.add(carriesUnread(message, info) ? withoutUnread((Map<?, ?>) message, info) : message);
        return out;
    }

    private static boolean anyCarriesUnread(List<?> messages, ProviderInfo info) {
        for (Object message : messages) if (carriesUnread(message, info)) return true;
        return false;
    }

    private static boolean carriesUnread(Object message, ProviderInfo info) {
        if (!(message instanceof Map<?, ?> m)) return false;
        if (!info.thinkingBlocks() && (m.containsKey("thinking_blocks") || m.containsKey("reasoning_content"))) return true;
        if (info.thinkingBlocks() && !refusedBlocks(m, info).isEmpty()) return true;
        if (info.thoughtSignatures()) return false;
        if (signature(text(m.get("tool_call_id"))) != null || m.containsKey("provider_specific_fields")) return true;
        return m.get("tool_calls") instanceof List<?> calls && calls.stream().anyMatch(c -> c instanceof Map<?, ?> call
                && (signature(text(call.get("id"))) != null || call.containsKey("provider_specific_fields")));
    }

    private static Map<String, Object> withoutUnread(Map<?, ?> message, ProviderInfo info) {
        Map<String, Object> copy = copy(message);
        if (!info.thinkingBlocks()) {
            copy.remove("thinking_blocks");
            copy.remove("reasoning_content");
        } else {
            List<Object> refused = refusedBlocks(message, info);
            if (!refused.isEmpty()) {
                List<Object> kept = new ArrayList<>((List<?>) copy.get("thinking_blocks"));
                kept.removeAll(refused);
                if (!kept.isEmpty()) copy.put("thinking_blocks", kept);
                else {
                    copy.remove("thinking_blocks");
                    // Gemini would send the text of another model's thoughts back as its own thought
                    if (info.thoughtSignatures()) copy.remove("reasoning_content");
                }
            }
        }
        if (info.thoughtSignatures()) return copy;
        copy.remove("provider_specific_fields");
        if (copy.get("tool_call_id") instanceof String id) copy.put("tool_call_id", unsigned(id));
        if (copy.get("tool_calls") instanceof List<?> calls) {
            List<Object> unsignedCalls = new ArrayList<>(calls.size());
            for (Object c : calls) unsignedCalls.add(c instanceof Map<?, ?> call ? unsignedCall(call) : c);
            copy.put("tool_calls", unsignedCalls);
        }
        return copy;
    }

    /**
     * The signed thinking blocks the provider would refuse: for Gemini another model's, for every other provider
     * Gemini's (those whose signatures the message lists in provider_specific_fields.thought_signatures).
     */
    private static List<Object> refusedBlocks(Map<?, ?> message, ProviderInfo info) {
        if (!(message.get("thinking_blocks") instanceof List<?> blocks)) return List.of();
        List<?> gemini = message.get("provider_specific_fields") instanceof Map<?, ?> fields
                && fields.get("thought_signatures") instanceof List<?> signatures ? signatures : List.of();
        List<Object> refused = new ArrayList<>();
        for (Object b : blocks)
            if (b instanceof Map<?, ?> block && block.get("signature") != null && gemini.contains(block.get("signature")) != info.thoughtSignatures())
                refused.add(b);
        return refused;
    }

    private static Map<String, Object> unsignedCall(Map<?, ?> call) {
        Map<String, Object> copy = copy(call);
        if (copy.get("id") instanceof String id) copy.put("id", unsigned(id));
        copy.remove("provider_specific_fields");
        return copy;
    }

    private static String unsigned(String id) {
        int at = id.indexOf(SIGNATURE);
        return at < 0 ? id : id.substring(0, at);
    }

    private static Map<String, Object> copy(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(String.valueOf(k), v));
        return copy;
    }

    private static String text(Object value) {
        return value instanceof String s ? s : null;
    }
}
