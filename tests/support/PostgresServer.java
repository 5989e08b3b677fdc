package litellm.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A throwaway PostgreSQL cluster on a free loopback port (`.ci/run` installs Debian's `postgresql`): initdb into a
 * temporary folder, pg_ctl start; trust authentication, user {@code litellm}. Run as root, it runs as the
 * {@code postgres} user (initdb refuses root). {@link #stop()} and {@link #restart()} take it away and back.
 */
public final class PostgresServer implements AutoCloseable {
    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asPostgresUser;

    private PostgresServer(Path bin, Path dir, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    public static PostgresServer start() throws IOException, InterruptedException {
        Path bin = binaries();
        assumeTrue(bin != null, "needs PostgreSQL's initdb and pg_ctl: apt-get install postgresql (.ci/run does)");
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("litellm-pg");
        if (root) run(List.of("chown", "postgres", dir.toString()), false);
        PostgresServer server = new PostgresServer(bin, dir, Launched.freePort(), root);
        server.pg(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "litellm", "-A", "trust",
                "--no-sync", "-E", "UTF8"));
        server.restart();
        return server;
    }

    /** {@code postgresql://litellm@127.0.0.1:<port>/postgres}, as LiteLLM's DATABASE_URL. */
    public String url() {
        return "postgresql://litellm@127.0.0.1:" + port + "/postgres";
    }

    /** The URL of database {@code n} made by {@link #newDatabase()}. */
    public String url(int n) {
        return "postgresql://litellm@127.0.0.1:" + port + "/test" + n;
    }

    private int databases;

    /** A new empty database; its number, for {@link #url(int)}. */
    public synchronized int newDatabase() throws java.sql.SQLException {
        int n = ++databases;
        try (var c = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "litellm", "");
             var s = c.createStatement()) {
            s.execute("CREATE DATABASE test" + n);
        }
        return n;
    }

    public void restart() throws IOException, InterruptedException {
        pg(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w", "-l", dir.resolve("log").toString(),
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"));
    }

    /** Stops it at once, as a crash or a lost network would: connections are cut. */
    public void stop() throws IOException, InterruptedException {
        pg(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w", "-m", "immediate", "stop"));
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (Exception ignored) {
            // already stopped
        }
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException ignored) {
            // a temporary folder
        }
    }

    private void pg(List<String> command) throws IOException, InterruptedException {
        run(command, asPostgresUser);
    }

    private static void run(List<String> command, boolean asPostgresUser) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) full.addAll(List.of("runuser", "-u", "postgres", "--"));
        full.addAll(command);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0)
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }

    /** Debian's /usr/lib/postgresql/<version>/bin (the newest), else the PATH's. */
    private static Path binaries() throws IOException {
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (var versions = Files.list(debian)) {
                Path newest = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0")))).orElse(null);
                if (newest != null) return newest;
            }
        }
        if (Tools.onPath("initdb") && Tools.onPath("pg_ctl")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                if (Files.isExecutable(Path.of(dir, "initdb"))) return Path.of(dir);
        }
        return null;
    }
}
