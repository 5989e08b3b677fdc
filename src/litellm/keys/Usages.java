package litellm.keys;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The {@link Usage} of every key, user and team that has been used on this proxy, a map per kind, by id (a key's
 * hashed token, a user's or team's id): a call looks its usage up without building a string.
 */
final class Usages {
    /** What a usage belongs to; its name is the kind's part of the subject shared in Redis ("key", "team"...). */
    enum Kind { KEY, USER, TEAM;
        final String prefix = name().toLowerCase(java.util.Locale.ROOT) + ":";
    }

    private final Map<String, Usage> keys = new ConcurrentHashMap<>(), users = new ConcurrentHashMap<>(), teams = new ConcurrentHashMap<>();
    /** A user's spend within a team, by {@link Membership#id}: spend only (a membership has no rate limits). */
    private final Map<String, Usage> members = new ConcurrentHashMap<>();
    private final SharedRates rates;

    Usages(SharedRates rates) {
        this.rates = rates;
    }

    /** A request of this minute for the key or team: its counts, with what was crossed (null when taken). */
    MinuteCount takeRequest(Kind kind, String id, Long rpm, Long tpm, long now) {
        return rates.takeRequest(kind, id, of(kind, id), rpm, tpm, now);
    }

    void returnRequest(Kind kind, String id, long now) {
        rates.returnRequest(kind, id, of(kind, id), now);
    }

    Usage of(Kind kind, String id) {
        Map<String, Usage> map = switch (kind) {
            case KEY -> keys;
            case USER -> users;
            case TEAM -> teams;
        };
        Usage u = map.get(id); // a plain get first: computeIfAbsent locks its bin even when the usage is there
        return u != null ? u : map.computeIfAbsent(id, k -> new Usage());
    }

    Usage key(String token) {
        return of(Kind.KEY, token);
    }

    Usage user(String id) {
        return of(Kind.USER, id);
    }

    Usage team(String id) {
        return of(Kind.TEAM, id);
    }

    Usage member(String membershipId) {
        Usage u = members.get(membershipId);
        return u != null ? u : members.computeIfAbsent(membershipId, k -> new Usage());
    }

    /**
     * Finished calls: their spend waits to be written, their tokens count in this minute, here at once and in the
     * shared Redis (if any) in one round trip for them all.
     */
    void counted(List<SpendRow> rows, long now) {
        List<SharedRates.Used> used = new ArrayList<>();
        for (SpendRow row : rows) {
            each(row, (kind, id) -> {
                Usage u = of(kind, id);
                u.spent(row.spend());
                u.usedTokens(row.totalTokens(), now);
                used.add(new SharedRates.Used(kind, id, row.totalTokens()));
            });
            if (row.teamId() != null && row.userId() != null) member(Membership.id(row.teamId(), row.userId())).spent(row.spend());
        }
        rates.usedTokens(used, now);
    }

    void written(SpendRow row) {
        each(row, (kind, id) -> of(kind, id).written(row.spend()));
        if (row.teamId() != null && row.userId() != null) member(Membership.id(row.teamId(), row.userId())).written(row.spend());
    }

    private static void each(SpendRow row, BiConsumer<Kind, String> action) {
        action.accept(Kind.KEY, row.apiKey());
        if (row.userId() != null) action.accept(Kind.USER, row.userId());
        if (row.teamId() != null) action.accept(Kind.TEAM, row.teamId());
    }
}
