package litellm.keys;

import litellm.json.Json;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQL of keys, users and teams. Every write also moves {@code litellm_changes.version} on, in the same
 * transaction: that one number is what each proxy polls to know its table in memory is out of date.
 */
final class KeyStore {
    private static final String KEY_COLUMNS = "token, key_name, key_alias, models, spend, max_budget, budget_duration, budget_reset_at, "
            + "rpm_limit, tpm_limit, max_parallel_requests, expires, metadata, user_id, team_id, created_at, updated_at, blocked";
    private static final String USER_COLUMNS = "user_id, user_email, user_role, models, spend, max_budget, budget_duration, budget_reset_at, "
            + "metadata, created_at, updated_at";
    private static final String TEAM_COLUMNS = "team_id, team_alias, models, members, spend, max_budget, budget_duration, budget_reset_at, "
            + "rpm_limit, tpm_limit, metadata, created_at, updated_at";

    private final Database db;

    KeyStore(Database db) {
        this.db = db;
    }

    /** A write, committed with the change counter moved on. */
    interface Write<T> {
        T run(Connection c) throws SQLException;
    }

    <T> T write(Write<T> write) throws SQLException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                T result = write.run(c);
                try (PreparedStatement s = c.prepareStatement("UPDATE litellm_changes SET version = version + 1 WHERE id = 1")) {
                    s.executeUpdate();
                }
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    long version() throws SQLException {
        try (Connection c = db.connection(); PreparedStatement s = c.prepareStatement("SELECT version FROM litellm_changes WHERE id = 1");
             ResultSet r = s.executeQuery()) {
            return r.next() ? r.getLong(1) : 0;
        }
    }

