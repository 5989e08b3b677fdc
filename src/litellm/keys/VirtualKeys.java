package litellm.keys;

import litellm.callbacks.BudgetReading;
import litellm.callbacks.CallLogger;
import litellm.callbacks.Caller;
import litellm.log.RareWarning;
import litellm.shared.RedisLink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * LiteLLM's virtual keys, users, teams and spend, over a {@link Database}. Calls are checked against the table in
 * memory ({@link Admission}); a change on this proxy reads it again at once, a change on another proxy sharing the
 * database within {@link #POLL_MS} (each proxy polls one number, {@code litellm_changes.version}). While the
 * database is away, the keys known keep working and spend waits ({@link SpendWriter}).
 */
public final class VirtualKeys implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(VirtualKeys.class);
    static final long POLL_MS = 200;
    /** Longer than a connection's wait (Database: 2 s) and a poll: a database this silent is away. */
    private static final long STALE_MS = 5_000;
    private static final long RESET_EVERY_MS = 1000;
    private static final int REMEMBERED = 10_000;

    private final Database db;
    private final KeyStore store;
    private final Usages usages;
    private final SpendWriter spend;
    private final KeyAdmin admin;
    private final SpendReports reports;
    private final RareWarning pollFailures = new RareWarning(300);
    /** Keys presented, by themselves, with their hash (LiteLLM's hashed token): {@link #remember}. */
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private volatile KeyTable table = KeyTable.EMPTY;
    private volatile boolean closed;
    private volatile Master master;
    private final Thread poller;
    private long version = -1;
    /** Why the last poll could not reach the database; null when it could. */
    private volatile String unreachable;
    private volatile long answeredAtMillis = System.currentTimeMillis();

    private VirtualKeys(Database db, RedisLink shared) throws SQLException {
        this.db = db;
        this.usages = new Usages(new SharedRates(shared));
        this.store = new KeyStore(db);
        load(() -> {});
        this.spend = new SpendWriter(store, usages, this::refresh);
        this.admin = new KeyAdmin(store, () -> table, this::refresh);
        this.reports = new SpendReports(db);
        this.poller = Thread.ofPlatform().daemon().name("keys-poll").start(this::pollForever);
    }

    /** Reads the tables, then keeps them current; each proxy counts rate limits alone. */
    public static VirtualKeys over(Database db) throws SQLException {
        return new VirtualKeys(db, null);
    }

    /** @param shared the Redis the proxies share (router_settings.redis_*), for rate limits across them; null for none */
    public static VirtualKeys over(Database db, RedisLink shared) throws SQLException {
        return new VirtualKeys(db, shared);
    }

    public String where() {
        return db.where();
    }

    /** Every call, for its spend: give it to the engine ({@code LiteLLM.recordEveryCall}). */
    public CallLogger spendLogger() {
        return spend;
    }

    /** @throws litellm.error.LlmError 401 for a key unknown, deleted or expired */
    public Caller authenticate(String presented) {
        String token = tokens.get(presented);
        boolean known = token != null;
        if (!known) token = KeyHash.of(presented);
        Caller caller = Admission.authenticate(table, presented, token, System.currentTimeMillis());
        if (!known) remember(presented, token);
        return caller;
    }

    /**
     * A key that got in, and its hash: SHA-256 would cost every call a microsecond or two. A hash never changes, so
     * nothing here goes stale: a key deleted, regenerated or expired is refused by the table, as before. Only keys the
     * table knew are kept (random keys sent by a stranger are not), up to {@link #REMEMBERED}; then it starts afresh.
     */
    private void remember(String presented, String token) {
        if (tokens.size() >= REMEMBERED) tokens.clear();
        tokens.put(presented, token);
    }

    /**
     * @param model        the model asked for; null for a request that names none
     * @param accessGroups LiteLLM's model access groups (the router's): a group's name, the model names in it
     * @throws litellm.error.LlmError 401 (the key is gone, or the model is not its), 400 budget_exceeded, 429 (a rate limit)
     */
    public Permit admit(Caller caller, String model, Map<String, Set<String>> accessGroups) {
        return Admission.admit(table, usages, caller, model, accessGroups, System.currentTimeMillis());
    }

    /** Whether a virtual key may call the model (LiteLLM's /v1/models lists only those). */
    public boolean mayCall(Caller caller, String model, Map<String, Set<String>> accessGroups) {
        return Admission.mayCall(table, caller, model, accessGroups);
    }

    /** The caller of a call made with the master key, for the spend log: its hash, as LiteLLM logs it (hashed once). */
    public Caller master(String masterKey) {
        Master known = master;
        if (known != null && known.key().equals(masterKey)) return known.caller();
        Master made = new Master(masterKey, new Caller(KeyHash.of(masterKey), null, null, null, null, null));
        master = made;
        return made.caller();
    }

    /** The master key (a reload may change it) and its caller. */
    private record Master(String key, Caller caller) {}

    /** One admin endpoint, by its path ({@code key/generate}...); query parameters and the body's fields in one map. */
    public Object admin(String path, Map<String, Object> body, Map<String, String> query) {
        AdminBody b = new AdminBody(body);
        return switch (path) {
            case "key/generate" -> admin.generate(b);
            case "key/info" -> admin.info(query.get("key"));
            case "key/update" -> admin.update(b);
            case "key/delete" -> admin.delete(b);
            case "key/list" -> admin.list(query.get("user_id"), query.get("team_id"), query.get("key_alias"),
                    positive(query.get("page"), 1), positive(query.get("size"), 100));
            case "key/regenerate" -> admin.regenerate(b.required("key"), b);
            case "user/new" -> admin.newUser(b);
            case "user/info" -> admin.userInfo(query.get("user_id"));
            case "team/new" -> admin.newTeam(b);
            case "team/info" -> admin.teamInfo(query.get("team_id"));
            case "team/member_add" -> admin.addMembers(b);
            case "key/block" -> admin.block(b, true);
            case "key/unblock" -> admin.block(b, false);
            case "global/spend/reset" -> admin.resetSpend();
            case "user/daily/activity" -> reports.dailyActivity(query);
            case "spend/logs" -> reports.logs(query);
            case "global/spend/report" -> reports.report(query);
            default -> throw new IllegalArgumentException(path);
        };
    }

    /** The admin endpoints, as {@code method path}: the server routes each. */
    public static final Map<String, String> ENDPOINTS = Map.ofEntries(
            Map.entry("key/generate", "POST"), Map.entry("key/info", "GET"), Map.entry("key/update", "POST"),
            Map.entry("key/delete", "POST"), Map.entry("key/list", "GET"), Map.entry("key/regenerate", "POST"),
            Map.entry("user/new", "POST"), Map.entry("user/info", "GET"), Map.entry("team/new", "POST"),
            Map.entry("team/info", "GET"), Map.entry("team/member_add", "POST"), Map.entry("spend/logs", "GET"),
            Map.entry("global/spend/report", "GET"), Map.entry("key/block", "POST"), Map.entry("key/unblock", "POST"),
            Map.entry("global/spend/reset", "POST"), Map.entry("user/daily/activity", "GET"));

    private static int positive(String text, int otherwise) {
        try {
            return text == null ? otherwise : Math.max(1, Integer.parseInt(text));
        } catch (NumberFormatException e) {
            throw litellm.error.LlmError.badRequest("a page or size must be a whole number", "page", "invalid_param");
        }
    }

    /** Every key's, team's and user's budget now, and a key's requests and tokens left this minute: for /metrics. */
    public List<BudgetReading> budgets() {
        return Readings.of(table, usages, System.currentTimeMillis());
    }

    /**
     * Why the database cannot be reached now, for readiness; null when it can. The poll that reads it every
     * {@link #POLL_MS} tells: no probe adds a round trip, and one that hangs longer than {@link #STALE_MS} counts as away.
     */
    public String unreachable() {
        String why = unreachable;
        if (why != null) return why;
        long silent = System.currentTimeMillis() - answeredAtMillis;
        return silent > STALE_MS ? "no answer for " + silent + " ms" : null;
    }

    /** Spend rows not yet written. */
    public int spendWaiting() {
        return spend.waiting();
    }

    /** @param swapped run as the table read takes over (a batch's spend, now in the table, leaves the spend pending) */
    private synchronized void load(Runnable swapped) throws SQLException {
        long v = store.version();
        KeyTable read = store.load();
        table = read;
        swapped.run();
        version = v;
    }

    /** Reads the tables again; while the database is away, the table known is kept. */
    void refresh() {
        refresh(() -> {});
    }

    /** @param swapped run as the table read takes over, or when it cannot be read */
    void refresh(Runnable swapped) {
        try {
            load(swapped);
        } catch (SQLException e) {
            swapped.run();
            if (pollFailures.due()) log.warn("keys: the database is unreachable ({}); calls are checked against the keys known", e.getMessage());
        }
    }

    private void pollForever() {
        long lastReset = 0;
        while (!closed) {
            try {
                Thread.sleep(POLL_MS);
                long v = store.version();
                answeredAtMillis = System.currentTimeMillis();
                unreachable = null;
                if (v != version) refresh();
                long now = System.currentTimeMillis();
                if (now - lastReset >= RESET_EVERY_MS) {
                    lastReset = now;
                    if (store.resetBudgets(table, now)) refresh();
                }
            } catch (InterruptedException e) {
                return;
            } catch (SQLException | RuntimeException e) {
                unreachable = where() + ": " + e.getMessage();
                if (pollFailures.due()) log.warn("keys: the database is unreachable ({}); calls are checked against the keys known", e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        poller.interrupt();
        spend.close();
        db.close();
    }
}
