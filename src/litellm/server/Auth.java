package litellm.server;

import io.javalin.http.Context;
import litellm.callbacks.Caller;
import litellm.error.LlmError;
import litellm.keys.VirtualKeys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who calls: the master key, or (with a database of keys) a virtual key. A client shows its key as a Bearer token,
 * or in Azure's api-key or Anthropic's x-api-key header.
 */
final class Auth {
    private Auth() {}

    /**
     * @param keyHeader the header the key comes in (general_settings.litellm_key_header_name); null: the usual ones
     * @param keys      null when the proxy has no virtual keys
     * @return the caller: {@link Who#MASTER} for the master key (with its hash for the spend log when there are keys)
     * @throws LlmError 401 for no key, or one neither the master key nor a virtual key
     */
    static Who check(Context ctx, String masterKey, String keyHeader, VirtualKeys keys) {
        String presented = presented(ctx, keyHeader);
        if (presented == null)
            throw LlmError.authentication("no API key: send the proxy's key as 'Authorization: Bearer <key>' (or 'x-api-key: <key>')");
        // Constant time: the comparison must not tell an attacker how much of a guess was right.
        if (MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), masterKey.getBytes(StandardCharsets.UTF_8)))
            return keys == null ? Who.MASTER : new Who(keys.master(masterKey), true);
        if (keys == null) throw LlmError.authentication("invalid API key for this proxy");
        return new Who(keys.authenticate(presented), false);
    }

    /**
     * @param caller null for the master key of a proxy without keys
     * @param master whether it is the master key, which may call everything
     */
    record Who(Caller caller, boolean master) {
        static final Who MASTER = new Who(null, true);
    }

    /**
     * The key the client presented, in whichever header; null when none. With {@code keyHeader} set (LiteLLM's
     * litellm_key_header_name), that header only, "Bearer " before the key or not: Authorization may then carry
     * another gateway's token.
     */
    static String presented(Context ctx, String keyHeader) {
        if (keyHeader != null) return bearer(ctx.header(keyHeader));
        String auth = ctx.header("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) return auth.substring(7).trim();
        String key = ctx.header("api-key");
        return key != null ? key.trim() : ctx.header("x-api-key") != null ? ctx.header("x-api-key").trim() : null;
    }

    private static String bearer(String value) {
        if (value == null) return null;
        return value.regionMatches(true, 0, "Bearer ", 0, 7) ? value.substring(7).trim() : value.trim();
    }
}