    KeyTable load() throws SQLException {
        Map<String, VirtualKey> keys = new HashMap<>();
        Map<String, KeyUser> users = new HashMap<>();
        Map<String, Team> teams = new HashMap<>();
        Map<String, Membership> memberships = new HashMap<>();
        try (Connection c = db.connection()) {
            try (PreparedStatement s = c.prepareStatement("SELECT " + KEY_COLUMNS + " FROM litellm_verificationtoken"); ResultSet r = s.executeQuery()) {
                while (r.next()) keys.put(r.getString("token"), key(r));
            }
            try (PreparedStatement s = c.prepareStatement("SELECT " + USER_COLUMNS + " FROM litellm_usertable"); ResultSet r = s.executeQuery()) {
                while (r.next()) users.put(r.getString("user_id"), user(r));
            }
            try (PreparedStatement s = c.prepareStatement("SELECT " + TEAM_COLUMNS + " FROM litellm_teamtable"); ResultSet r = s.executeQuery()) {
                while (r.next()) teams.put(r.getString("team_id"), team(r));
            }
            try (PreparedStatement s = c.prepareStatement("SELECT team_id, user_id, spend, max_budget FROM litellm_teammembership");
                 ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    double max = r.getDouble("max_budget");
                    Membership m = new Membership(r.getString("team_id"), r.getString("user_id"), r.getDouble("spend"), r.wasNull() ? null : max);
                    memberships.put(m.id(), m);
                }
            }
        }
        return KeyTable.of(keys, users, teams, memberships);
    }

    static void insertKey(Connection c, VirtualKey k) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO litellm_verificationtoken (" + KEY_COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            int i = 0;
            s.setString(++i, k.token());
            s.setString(++i, k.keyName());
            s.setString(++i, k.keyAlias());
            s.setString(++i, Json.text(k.models()));
            i = budget(s, i, k.budget());
            setLong(s, ++i, k.rpmLimit());
            setLong(s, ++i, k.tpmLimit());
            setLong(s, ++i, k.maxParallelRequests() == null ? null : k.maxParallelRequests().longValue());
            setLong(s, ++i, k.expires());
            s.setString(++i, Json.text(k.metadata()));
            s.setString(++i, k.userId());
            s.setString(++i, k.teamId());
            s.setLong(++i, k.createdAt());
            s.setLong(++i, k.updatedAt());
            s.setBoolean(++i, k.blocked());
            s.executeUpdate();
        }
    }

    /** LiteLLM's /global/spend/reset: every key's and team's spend starts again from 0 (the spend log stays). */
    static void resetSpend(Connection c) throws SQLException {
        for (String table : List.of("litellm_verificationtoken", "litellm_teamtable"))
            try (PreparedStatement s = c.prepareStatement("UPDATE " + table + " SET spend = 0")) {
                s.executeUpdate();
            }
    }

    static void replaceKey(Connection c, String oldToken, VirtualKey k) throws SQLException {
        deleteKey(c, oldToken);
        insertKey(c, k);
    }

    static boolean deleteKey(Connection c, String token) throws SQLException {
        return delete(c, "litellm_verificationtoken", "token", token);
    }

    private static boolean delete(Connection c, String table, String idColumn, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE " + idColumn + " = ?")) {
            s.setString(1, id);
            return s.executeUpdate() > 0;
        }
    }

    static void saveUser(Connection c, KeyUser u) throws SQLException {
        delete(c, "litellm_usertable", "user_id", u.userId());
        try (PreparedStatement s = c.prepareStatement("INSERT INTO litellm_usertable (" + USER_COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?)")) {
            int i = 0;
            s.setString(++i, u.userId());
            s.setString(++i, u.userEmail());
            s.setString(++i, u.userRole());
            s.setString(++i, Json.text(u.models()));
            i = budget(s, i, u.budget());
            s.setString(++i, Json.text(u.metadata()));
            s.setLong(++i, u.createdAt());
            s.setLong(++i, u.updatedAt());
            s.executeUpdate();
        }
    }

    static void saveTeam(Connection c, Team t) throws SQLException {
        delete(c, "litellm_teamtable", "team_id", t.teamId());
        try (PreparedStatement s = c.prepareStatement("INSERT INTO litellm_teamtable (" + TEAM_COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            int i = 0;
            s.setString(++i, t.teamId());
            s.setString(++i, t.teamAlias());
            s.setString(++i, Json.text(t.models()));
            s.setString(++i, Json.text(t.members()));
            i = budget(s, i, t.budget());
            setLong(s, ++i, t.rpmLimit());
            setLong(s, ++i, t.tpmLimit());
            s.setString(++i, Json.text(t.metadata()));
            s.setLong(++i, t.createdAt());
            s.setLong(++i, t.updatedAt());
            s.executeUpdate();
        }
    }

    /** A member's budget in a team (max_budget_in_team), its spend there kept. */
    static void saveMembership(Connection c, Membership m) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM litellm_teammembership WHERE team_id = ? AND user_id = ?")) {
            s.setString(1, m.teamId());
            s.setString(2, m.userId());
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO litellm_teammembership (team_id, user_id, spend, max_budget) VALUES (?,?,?,?)")) {
            s.setString(1, m.teamId());
            s.setString(2, m.userId());
            s.setDouble(3, m.spend());
            if (m.maxBudget() == null) s.setNull(4, Types.DOUBLE);
            else s.setDouble(4, m.maxBudget());
            s.executeUpdate();
        }
    }

    /**
     * Starts the spend of each budget whose period is over again from 0. The old reset time is part of the
     * condition, so that of two proxies doing it at once only one does.
     *
     * @return whether anything was reset
     */
    boolean resetBudgets(KeyTable table, long now) throws SQLException {
        List<Object[]> due = new ArrayList<>();
        table.keys().values().stream().filter(k -> k.budget().resetDue(now))
                .forEach(k -> due.add(new Object[]{"litellm_verificationtoken", "token", k.token(), k.budget()}));
        table.users().values().stream().filter(u -> u.budget().resetDue(now))
                .forEach(u -> due.add(new Object[]{"litellm_usertable", "user_id", u.userId(), u.budget()}));
        table.teams().values().stream().filter(t -> t.budget().resetDue(now))
                .forEach(t -> due.add(new Object[]{"litellm_teamtable", "team_id", t.teamId(), t.budget()}));
        if (due.isEmpty()) return false;
        return write(c -> {
            for (Object[] d : due) {
                SpendBudget b = (SpendBudget) d[3];
                try (PreparedStatement s = c.prepareStatement("UPDATE " + d[0] + " SET spend = 0, budget_reset_at = ? WHERE " + d[1] + " = ? AND budget_reset_at = ?")) {
                    s.setLong(1, b.nextReset(now));
                    s.setString(2, (String) d[2]);
                    s.setLong(3, b.resetAt());
                    s.executeUpdate();
                }
            }
            return true;
        });
    }

    private static int budget(PreparedStatement s, int i, SpendBudget b) throws SQLException {
        s.setDouble(++i, b.spend());
        if (b.maxBudget() == null) s.setNull(++i, Types.DOUBLE);
        else s.setDouble(++i, b.maxBudget());
        s.setString(++i, b.duration());
        setLong(s, ++i, b.resetAt());
        return i;
    }

    static void setLong(PreparedStatement s, int i, Long value) throws SQLException {
        if (value == null) s.setNull(i, Types.BIGINT);
        else s.setLong(i, value);
    }

    private static VirtualKey key(ResultSet r) throws SQLException {
        Long parallel = longOrNull(r, "max_parallel_requests");
        return new VirtualKey(r.getString("token"), r.getString("key_name"), r.getString("key_alias"), list(r.getString("models")), budget(r),
                longOrNull(r, "rpm_limit"), longOrNull(r, "tpm_limit"), parallel == null ? null : parallel.intValue(), longOrNull(r, "expires"),
                map(r.getString("metadata")), r.getString("user_id"), r.getString("team_id"), r.getLong("created_at"), r.getLong("updated_at"),
                r.getBoolean("blocked"));
    }

    private static KeyUser user(ResultSet r) throws SQLException {
        return new KeyUser(r.getString("user_id"), r.getString("user_email"), r.getString("user_role"), list(r.getString("models")), budget(r),
                map(r.getString("metadata")), r.getLong("created_at"), r.getLong("updated_at"));
    }

    @SuppressWarnings("unchecked")
    private static Team team(ResultSet r) throws SQLException {
        return new Team(r.getString("team_id"), r.getString("team_alias"), list(r.getString("models")),
                (List<Map<String, Object>>) (List<?>) parse(r.getString("members"), List.class), budget(r),
                longOrNull(r, "rpm_limit"), longOrNull(r, "tpm_limit"), map(r.getString("metadata")), r.getLong("created_at"), r.getLong("updated_at"));
    }

    private static SpendBudget budget(ResultSet r) throws SQLException {
        double max = r.getDouble("max_budget");
        Double maxBudget = r.wasNull() ? null : max;
        return new SpendBudget(r.getDouble("spend"), maxBudget, r.getString("budget_duration"), longOrNull(r, "budget_reset_at"));
    }

    static Long longOrNull(ResultSet r, String column) throws SQLException {
        long v = r.getLong(column);
        return r.wasNull() ? null : v;
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(String json) {
        return List.copyOf((List<String>) parse(json, List.class));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(String json) {
        return (Map<String, Object>) parse(json, Map.class);
    }

    private static <T> T parse(String json, Class<T> type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new IllegalStateException("a row of the key tables holds JSON that does not read: " + e.getMessage());
        }
    }
}
