package litellm.keys;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The {@link Usage} of every key, user and team that has been used on this proxy, by kind and id. */
final class Usages {
    private final Map<String, Usage> usage = new ConcurrentHashMap<>();
    private final SharedRates rates;

    Usages(SharedRates rates) {
        this.rates = rates;
    }

    /** A request of this minute for the key or team {@code subject} ("key:<hash>", "team:<id>"): null when taken, else what was crossed. */
    String takeRequest(String subject, Long rpm, Long tpm, long now) {
        return rates.takeRequest(subject, of(subject), rpm, tpm, now);
    }

    void returnRequest(String subject, long now) {
        rates.returnRequest(subject, of(subject), now);
    }

    private Usage of(String subject) {
        return usage.computeIfAbsent(subject, k -> new Usage());
    }

    Usage key(String token) {
        return of("key:" + token);
    }

    Usage user(String id) {
        return of("user:" + id);
    }

    Usage team(String id) {
        return of("team:" + id);
    }

    /**
     * Finished calls: their spend waits to be written, their tokens count in this minute, here at once and in the
     * shared Redis (if any) in one round trip for them all.
     */
    void counted(List<SpendRow> rows, long now) {
        Map<String, Long> tokens = new HashMap<>();
        for (SpendRow row : rows) {
            each(row, (subject, u) -> {
                u.spent(row.spend());
                u.usedTokens(row.totalTokens(), now);
                if (row.totalTokens() > 0) tokens.merge(subject, row.totalTokens(), Long::sum);
            });
        }
        rates.usedTokens(tokens, now);
    }

    void written(SpendRow row) {
        each(row, (subject, u) -> u.written(row.spend()));
    }

    private void each(SpendRow row, java.util.function.BiConsumer<String, Usage> action) {
        for (String subject : new String[]{"key:" + row.apiKey(), row.userId() == null ? null : "user:" + row.userId(),
                row.teamId() == null ? null : "team:" + row.teamId()})
            if (subject != null) action.accept(subject, of(subject));
    }
}
