package litellm.keys;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The schema, as numbered steps applied in order at start: a database made by an older proxy gets the steps it
 * lacks, one transaction each, and {@code litellm_schema} records the last one applied. A step is never edited
 * once released: a change is a new step at the end. The SQL is what PostgreSQL and H2's PostgreSQL mode both take;
 * times are epoch milliseconds, lists and objects JSON text. Tables are named after LiteLLM's.
 */
final class Migrations {
    private Migrations() {}

    static final List<String> STEPS = List.of(
            """
            CREATE TABLE litellm_verificationtoken (
                token VARCHAR(64) PRIMARY KEY,
                key_name VARCHAR(64) NOT NULL,
                key_alias VARCHAR(256),
                models TEXT NOT NULL,
                spend DOUBLE PRECISION NOT NULL DEFAULT 0,
                max_budget DOUBLE PRECISION,
                budget_duration VARCHAR(32),
                budget_reset_at BIGINT,
                rpm_limit BIGINT,
                tpm_limit BIGINT,
                max_parallel_requests INTEGER,
                expires BIGINT,
                metadata TEXT NOT NULL,
                user_id VARCHAR(256),
                team_id VARCHAR(256),
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            );
            CREATE TABLE litellm_usertable (
                user_id VARCHAR(256) PRIMARY KEY,
                user_email VARCHAR(256),
                user_role VARCHAR(64),
                models TEXT NOT NULL,
                spend DOUBLE PRECISION NOT NULL DEFAULT 0,
                max_budget DOUBLE PRECISION,
                budget_duration VARCHAR(32),
                budget_reset_at BIGINT,
                metadata TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            );
            CREATE TABLE litellm_teamtable (
                team_id VARCHAR(256) PRIMARY KEY,
                team_alias VARCHAR(256),
                models TEXT NOT NULL,
                members TEXT NOT NULL,
                spend DOUBLE PRECISION NOT NULL DEFAULT 0,
                max_budget DOUBLE PRECISION,
                budget_duration VARCHAR(32),
                budget_reset_at BIGINT,
                rpm_limit BIGINT,
                tpm_limit BIGINT,
                metadata TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            );
            CREATE TABLE litellm_spendlogs (
                request_id VARCHAR(64) PRIMARY KEY,
                call_type VARCHAR(32) NOT NULL,
                api_key VARCHAR(64),
                spend DOUBLE PRECISION NOT NULL DEFAULT 0,
                total_tokens BIGINT NOT NULL DEFAULT 0,
                prompt_tokens BIGINT NOT NULL DEFAULT 0,
                completion_tokens BIGINT NOT NULL DEFAULT 0,
                starttime BIGINT NOT NULL,
                endtime BIGINT NOT NULL,
                model VARCHAR(256),
                model_group VARCHAR(256),
                custom_llm_provider VARCHAR(64),
                api_base VARCHAR(1024),
                user_id VARCHAR(256),
                team_id VARCHAR(256),
                cache_hit BOOLEAN NOT NULL DEFAULT FALSE,
                status VARCHAR(16) NOT NULL
            );
            CREATE INDEX litellm_spendlogs_starttime ON litellm_spendlogs (starttime);
            CREATE INDEX litellm_spendlogs_api_key ON litellm_spendlogs (api_key);
            CREATE TABLE litellm_changes (id INTEGER PRIMARY KEY, version BIGINT NOT NULL);
            INSERT INTO litellm_changes (id, version) VALUES (1, 0);
            """,
            // 2: LiteLLM's /key/block, and the spend log's end user (the request's "user", LiteLLM's customer)
            """
            ALTER TABLE litellm_verificationtoken ADD COLUMN blocked BOOLEAN NOT NULL DEFAULT FALSE;
            ALTER TABLE litellm_spendlogs ADD COLUMN end_user VARCHAR(256);
            """,
            // 3: LiteLLM's team memberships with a budget of their own (max_budget_in_team)
            """
            CREATE TABLE litellm_teammembership (
                team_id VARCHAR(256) NOT NULL,
                user_id VARCHAR(256) NOT NULL,
                spend DOUBLE PRECISION NOT NULL DEFAULT 0,
                max_budget DOUBLE PRECISION,
                PRIMARY KEY (team_id, user_id)
            );
            """);

    static void apply(Database db) throws SQLException {
        try (Connection c = db.connection()) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS litellm_schema (id INTEGER PRIMARY KEY, version INTEGER NOT NULL)");
            }
            c.setAutoCommit(false);
            try {
                int version = lockedVersion(c);
                if (version > STEPS.size())
                    throw new SQLException("the database's schema is version " + version + ", newer than this proxy's " + STEPS.size() + ": upgrade the proxy");
                for (int step = version; step < STEPS.size(); step++)
                    try (Statement s = c.createStatement()) {
                        for (String sql : STEPS.get(step).split(";\\s*\n")) if (!sql.isBlank()) s.execute(sql);
                    }
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("UPDATE litellm_schema SET version = " + STEPS.size() + " WHERE id = 1");
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** The version applied, its row locked: two proxies starting at once on one database migrate one after the other. */
    private static int lockedVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT version FROM litellm_schema WHERE id = 1 FOR UPDATE")) {
                if (r.next()) return r.getInt(1);
            }
            s.executeUpdate("INSERT INTO litellm_schema (id, version) VALUES (1, 0)");
        }
        return 0;
    }
}
