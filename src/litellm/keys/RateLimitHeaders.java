package litellm.keys;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * LiteLLM's rate-limit headers for a key or team with rpm_limit or tpm_limit, as its parallel request limiter (v3)
 * names them: {@code x-ratelimit-<descriptor>-remaining-requests}, {@code ...-limit-requests}, and the same for
 * tokens, the descriptor being {@code api_key} or {@code team}.
 */
final class RateLimitHeaders {
    private RateLimitHeaders() {}

    /** {@code before} with this descriptor's headers added; {@code before} itself when it has no limit. */
    static Map<String, String> of(String descriptor, Long rpm, Long tpm, MinuteCount count, Map<String, String> before) {
        if (rpm == null && tpm == null) return before;
        Map<String, String> headers = new LinkedHashMap<>(before);
        String prefix = "x-ratelimit-" + descriptor + "-";
        if (rpm != null) {
            headers.put(prefix + "remaining-requests", String.valueOf(Math.max(0, rpm - count.requests())));
            headers.put(prefix + "limit-requests", String.valueOf(rpm));
        }
        if (tpm != null) {
            headers.put(prefix + "remaining-tokens", String.valueOf(Math.max(0, tpm - count.tokens())));
            headers.put(prefix + "limit-tokens", String.valueOf(tpm));
        }
        return headers;
    }
}
