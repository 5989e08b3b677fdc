package litellm.keys;

import litellm.error.LlmError;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * LiteLLM's admin endpoints for keys, users and teams: bodies in, answers out, in LiteLLM's shapes. Each write goes
 * to the database, and then the table in memory is read again, so that the next call sees it.
 */
final class KeyAdmin {
    private final KeyStore store;
    private final Supplier<KeyTable> table;
    private final Runnable refresh;

    KeyAdmin(KeyStore store, Supplier<KeyTable> table, Runnable refresh) {
        this.store = store;
        this.table = table;
        this.refresh = refresh;
    }

    Map<String, Object> generate(AdminBody body) {
        String key = body.string("key");
        if (key != null && !key.startsWith("sk-")) throw LlmError.badRequest("'key' must start with sk-", "key", "invalid_param");
        if (key == null) key = KeyHash.newKey();
        VirtualKey k = newKey(body, key, System.currentTimeMillis());
        write(c -> {
            KeyStore.insertKey(c, k);
            return null;
        });
        return KeyAnswers.generated(key, k);
    }

    private VirtualKey newKey(AdminBody body, String key, long now) {
        String teamId = body.string("team_id");
        if (teamId != null && !table.get().teams().containsKey(teamId))
            throw LlmError.badRequest("team_id '" + teamId + "' does not exist: create it with /team/new", "team_id", "invalid_param");
        String duration = body.duration("duration");
        Long expires = duration == null ? null : now + SpendBudget.period(duration).toMillis();
        Long parallel = body.whole("max_parallel_requests");
        return new VirtualKey(KeyHash.of(key), KeyHash.abbreviated(key), body.string("key_alias"), orEmpty(body.strings("models")),
                SpendBudget.of(body.number("max_budget"), body.duration("budget_duration"), now), body.whole("rpm_limit"), body.whole("tpm_limit"),
                parallel == null ? null : parallel.intValue(), expires, orEmpty(body.object("metadata")), body.string("user_id"), teamId, now, now,
                Boolean.TRUE.equals(body.flag("blocked")));
    }

    Map<String, Object> info(String keyOrHash) {
        if (keyOrHash == null || keyOrHash.isBlank()) throw LlmError.badRequest("'key' is required: /key/info?key=sk-...", "key", "missing_param");
        VirtualKey k = existing(keyOrHash);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("key", k.token());
        answer.put("info", KeyAnswers.key(k));
        return answer;
    }

    Map<String, Object> update(AdminBody body) {
        VirtualKey old = existing(body.required("key"));
        VirtualKey k = updated(old, old.token(), old.keyName(), body, System.currentTimeMillis());
        write(c -> {
            KeyStore.replaceKey(c, old.token(), k);
            return null;
        });
        Map<String, Object> answer = new LinkedHashMap<>(KeyAnswers.key(k));
        answer.put("key", k.token());
        return answer;
    }

    /** The key with the body's fields changed (those it names; the others as they were), under {@code token}. */
    private VirtualKey updated(VirtualKey old, String token, String keyName, AdminBody body, long now) {
        SpendBudget b = old.budget();
        if (body.has("max_budget") || body.has("budget_duration")) {
            String duration = body.has("budget_duration") ? body.duration("budget_duration") : b.duration();
            SpendBudget fresh = SpendBudget.of(body.has("max_budget") ? body.number("max_budget") : b.maxBudget(), duration, now);
            b = new SpendBudget(b.spend(), fresh.maxBudget(), duration, duration != null && duration.equals(b.duration()) ? b.resetAt() : fresh.resetAt());
        }
        if (body.has("spend")) b = new SpendBudget(body.number("spend") == null ? 0 : body.number("spend"), b.maxBudget(), b.duration(), b.resetAt());
        String teamId = body.has("team_id") ? body.string("team_id") : old.teamId();
        if (teamId != null && !teamId.equals(old.teamId()) && !table.get().teams().containsKey(teamId))
            throw LlmError.badRequest("team_id '" + teamId + "' does not exist: create it with /team/new", "team_id", "invalid_param");
        String duration = body.duration("duration");
        Long parallel = body.has("max_parallel_requests") ? body.whole("max_parallel_requests") : old.maxParallelRequests() == null ? null : (long) old.maxParallelRequests();
        return new VirtualKey(token, keyName, body.has("key_alias") ? body.string("key_alias") : old.keyAlias(),
                body.has("models") ? orEmpty(body.strings("models")) : old.models(), b,
                body.has("rpm_limit") ? body.whole("rpm_limit") : old.rpmLimit(), body.has("tpm_limit") ? body.whole("tpm_limit") : old.tpmLimit(),
                parallel == null ? null : parallel.intValue(), body.has("duration") ? (duration == null ? null : now + SpendBudget.period(duration).toMillis()) : old.expires(),
                body.has("metadata") ? orEmpty(body.object("metadata")) : old.metadata(), body.has("user_id") ? body.string("user_id") : old.userId(),
                teamId, old.createdAt(), now, body.has("blocked") ? Boolean.TRUE.equals(body.flag("blocked")) : old.blocked());
    }

