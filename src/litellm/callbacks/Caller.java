package litellm.callbacks;

/**
 * Who made a call, when the proxy knows keys: the key's hash (LiteLLM's hashed token) and whom it belongs to. The
 * server sets it on the call's {@link CallTrace}; each call's log carries it ({@link CallLog#caller()}).
 *
 * @param keyHash  the SHA-256 of the key presented, in hex
 * @param keyAlias null when none
 * @param userId   null when none
 * @param teamId   null when none
 * @param teamAlias its team's alias; null when none
 * @param userEmail its user's email; null when none
 */
public record Caller(String keyHash, String keyAlias, String userId, String teamId, String teamAlias, String userEmail) {}
