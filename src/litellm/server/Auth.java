package litellm.server;

import io.javalin.http.Context;
import litellm.error.LlmError;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** The master key check: a client shows the key as a Bearer token, or in Azure's api-key or Anthropic's x-api-key header. */
final class Auth {
    private Auth() {}

    static void check(Context ctx, String masterKey) {
        String presented = presented(ctx);
        if (presented == null)
            throw LlmError.authentication("no API key: send the proxy's key as 'Authorization: Bearer <key>' (or 'x-api-key: <key>')");
        // Constant time: the comparison must not tell an attacker how much of a guess was right.
        if (!MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), masterKey.getBytes(StandardCharsets.UTF_8)))
            throw LlmError.authentication("invalid API key for this proxy");
    }

    /** The key the client presented, in whichever header; null when none. */
    static String presented(Context ctx) {
        String auth = ctx.header("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) return auth.substring(7).trim();
        String key = ctx.header("api-key");
        return key != null ? key.trim() : ctx.header("x-api-key") != null ? ctx.header("x-api-key").trim() : null;
    }
}