    /** LiteLLM's /key/block and /key/unblock: the key's row, with {@code blocked}. */
    Map<String, Object> block(AdminBody body, boolean blocked) {
        VirtualKey old = existing(body.required("key"));
        VirtualKey k = old.blocked(blocked, System.currentTimeMillis());
        write(c -> {
            KeyStore.replaceKey(c, old.token(), k);
            return null;
        });
        return KeyAnswers.key(k);
    }

    /** LiteLLM's /global/spend/reset: every key's and team's spend from 0; the spend log keeps every call. */
    Map<String, Object> resetSpend() {
        write(c -> {
            KeyStore.resetSpend(c);
            return null;
        });
        return Map.of("message", "Spend for all API Keys and Teams reset successfully", "status", "success");
    }

    Map<String, Object> delete(AdminBody body) {
        List<String> keys = body.strings("keys");
        if (keys == null || keys.isEmpty()) throw LlmError.badRequest("'keys' is required: a list of keys to delete", "keys", "missing_param");
        for (String key : keys) existing(key);
        write(c -> {
            for (String key : keys) KeyStore.deleteKey(c, KeyHash.token(key));
            return null;
        });
        return Map.of("deleted_keys", keys);
    }

    Map<String, Object> list(String userId, String teamId, String keyAlias, int page, int size) {
        List<VirtualKey> all = table.get().keys().values().stream()
                .filter(k -> userId == null || userId.equals(k.userId()))
                .filter(k -> teamId == null || teamId.equals(k.teamId()))
                .filter(k -> keyAlias == null || keyAlias.equals(k.keyAlias()))
                .sorted(Comparator.comparingLong(VirtualKey::createdAt).thenComparing(VirtualKey::token)).toList();
        int pages = Math.max(1, (all.size() + size - 1) / size);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("keys", all.stream().skip((long) (page - 1) * size).limit(size).map(VirtualKey::token).toList());
        answer.put("total_count", all.size());
        answer.put("current_page", page);
        answer.put("total_pages", pages);
        return answer;
    }

    /**
     * A new key in place of the old one, with its settings and spend; the old one stops working. The body's fields
     * (max_budget, models, metadata...) change the new key's, as LiteLLM's regenerate "optionally updating its parameters".
     */
    Map<String, Object> regenerate(String keyOrHash, AdminBody body) {
        VirtualKey old = existing(keyOrHash);
        String key = body.string("new_key");
        if (key == null) key = KeyHash.newKey();
        Map<String, Object> changes = new LinkedHashMap<>(body.fields());
        changes.remove("key");
        VirtualKey k = updated(old, KeyHash.of(key), KeyHash.abbreviated(key), new AdminBody(changes), System.currentTimeMillis());
        write(c -> {
            KeyStore.replaceKey(c, old.token(), k);
            return null;
        });
        return KeyAnswers.generated(key, k);
    }

    /** /user/new: the user, and a key of theirs, as LiteLLM makes one. */
    Map<String, Object> newUser(AdminBody body) {
        long now = System.currentTimeMillis();
        String userId = body.string("user_id") != null ? body.string("user_id") : UUID.randomUUID().toString();
        KeyUser u = new KeyUser(userId, body.string("user_email"), body.string("user_role") != null ? body.string("user_role") : "internal_user",
                orEmpty(body.strings("models")), SpendBudget.of(body.number("max_budget"), body.duration("budget_duration"), now),
                orEmpty(body.object("metadata")), now, now);
        String key = KeyHash.newKey();
        Map<String, Object> keyFields = new LinkedHashMap<>(body.fields());
        keyFields.put("user_id", userId);
        keyFields.remove("max_budget"); // the user's budget bounds the key; the key has none of its own
        keyFields.remove("budget_duration");
        keyFields.remove("models");
        VirtualKey k = newKey(new AdminBody(keyFields), key, now);
        write(c -> {
            KeyStore.saveUser(c, u);
            KeyStore.insertKey(c, k);
            return null;
        });
        Map<String, Object> answer = new LinkedHashMap<>(KeyAnswers.generated(key, k));
        answer.putAll(KeyAnswers.user(u));
        return answer;
    }

    Map<String, Object> userInfo(String userId) {
        if (userId == null) throw LlmError.badRequest("'user_id' is required: /user/info?user_id=...", "user_id", "missing_param");
        KeyTable t = table.get();
        KeyUser u = t.users().get(userId);
        if (u == null) throw LlmError.notFound("User " + userId + " not found");
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("user_id", userId);
        answer.put("user_info", KeyAnswers.user(u));
        answer.put("keys", t.keys().values().stream().filter(k -> userId.equals(k.userId())).map(KeyAnswers::key).toList());
        answer.put("teams", t.teams().values().stream().filter(team -> team.members().stream().anyMatch(m -> userId.equals(m.get("user_id"))))
                .map(KeyAnswers::team).toList());
        return answer;
    }

