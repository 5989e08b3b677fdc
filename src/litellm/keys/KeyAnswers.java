package litellm.keys;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Keys, users and teams as LiteLLM's endpoints answer them: its field names, times in ISO 8601. */
final class KeyAnswers {
    private KeyAnswers() {}

    static String time(Long epochMillis) {
        return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis).toString();
    }

    /** A key's row as /key/info's {@code info}: never the key, only its hash ({@code token}). */
    static Map<String, Object> key(VirtualKey k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("token", k.token());
        m.put("key_name", k.keyName());
        m.put("key_alias", k.keyAlias());
        m.put("models", k.models());
        budget(m, k.budget());
        m.put("rpm_limit", k.rpmLimit());
        m.put("tpm_limit", k.tpmLimit());
        m.put("max_parallel_requests", k.maxParallelRequests());
        m.put("expires", time(k.expires()));
        m.put("metadata", k.metadata());
        m.put("user_id", k.userId());
        m.put("team_id", k.teamId());
        m.put("created_at", time(k.createdAt()));
        m.put("updated_at", time(k.updatedAt()));
        m.put("blocked", k.blocked());
        return m;
    }

    /** /key/generate's answer: the new key, this once, with its row. */
    static Map<String, Object> generated(String key, VirtualKey k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", key);
        m.putAll(key(k));
        m.put("token_id", k.token());
        return m;
    }

    static Map<String, Object> user(KeyUser u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("user_id", u.userId());
        m.put("user_email", u.userEmail());
        m.put("user_role", u.userRole());
        m.put("models", u.models());
        budget(m, u.budget());
        m.put("metadata", u.metadata());
        m.put("created_at", time(u.createdAt()));
        m.put("updated_at", time(u.updatedAt()));
        return m;
    }

    static Map<String, Object> team(Team t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("team_id", t.teamId());
        m.put("team_alias", t.teamAlias());
        m.put("models", t.models());
        m.put("members_with_roles", t.members());
        budget(m, t.budget());
        m.put("rpm_limit", t.rpmLimit());
        m.put("tpm_limit", t.tpmLimit());
        m.put("metadata", t.metadata());
        m.put("created_at", time(t.createdAt()));
        m.put("updated_at", time(t.updatedAt()));
        return m;
    }

    /** As LiteLLM's team_memberships: the member's spend in the team, and its budget there. */
    static Map<String, Object> membership(Membership ms) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("user_id", ms.userId());
        m.put("team_id", ms.teamId());
        m.put("spend", ms.spend());
        Map<String, Object> budget = new LinkedHashMap<>();
        budget.put("max_budget", ms.maxBudget());
        m.put("litellm_budget_table", budget);
        return m;
    }

    private static void budget(Map<String, Object> m, SpendBudget b) {
        m.put("spend", b.spend());
        m.put("max_budget", b.maxBudget());
        m.put("budget_duration", b.duration());
        m.put("budget_reset_at", time(b.resetAt()));
    }
}
