package litellm.provider;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tool call ids that carry a thought signature, {@code call_x__thought__<signature>}, as LiteLLM writes them for
 * Gemini's thinking models: clients send ids back even when they drop fields they do not know, so the signature
 * comes back with its call. A provider that does not read them ({@link ProviderInfo#thoughtSignatures()}) gets the
 * ids without them: OpenAI refuses ids over 40 characters, and a conversation may move from one model to another.
 */
public final class ToolCallIds {
    public static final String SIGNATURE = "__thought__";

    private ToolCallIds() {}

    public static String signed(String id, String signature) {
        return id + SIGNATURE + signature;
    }

    /** The signature the id carries, or null. */
    public static String signature(String id) {
        int at = id == null ? -1 : id.indexOf(SIGNATURE);
        return at < 0 ? null : id.substring(at + SIGNATURE.length());
    }

    /** The messages with their tool call ids unsigned (and no provider_specific_fields): the same list when no id is signed. */
    public static List<?> withoutSignatures(List<?> messages) {
        if (messages.stream().noneMatch(ToolCallIds::isSigned)) return messages;
        List<Object> unsigned = new ArrayList<>(messages.size());
        for (Object message : messages) unsigned.add(isSigned(message) ? unsign((Map<?, ?>) message) : message);
        return unsigned;
    }

    private static boolean isSigned(Object message) {
        if (!(message instanceof Map<?, ?> m)) return false;
        if (signature(text(m.get("tool_call_id"))) != null) return true;
        return m.get("tool_calls") instanceof List<?> calls && calls.stream().anyMatch(c -> c instanceof Map<?, ?> call && signature(text(call.get("id"))) != null);
    }

    private static Map<String, Object> unsign(Map<?, ?> message) {
        Map<String, Object> copy = copy(message);
        if (copy.get("tool_call_id") instanceof String id) copy.put("tool_call_id", unsigned(id));
        if (copy.get("tool_calls") instanceof List<?> calls) {
            List<Object> unsignedCalls = new ArrayList<>(calls.size());
            for (Object c : calls) {
                if (!(c instanceof Map<?, ?> call) || !(call.get("id") instanceof String id)) {
                    unsignedCalls.add(c);
                    continue;
                }
                Map<String, Object> unsignedCall = copy(call);
                unsignedCall.put("id", unsigned(id));
                unsignedCall.remove("provider_specific_fields");
                unsignedCalls.add(unsignedCall);
            }
            copy.put("tool_calls", unsignedCalls);
        }
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
