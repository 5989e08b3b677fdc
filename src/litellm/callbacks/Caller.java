package litellm.callbacks;

/**
 * Who made a call, when the proxy knows keys: the key's hash (LiteLLM's hashed token) and whom it belongs to. Bound
 * by the server for the call's length ({@link #CURRENT}); each call's log carries it ({@link CallLog#caller()}).
 *
 * @param keyHash  the SHA-256 of the key presented, in hex
 * @param keyAlias null when none
 * @param userId   null when none
 * @param teamId   null when none
 */
public record Caller(String keyHash, String keyAlias, String userId, String teamId) {
    public static final ScopedValue<Caller> CURRENT = ScopedValue.newInstance();

    static Caller current() {
        return CURRENT.isBound() ? CURRENT.get() : null;
    }
}