    Map<String, Object> newTeam(AdminBody body) {
        long now = System.currentTimeMillis();
        String teamId = body.string("team_id") != null ? body.string("team_id") : UUID.randomUUID().toString();
        if (table.get().teams().containsKey(teamId)) throw LlmError.badRequest("team_id '" + teamId + "' already exists", "team_id", "invalid_param");
        List<Map<String, Object>> members = body.objects("members_with_roles");
        Team t = new Team(teamId, body.string("team_alias"), orEmpty(body.strings("models")), members(members == null ? List.of() : members),
                SpendBudget.of(body.number("max_budget"), body.duration("budget_duration"), now), body.whole("rpm_limit"), body.whole("tpm_limit"),
                orEmpty(body.object("metadata")), now, now);
        write(c -> {
            KeyStore.saveTeam(c, t);
            return null;
        });
        return KeyAnswers.team(t);
    }

    Map<String, Object> teamInfo(String teamId) {
        if (teamId == null) throw LlmError.badRequest("'team_id' is required: /team/info?team_id=...", "team_id", "missing_param");
        KeyTable t = table.get();
        Team team = t.teams().get(teamId);
        if (team == null) throw LlmError.notFound("Team " + teamId + " not found");
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("team_id", teamId);
        answer.put("team_info", KeyAnswers.team(team));
        answer.put("keys", t.keys().values().stream().filter(k -> teamId.equals(k.teamId())).map(KeyAnswers::key).toList());
        answer.put("team_memberships", t.memberships().values().stream().filter(m -> teamId.equals(m.teamId())).map(KeyAnswers::membership).toList());
        return answer;
    }

    Map<String, Object> addMembers(AdminBody body) {
        String teamId = body.required("team_id");
        Team team = table.get().teams().get(teamId);
        if (team == null) throw LlmError.notFound("Team " + teamId + " not found");
        List<Map<String, Object>> added = body.objects("member");
        if (added == null) throw LlmError.badRequest("'member' is required: {\"role\": \"user\", \"user_id\": \"...\"}", "member", "missing_param");
        List<Map<String, Object>> members = new ArrayList<>(team.members());
        List<Map<String, Object>> adding = members(added);
        for (Map<String, Object> m : adding)
            if (members.stream().noneMatch(x -> x.get("user_id").equals(m.get("user_id")))) members.add(m);
        Team t = new Team(team.teamId(), team.teamAlias(), team.models(), List.copyOf(members), team.budget(), team.rpmLimit(), team.tpmLimit(),
                team.metadata(), team.createdAt(), System.currentTimeMillis());
        Double inTeam = body.number("max_budget_in_team");
        Map<String, Membership> known = table.get().memberships();
        write(c -> {
            KeyStore.saveTeam(c, t);
            if (inTeam != null)
                for (Map<String, Object> m : adding) {
                    String userId = (String) m.get("user_id");
                    Membership was = known.get(Membership.id(teamId, userId));
                    KeyStore.saveMembership(c, new Membership(teamId, userId, was == null ? 0 : was.spend(), inTeam));
                }
            return null;
        });
        return KeyAnswers.team(t);
    }

    /** LiteLLM's members: a user_id (or user_email) and a role, "admin" or "user" (the default). */
    private static List<Map<String, Object>> members(List<Map<String, Object>> given) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> m : given) {
            Object id = m.get("user_id") != null ? m.get("user_id") : m.get("user_email");
            if (!(id instanceof String)) throw LlmError.badRequest("a member needs a 'user_id' (a string)", "member.user_id", "missing_param");
            Object role = m.getOrDefault("role", "user");
            if (!"admin".equals(role) && !"user".equals(role)) throw LlmError.badRequest("a member's 'role' is 'admin' or 'user'", "member.role", "invalid_param");
            Map<String, Object> member = new LinkedHashMap<>();
            member.put("user_id", id);
            member.put("role", role);
            out.add(member);
        }
        return out;
    }

    private VirtualKey existing(String keyOrHash) {
        VirtualKey k = table.get().keys().get(KeyHash.token(keyOrHash));
        if (k == null) throw new LlmError(404, "not_found_error", "Key not found: " + KeyHash.abbreviated(keyOrHash), "key", "key_not_found", null);
        return k;
    }

    private void write(KeyStore.Write<Void> write) {
        try {
            store.write(write);
        } catch (SQLException e) {
            throw LlmError.unavailable("the database did not take the change (" + e.getMessage() + "); try again", "database_unavailable");
        }
        refresh.run();
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static Map<String, Object> orEmpty(Map<String, Object> map) {
        return map == null ? Map.of() : map;
    }
}
