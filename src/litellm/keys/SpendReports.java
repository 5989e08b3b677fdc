package litellm.keys;

import litellm.error.LlmError;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** LiteLLM's /spend/logs and /global/spend/report, read from the spend log. Dates are UTC days, YYYY-MM-DD. */
final class SpendReports {
    private static final int MOST_ROWS = 10_000;
    private final Database db;

    SpendReports(Database db) {
        this.db = db;
    }

    /** @param filters api_key (a key or its hash), user_id, team_id, request_id, start_date, end_date; each optional */
    List<Map<String, Object>> logs(Map<String, String> filters) {
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        equal(where, args, "api_key", filters.get("api_key") == null ? null : KeyHash.token(filters.get("api_key")));
        equal(where, args, "user_id", filters.get("user_id"));
        equal(where, args, "team_id", filters.get("team_id"));
        equal(where, args, "request_id", filters.get("request_id"));
        dates(where, args, filters);
        String sql = "SELECT * FROM litellm_spendlogs" + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY starttime, request_id LIMIT " + MOST_ROWS;
        List<Map<String, Object>> rows = new ArrayList<>();
        query(sql, args, r -> rows.add(row(r).asMap()));
        return rows;
    }

    /**
     * Spend per day, grouped by team (LiteLLM's default), api_key or user: {@code [{"group_by_day": "2024-04-30",
     * "teams": [{"team_name": ..., "total_spend": ..., "metadata": [{"model": ..., "spend": ..., "total_tokens": ...}]}]}]}.
     */
    List<Map<String, Object>> report(Map<String, String> filters) {
        String groupBy = filters.getOrDefault("group_by", "team");
        String column = switch (groupBy) {
            case "team" -> "team_id";
            case "api_key" -> "api_key";
            case "user", "customer" -> "user_id";
            default -> throw LlmError.badRequest("'group_by' is team, api_key, user or customer", "group_by", "invalid_param");
        };
        String[] names = switch (groupBy) {
            case "team" -> new String[]{"teams", "team_name"};
            case "api_key" -> new String[]{"api_keys", "api_key"};
            default -> new String[]{"users", "user_id"};
        };
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        dates(where, args, filters);
        String sql = "SELECT starttime, " + column + " AS grp, model, spend, total_tokens FROM litellm_spendlogs"
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where)) + " ORDER BY starttime";
        Map<String, Map<String, Map<String, double[]>>> days = new LinkedHashMap<>(); // day -> group -> model -> [spend, tokens]
        query(sql, args, r -> {
            String day = LocalDate.ofInstant(java.time.Instant.ofEpochMilli(r.getLong("starttime")), ZoneOffset.UTC).toString();
            String group = String.valueOf(r.getString("grp"));
            double[] sum = days.computeIfAbsent(day, d -> new LinkedHashMap<>()).computeIfAbsent(group, g -> new LinkedHashMap<>())
                    .computeIfAbsent(String.valueOf(r.getString("model")), m -> new double[2]);
            sum[0] += r.getDouble("spend");
            sum[1] += r.getLong("total_tokens");
        });
        List<Map<String, Object>> out = new ArrayList<>();
        days.forEach((day, groups) -> {
            List<Map<String, Object>> entries = new ArrayList<>();
            groups.forEach((group, models) -> {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put(names[1], group);
                e.put("total_spend", models.values().stream().mapToDouble(s -> s[0]).sum());
                e.put("metadata", models.entrySet().stream().map(m -> Map.<String, Object>of("model", m.getKey(), "spend", m.getValue()[0],
                        "total_tokens", (long) m.getValue()[1])).toList());
                entries.add(e);
            });
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("group_by_day", day);
            d.put(names[0], entries);
            out.add(d);
        });
        return out;
    }

    private static void equal(List<String> where, List<Object> args, String column, String value) {
        if (value == null) return;
        where.add(column + " = ?");
        args.add(value);
    }

    /** start_date from the start of its day, end_date to the end of its day. */
    private static void dates(List<String> where, List<Object> args, Map<String, String> filters) {
        if (filters.get("start_date") != null) {
            where.add("starttime >= ?");
            args.add(day(filters.get("start_date"), "start_date").atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
        }
        if (filters.get("end_date") != null) {
            where.add("starttime < ?");
            args.add(day(filters.get("end_date"), "end_date").plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
        }
    }

    private static LocalDate day(String text, String name) {
        try {
            return LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
        } catch (DateTimeParseException e) {
            throw LlmError.badRequest("'" + name + "' must be a date, YYYY-MM-DD", name, "invalid_param");
        }
    }

    private interface RowReader {
        void read(ResultSet r) throws SQLException;
    }

    private void query(String sql, List<Object> args, RowReader reader) {
        try (Connection c = db.connection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) s.setObject(i + 1, args.get(i));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) reader.read(r);
            }
        } catch (SQLException e) {
            throw LlmError.unavailable("the spend log cannot be read now (" + e.getMessage() + ")", "database_unavailable");
        }
    }

    private static SpendRow row(ResultSet r) throws SQLException {
        return new SpendRow(r.getString("request_id"), r.getString("call_type"), r.getString("api_key"), r.getDouble("spend"),
                r.getLong("total_tokens"), r.getLong("prompt_tokens"), r.getLong("completion_tokens"), r.getLong("starttime"), r.getLong("endtime"),
                r.getString("model"), r.getString("model_group"), r.getString("custom_llm_provider"), r.getString("api_base"),
                r.getString("user_id"), r.getString("team_id"), r.getBoolean("cache_hit"), r.getString("status"));
    }
}
