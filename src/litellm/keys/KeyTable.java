package litellm.keys;

import litellm.callbacks.Caller;

import java.util.HashMap;
import java.util.Map;

/**
 * The keys, users and teams as last read from the database: what every call is checked against, in memory. Each
 * key's {@link Caller} (with its team's alias and its user's email, for the spend log and the metrics) is made here,
 * once per read, not once per call.
 */
record KeyTable(Map<String, VirtualKey> keys, Map<String, KeyUser> users, Map<String, Team> teams, Map<String, Membership> memberships,
                Map<String, Caller> callers) {
    static final KeyTable EMPTY = of(Map.of(), Map.of(), Map.of(), Map.of());

    /** @param memberships by {@link Membership#id} */
    static KeyTable of(Map<String, VirtualKey> keys, Map<String, KeyUser> users, Map<String, Team> teams, Map<String, Membership> memberships) {
        Map<String, Caller> callers = new HashMap<>();
        keys.forEach((token, k) -> {
            Team team = k.teamId() == null ? null : teams.get(k.teamId());
            KeyUser user = k.userId() == null ? null : users.get(k.userId());
            callers.put(token, new Caller(token, k.keyAlias(), k.userId(), k.teamId(), team == null ? null : team.teamAlias(),
                    user == null ? null : user.userEmail()));
        });
        return new KeyTable(Map.copyOf(keys), Map.copyOf(users), Map.copyOf(teams), Map.copyOf(memberships), Map.copyOf(callers));
    }
}
