package litellm.keys;

import java.util.List;
import java.util.Map;

/**
 * One row of LiteLLM's key table ({@code LiteLLM_VerificationToken}). The key itself is never kept: {@code token}
 * is its SHA-256 ({@link KeyHash}), {@code keyName} its first and last characters, for people to tell keys apart.
 *
 * @param models  the model names it may call; empty: all (its team's and user's models still apply)
 * @param expires epoch ms; null: never
 * @param blocked LiteLLM's /key/block: refused (401) until /key/unblock
 */
record VirtualKey(String token, String keyName, String keyAlias, List<String> models, SpendBudget budget,
                  Long rpmLimit, Long tpmLimit, Integer maxParallelRequests, Long expires, Map<String, Object> metadata,
                  String userId, String teamId, long createdAt, long updatedAt, boolean blocked) {

    /** The same key, blocked or not, changed at {@code now}. */
    VirtualKey blocked(boolean blocked, long now) {
        return new VirtualKey(token, keyName, keyAlias, models, budget, rpmLimit, tpmLimit, maxParallelRequests, expires, metadata,
                userId, teamId, createdAt, now, blocked);
    }

    boolean expired(long now) {
        return expires != null && now >= expires;
    }
}
