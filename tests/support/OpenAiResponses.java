package litellm.testing;

import java.util.List;
import java.util.Map;

/** Reading OpenAI responses and stream chunks (as parsed JSON maps) in tests. */
@SuppressWarnings("unchecked")
public final class OpenAiResponses {
    private OpenAiResponses() {}

    public static List<Map<String, Object>> choices(Map<String, Object> response) {
        return (List<Map<String, Object>>) response.get("choices");
    }

    /** The first choice. */
    public static Map<String, Object> choice(Map<String, Object> response) {
        return choices(response).get(0);
    }

    /** The first choice's message. */
    public static Map<String, Object> message(Map<String, Object> response) {
        return (Map<String, Object>) choice(response).get("message");
    }

    /** The first choice's delta of a stream chunk; empty for a chunk without choices (the usage chunk). */
    public static Map<String, Object> delta(Map<String, Object> chunk) {
        return choices(chunk).isEmpty() ? Map.of() : (Map<String, Object>) choice(chunk).get("delta");
    }

    /** The first choice's delta of a stream chunk as sent ({@code data:} payload). */
    public static Map<String, Object> delta(String chunk) {
        return delta(Http.parse(chunk));
    }

    public static Map<String, Object> usage(Map<String, Object> response) {
        return (Map<String, Object>) response.get("usage");
    }
}
