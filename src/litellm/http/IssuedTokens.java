package litellm.http;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Bearer tokens an upstream issues in exchange for a key (IBM Cloud's IAM for watsonx), kept per key until
 * {@code margin} before they expire. A request that finds none valid gets a new one on its own thread; requests for
 * the same key that arrive meanwhile wait for that one exchange rather than each making their own.
 */
public final class IssuedTokens {
    /** A token and when it stops being valid. */
    public record Token(String value, Instant expires) {}

    private final Duration margin;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final Map<String, Object> exchanges = new ConcurrentHashMap<>();

    public IssuedTokens(Duration margin) {
        this.margin = margin;
    }

    /** The valid token kept for {@code key}, else the one {@code issue} gets (and which is then kept). */
    public String get(String key, Supplier<Token> issue) {
        Token token = valid(key);
        if (token != null) return token.value();
        synchronized (exchanges.computeIfAbsent(key, k -> new Object())) {
            token = valid(key); // another request's exchange may have just ended
            if (token == null) {
                token = issue.get();
                tokens.put(key, token);
            }
            return token.value();
        }
    }

    private Token valid(String key) {
        Token token = tokens.get(key);
        return token != null && Instant.now().isBefore(token.expires().minus(margin)) ? token : null;
    }
}
