package litellm.keys;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where keys, users, teams and spend live: PostgreSQL ({@code general_settings.database_url} or {@code DATABASE_URL},
 * LiteLLM's {@code postgresql://user:password@host:port/db}), else H2 in a file of the user's folder, in its
 * PostgreSQL mode so that one set of SQL serves both. One small pool; the schema is migrated on open.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource pool;
    private final String where;

    private Database(HikariDataSource pool, String where) {
        this.pool = pool;
        this.where = where;
    }

    /**
     * @param url {@code postgresql://...}, {@code postgres://...} or a JDBC URL
     * @throws SQLException when it cannot be reached, or its schema is newer than this proxy's
     */
    public static Database open(String url) throws SQLException {
        Jdbc jdbc = jdbc(url);
        return open(jdbc, jdbc.where());
    }

    /** H2 in {@code file} (.mv.db is added), created on first use. */
    public static Database embedded(Path file) throws SQLException {
        String url = "jdbc:h2:file:" + file.toAbsolutePath() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
                // Several proxies (or a proxy and a test) on one machine share the file: the first serves it to the others
                + ";AUTO_SERVER=TRUE";
        return open(new Jdbc(url, "sa", ""), file.toAbsolutePath() + ".mv.db");
    }

    /** The embedded database's file without its extension: ~/.litellm/litellm-keys ($HOME wins over Java's user.home). */
    public static Path inUserFolder(java.util.function.Function<String, String> env) {
        return litellm.script.UserFolders.home(env).resolve(".litellm").resolve("litellm-keys");
    }

    private static Database open(Jdbc jdbc, String where) throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbc.url());
        config.setUsername(jdbc.user());
        config.setPassword(jdbc.password());
        config.setPoolName("litellm-db");
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        // A database that is away while the proxy runs: a write waits this long, then is retried later
        config.setConnectionTimeout(2_000);
        config.setValidationTimeout(1_000);
        config.setInitializationFailTimeout(3_000);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) { // Hikari wraps the driver's failure in its own PoolInitializationException
            throw e.getCause() instanceof SQLException s ? s : new SQLException(e.getMessage(), e);
        }
        Database db = new Database(pool, where);
        try {
            Migrations.apply(db);
        } catch (SQLException | RuntimeException e) {
            db.close();
            throw e;
        }
        return db;
    }

    Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /** Where the data is, for the log: host, port and database, or the file; never the password. */
    public String where() {
        return where;
    }

    @Override
    public void close() {
        pool.close();
    }

    private record Jdbc(String url, String user, String password) {
        String where() {
            int query = url.indexOf('?');
            return query < 0 ? url : url.substring(0, query);
        }
    }

    /** LiteLLM's (Prisma's) postgresql:// URL as a JDBC URL with its user and password apart. */
    private static Jdbc jdbc(String url) throws SQLException {
        if (url.startsWith("jdbc:")) return new Jdbc(url, null, null);
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new SQLException("database_url is not a URL such as postgresql://user:password@host:5432/litellm");
        }
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme()) || uri.getHost() == null)
            throw new SQLException("database_url must be a postgresql://user:password@host:5432/dbname URL");
        String user = null, password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        // Prisma's ?schema= is the driver's ?currentSchema=
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery().replaceAll("(^|&)schema=", "$1currentSchema=");
        return new Jdbc("jdbc:postgresql://" + uri.getHost() + port + uri.getRawPath() + query, user, password);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
