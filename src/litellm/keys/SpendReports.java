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

/** LiteLLM's /spend/logs, /global/spend/report and /user/daily/activity, read from the spend log. Dates are UTC days, YYYY-MM-DD. */
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
     * LiteLLM's /global/spend/report. With {@code api_key} or {@code internal_user_id}: the spend of that key, or of
     * each key of that user, per model ({@link #perKey}). Else spend per day, grouped by team (LiteLLM's default; a
     * team's alias names it), api_key, user or customer (the request's {@code user}): {@code [{"group_by_day":
     * "2024-04-30", "teams": [{"team_name": ..., "total_spend": ..., "metadata": [{"model": ..., "spend": ...,
     * "total_tokens": ..., "api_key": ...}]}]}]}.
     */
    List<Map<String, Object>> report(Map<String, String> filters) {
        if (filters.get("api_key") != null || filters.get("internal_user_id") != null) return perKey(filters);
        String groupBy = filters.getOrDefault("group_by", "team");
        String column = switch (groupBy) {
            case "team" -> "COALESCE(t.team_alias, s.team_id, 'Unassigned Team')";
            case "api_key" -> "s.api_key";
            case "user" -> "s.user_id";
            case "customer" -> "s.end_user";
            default -> throw LlmError.badRequest("'group_by' is team, api_key, user or customer", "group_by", "invalid_param");
        };
        String[] names = switch (groupBy) {
            case "team" -> new String[]{"teams", "team_name"};
            case "api_key" -> new String[]{"api_keys", "api_key"};
            case "customer" -> new String[]{"customers", "customer"};
            default -> new String[]{"users", "user_id"};
        };
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        dates(where, args, filters);
        String sql = "SELECT s.starttime, " + column + " AS grp, s.model, s.api_key, s.spend, s.total_tokens FROM litellm_spendlogs s"
                + " LEFT JOIN litellm_teamtable t ON t.team_id = s.team_id" + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY s.starttime";
        // day -> group -> (model, key) -> [spend, tokens]
        Map<String, Map<String, Map<List<String>, double[]>>> days = new LinkedHashMap<>();
        query(sql, args, r -> {
            double[] sum = days.computeIfAbsent(day(r.getLong("starttime")), d -> new LinkedHashMap<>())
                    .computeIfAbsent(String.valueOf(r.getString("grp")), g -> new LinkedHashMap<>())
                    .computeIfAbsent(List.of(String.valueOf(r.getString("model")), String.valueOf(r.getString("api_key"))), m -> new double[2]);
            sum[0] += r.getDouble("spend");
            sum[1] += r.getLong("total_tokens");
        });
        List<Map<String, Object>> out = new ArrayList<>();
        days.forEach((day, groups) -> {
            List<Map<String, Object>> entries = new ArrayList<>();
            groups.forEach((group, models) -> {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put(names[1], group);
                e.put("total_spend", models.values().stream().mapToDouble(x -> x[0]).sum());
                e.put("metadata", models.entrySet().stream().map(m -> Map.<String, Object>of("model", m.getKey().get(0), "spend", m.getValue()[0],
                        "total_tokens", (long) m.getValue()[1], "api_key", m.getKey().get(1))).toList());
                entries.add(e);
            });
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("group_by_day", day);
            d.put(names[0], entries);
            out.add(d);
        });
        return out;
    }

    /**
     * The spend of one key ({@code api_key}: the key or its hash) or of each key of a user ({@code internal_user_id}):
     * {@code [{"api_key": <hash>, "total_cost", "total_input_tokens", "total_output_tokens", "model_details": [{"model",
     * "total_cost", "total_input_tokens", "total_output_tokens"}]}]}, as LiteLLM's.
     */
    private List<Map<String, Object>> perKey(Map<String, String> filters) {
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        equal(where, args, "api_key", filters.get("api_key") == null ? null : KeyHash.token(filters.get("api_key")));
        equal(where, args, "user_id", filters.get("internal_user_id"));
        dates(where, args, filters);
        String sql = "SELECT api_key, model, spend, prompt_tokens, completion_tokens FROM litellm_spendlogs WHERE " + String.join(" AND ", where)
                + " ORDER BY starttime";
        Map<String, Map<String, double[]>> keys = new LinkedHashMap<>(); // key -> model -> [cost, input, output]
        query(sql, args, r -> {
            double[] sum = keys.computeIfAbsent(r.getString("api_key"), k -> new LinkedHashMap<>())
                    .computeIfAbsent(String.valueOf(r.getString("model")), m -> new double[3]);
            sum[0] += r.getDouble("spend");
            sum[1] += r.getLong("prompt_tokens");
            sum[2] += r.getLong("completion_tokens");
        });
        List<Map<String, Object>> out = new ArrayList<>();
        keys.forEach((key, models) -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("api_key", key);
            e.put("total_cost", models.values().stream().mapToDouble(x -> x[0]).sum());
            e.put("total_input_tokens", models.values().stream().mapToDouble(x -> x[1]).sum());
            e.put("total_output_tokens", models.values().stream().mapToDouble(x -> x[2]).sum());
            e.put("model_details", models.entrySet().stream().map(m -> Map.<String, Object>of("model", m.getKey(), "total_cost", m.getValue()[0],
                    "total_input_tokens", (long) m.getValue()[1], "total_output_tokens", (long) m.getValue()[2])).toList());
            out.add(e);
        });
        return out;
    }

    /**
     * LiteLLM's /user/daily/activity: per day, the spend, tokens and requests, broken down by model, provider and key;
     * {@code user_id}, {@code api_key} and {@code model} narrow it, {@code start_date} and {@code end_date} bound it.
     */
    Map<String, Object> dailyActivity(Map<String, String> filters) {
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        equal(where, args, "user_id", filters.get("user_id"));
        equal(where, args, "api_key", filters.get("api_key") == null ? null : KeyHash.token(filters.get("api_key")));
        equal(where, args, "model_group", filters.get("model"));
        dates(where, args, filters);
        String sql = "SELECT starttime, model_group, custom_llm_provider, api_key, spend, prompt_tokens, completion_tokens, total_tokens, status"
                + " FROM litellm_spendlogs" + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where)) + " ORDER BY starttime";
        Map<String, Activity> days = new LinkedHashMap<>();
        Activity total = new Activity();
        query(sql, args, r -> {
            double spend = r.getDouble("spend");
            long[] counts = {r.getLong("prompt_tokens"), r.getLong("completion_tokens"), r.getLong("total_tokens"),
                    "success".equals(r.getString("status")) ? 1 : 0};
            Activity day = days.computeIfAbsent(day(r.getLong("starttime")), d -> new Activity());
            for (Activity a : List.of(day, total)) a.add(spend, counts);
            day.part("models", r.getString("model_group")).add(spend, counts);
            day.part("providers", r.getString("custom_llm_provider")).add(spend, counts);
            day.part("api_keys", r.getString("api_key")).add(spend, counts);
        });
        List<Map<String, Object>> results = new ArrayList<>();
        days.forEach((date, a) -> {
            Map<String, Object> day = new LinkedHashMap<>();
            day.put("date", date);
            day.put("metrics", a.metrics());
            Map<String, Object> breakdown = new LinkedHashMap<>();
            a.parts.forEach((kind, byName) -> {
                Map<String, Object> each = new LinkedHashMap<>();
                byName.forEach((name, part) -> each.put(name, Map.of("metrics", part.metrics())));
                breakdown.put(kind, each);
            });
            day.put("breakdown", breakdown);
            results.add(day);
        });
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("total_spend", total.spend);
        metadata.put("total_prompt_tokens", total.promptTokens);
        metadata.put("total_completion_tokens", total.completionTokens);
        metadata.put("total_tokens", total.totalTokens);
        metadata.put("total_api_requests", total.requests);
        metadata.put("total_successful_requests", total.successful);
        metadata.put("total_failed_requests", total.requests - total.successful);
        metadata.put("page", 1);
        metadata.put("total_pages", 1);
        metadata.put("has_more", false);
        return Map.of("results", results, "metadata", metadata);
    }

    /** One day's (or one model's, provider's, key's of a day) activity. */
    private static final class Activity {
        double spend;
        long promptTokens, completionTokens, totalTokens, requests, successful;
        final Map<String, Map<String, Activity>> parts = new LinkedHashMap<>();

        /** @param counts prompt, completion and total tokens, and 1 for a success */
        void add(double usd, long[] counts) {
            spend += usd;
            promptTokens += counts[0];
            completionTokens += counts[1];
            totalTokens += counts[2];
            requests++;
            successful += counts[3];
        }

        Activity part(String kind, String name) {
            return parts.computeIfAbsent(kind, k -> new LinkedHashMap<>()).computeIfAbsent(String.valueOf(name), n -> new Activity());
        }

        Map<String, Object> metrics() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("spend", spend);
            m.put("prompt_tokens", promptTokens);
            m.put("completion_tokens", completionTokens);
            m.put("total_tokens", totalTokens);
            m.put("api_requests", requests);
            m.put("successful_requests", successful);
            m.put("failed_requests", requests - successful);
            return m;
        }
    }

    private static String day(long epochMillis) {
        return LocalDate.ofInstant(java.time.Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC).toString();
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
                r.getString("user_id"), r.getString("team_id"), r.getBoolean("cache_hit"), r.getString("status"), r.getString("end_user"));
    }
}
