package litellm.keys;

import java.util.function.BiConsumer;

/**
 * LiteLLM's rate-limit headers for a key or team with rpm_limit or tpm_limit, as its parallel request limiter (v3)
 * names them: {@code x-ratelimit-<descriptor>-remaining-requests}, {@code ...-limit-requests}, and the same for
 * tokens, the descriptor being {@code api_key} or {@code team}. The names are made once, here; a call only writes the
 * values.
 */
enum RateLimitHeaders {
    KEY("api_key"),
    TEAM("team");

    private final String remainingRequests;
    private final String limitRequests;
    private final String remainingTokens;
    private final String limitTokens;

    RateLimitHeaders(String descriptor) {
        String prefix = "x-ratelimit-" + descriptor + "-";
        remainingRequests = prefix + "remaining-requests";
        limitRequests = prefix + "limit-requests";
        remainingTokens = prefix + "remaining-tokens";
        limitTokens = prefix + "limit-tokens";
    }

    static boolean any(Long rpm, Long tpm) {
        return rpm != null || tpm != null;
    }

    /** Each limit's headers, given the minute's count with this call; none for a limit not set. */
    void write(Long rpm, Long tpm, MinuteCount count, BiConsumer<String, String> header) {
        if (rpm != null) {
            header.accept(remainingRequests, String.valueOf(Math.max(0, rpm - count.requests())));
            header.accept(limitRequests, String.valueOf(rpm));
        }
        if (tpm != null) {
            header.accept(remainingTokens, String.valueOf(Math.max(0, tpm - count.tokens())));
            header.accept(limitTokens, String.valueOf(tpm));
        }
    }
}
