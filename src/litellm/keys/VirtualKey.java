package litellm.keys;

import java.util.List;
import java.util.Map;

/**
 * One row of LiteLLM's key table ({@code LiteLLM_VerificationToken}). The key itself is never kept: {@code token}
 * is its SHA-256 ({@link KeyHash}), {@code keyName} its first and last characters, for people to tell keys apart.
 *
 * @param models  the model names it may call; empty: all (its team's and user's models still apply)
 * @param expires epoch ms; null: never
 */
record VirtualKey(String token, String keyName, String keyAlias, List<String> models, SpendBudget budget,
                  Long rpmLimit, Long tpmLimit, Integer maxParallelRequests, Long expires, Map<String, Object> metadata,
                  String userId, String teamId, long createdAt, long updatedAt) {

    boolean expired(long now) {
        return expires != null && now >= expires;
    }
}
