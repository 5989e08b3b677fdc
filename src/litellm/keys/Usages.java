package litellm.keys;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The {@link Usage} of every key, user and team that has been used on this proxy, by kind and id. */
final class Usages {
    private final Map<String, Usage> usage = new ConcurrentHashMap<>();

    Usage key(String token) {
        return usage.computeIfAbsent("key:" + token, k -> new Usage());
    }

    Usage user(String id) {
        return usage.computeIfAbsent("user:" + id, k -> new Usage());
    }

    Usage team(String id) {
        return usage.computeIfAbsent("team:" + id, k -> new Usage());
    }

    /** A finished call: its spend waits to be written, its tokens count in this minute. */
    void counted(SpendRow row, long now) {
        each(row, u -> {
            u.spent(row.spend());
            u.usedTokens(row.totalTokens(), now);
        });
    }

    void written(SpendRow row) {
        each(row, u -> u.written(row.spend()));
    }

    private void each(SpendRow row, java.util.function.Consumer<Usage> action) {
        action.accept(key(row.apiKey()));
        if (row.userId() != null) action.accept(user(row.userId()));
        if (row.teamId() != null) action.accept(team(row.teamId()));
    }
}
