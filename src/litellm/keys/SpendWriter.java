package litellm.keys;

import litellm.callbacks.CallLog;
import litellm.callbacks.CallLogger;
import litellm.log.RareWarning;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The spend of calls made with keys, written to the spend log and added to the keys', users' and teams' spend, in
 * batches on a thread of its own: a call only queues. Each call's spend counts in memory at once ({@link Usage}),
 * so budgets hold before it is written. While the database is away, rows wait, up to {@link #MAX_WAITING} (then the
 * oldest are dropped, and the log names them), and are written when it is back; what is waiting at exit gets one try.
 */
final class SpendWriter implements CallLogger {
    private static final Logger log = LoggerFactory.getLogger(SpendWriter.class);
    static final int MAX_WAITING = 100_000;
    private static final int BATCH = 1000;
    private static final long COUNT_EVERY_MS = 50, WRITE_EVERY_MS = 200, RETRY_EVERY_MS = 1000;

    private final KeyStore store;
    private final Usages usages;
    /**
     * After a batch is written: the table is read again, so that its spend holds what was written, and the batch's spend
     * leaves the pending spend as that table takes over (never counted twice, or a budget would refuse a call early).
     */
    private final Consumer<Runnable> written;
    /**
     * Calls not yet counted: a call adds itself without a lock and without waking the writer (a blocking queue's
     * hand-over costs a call microseconds); the writer takes them every {@link #COUNT_EVERY_MS}.
     */
    private final ConcurrentLinkedQueue<CallLog> arrived = new ConcurrentLinkedQueue<>();
    private final AtomicInteger arrivedCount = new AtomicInteger();
    private final ArrayDeque<SpendRow> waiting = new ArrayDeque<>();
    private final RareWarning failures = new RareWarning(100), dropped = new RareWarning(1000);
    private volatile boolean databaseAway, closed;
    private final Thread thread;
    private final Thread atExit;

    SpendWriter(KeyStore store, Usages usages, Consumer<Runnable> written) {
        this.store = store;
        this.usages = usages;
        this.written = written;
        this.thread = Thread.ofPlatform().daemon().name("spend-writer").start(this::writeForever);
        this.atExit = new Thread(this::writeAtExit, "spend-flush");
        Runtime.getRuntime().addShutdownHook(atExit);
    }

    /** Stops, after one try at writing what waits. */
    void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5_000);
            Runtime.getRuntime().removeShutdownHook(atExit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IllegalStateException e) {
            return; // the JVM is stopping: the hook writes
        }
        writeAtExit();
    }

    @Override
    public void log(CallLog call) {
        if (call.caller() == null) return;
        if (arrivedCount.incrementAndGet() <= MAX_WAITING) {
            arrived.add(call);
            return;
        }
        arrivedCount.decrementAndGet();
        if (dropped.due())
            log.warn("spend: {} calls waiting to be counted; dropping the spend of call {} ({} dropped so far)", MAX_WAITING, call.id(), dropped.count());
    }

    /** Rows not yet written (for tests and the log). */
    synchronized int waiting() {
        return waiting.size() + arrivedCount.get();
    }

    private void writeForever() {
        long nextWrite = 0;
        while (!closed) {
            try {
                Thread.sleep(COUNT_EVERY_MS);
                count(takeArrived());
                long now = System.currentTimeMillis();
                if (now >= nextWrite && hasWaiting()) nextWrite = now + (writeBatch() ? WRITE_EVERY_MS : RETRY_EVERY_MS);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | Error e) { // never let the writer die: spend would pile up for good
                log.warn("spend: {}", e.toString());
            }
        }
    }

    private List<CallLog> takeArrived() {
        List<CallLog> calls = new ArrayList<>();
        for (CallLog call; (call = arrived.poll()) != null; ) {
            arrivedCount.decrementAndGet();
            calls.add(call);
        }
        return calls;
    }

    private synchronized boolean hasWaiting() {
        return !waiting.isEmpty();
    }

    /** Each call's spend and tokens count in memory now; its row waits to be written. */
    private synchronized void count(List<CallLog> calls) {
        long now = System.currentTimeMillis();
        List<SpendRow> rows = calls.stream().map(SpendRow::of).toList();
        usages.counted(rows, now);
        for (SpendRow row : rows) {
            waiting.add(row);
            if (waiting.size() > MAX_WAITING) {
                SpendRow lost = waiting.poll();
                if (dropped.due())
                    log.warn("spend: the database has been away too long ({} rows waiting); dropping request {} (key {}, ${}) ({} dropped so far)",
                            MAX_WAITING, lost.requestId(), lost.apiKey(), lost.spend(), dropped.count());
                usages.written(lost);
            }
        }
    }

    /** @return whether the batch was written */
    private boolean writeBatch() {
        List<SpendRow> batch;
        synchronized (this) {
            batch = new ArrayList<>(waiting.stream().limit(BATCH).toList());
        }
        try {
            insert(batch);
        } catch (SQLException e) {
            if (!databaseAway || failures.due())
                log.warn("spend: the database is unreachable ({}); {} rows wait and are written when it is back", e.getMessage(), waiting());
            databaseAway = true;
            return false;
        }
        if (databaseAway) log.info("spend: the database is back; writing what waited");
        databaseAway = false;
        synchronized (this) {
            for (int i = 0; i < batch.size(); i++) waiting.poll();
        }
        written.accept(() -> batch.forEach(usages::written));
        return true;
    }

    private void insert(List<SpendRow> batch) throws SQLException {
        Map<String, Double> byKey = new HashMap<>(), byUser = new HashMap<>(), byTeam = new HashMap<>();
        for (SpendRow r : batch) {
            if (r.spend() <= 0) continue;
            byKey.merge(r.apiKey(), r.spend(), Double::sum);
            if (r.userId() != null) byUser.merge(r.userId(), r.spend(), Double::sum);
            if (r.teamId() != null) byTeam.merge(r.teamId(), r.spend(), Double::sum);
        }
        store.write(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO litellm_spendlogs (request_id, call_type, api_key, spend, total_tokens, "
                    + "prompt_tokens, completion_tokens, starttime, endtime, model, model_group, custom_llm_provider, api_base, user_id, team_id, "
                    + "cache_hit, status, end_user) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING")) {
                for (SpendRow r : batch) {
                    int i = 0;
                    s.setString(++i, r.requestId());
                    s.setString(++i, r.callType());
                    s.setString(++i, r.apiKey());
                    s.setDouble(++i, r.spend());
                    s.setLong(++i, r.totalTokens());
                    s.setLong(++i, r.promptTokens());
                    s.setLong(++i, r.completionTokens());
                    s.setLong(++i, r.startTime());
                    s.setLong(++i, r.endTime());
                    s.setString(++i, r.model());
                    s.setString(++i, r.modelGroup());
                    s.setString(++i, r.provider());
                    s.setString(++i, r.apiBase());
                    s.setString(++i, r.userId());
                    s.setString(++i, r.teamId());
                    s.setBoolean(++i, r.cacheHit());
                    s.setString(++i, r.status());
                    s.setString(++i, r.endUser());
                    s.addBatch();
                }
                s.executeBatch();
            }
            add(c, "litellm_verificationtoken", "token", byKey);
            add(c, "litellm_usertable", "user_id", byUser);
            add(c, "litellm_teamtable", "team_id", byTeam);
            addToMembers(c, batch);
            return null;
        });
    }

    /** A user's spend within a team, where the membership has a row (a budget in the team); none: nothing. */
    private static void addToMembers(java.sql.Connection c, List<SpendRow> batch) throws SQLException {
        Map<List<String>, Double> byMember = new HashMap<>();
        for (SpendRow r : batch)
            if (r.spend() > 0 && r.teamId() != null && r.userId() != null) byMember.merge(List.of(r.teamId(), r.userId()), r.spend(), Double::sum);
        if (byMember.isEmpty()) return;
        try (PreparedStatement s = c.prepareStatement("UPDATE litellm_teammembership SET spend = spend + ? WHERE team_id = ? AND user_id = ?")) {
            for (var e : byMember.entrySet()) {
                s.setDouble(1, e.getValue());
                s.setString(2, e.getKey().get(0));
                s.setString(3, e.getKey().get(1));
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static void add(java.sql.Connection c, String table, String id, Map<String, Double> spend) throws SQLException {
        if (spend.isEmpty()) return;
        try (PreparedStatement s = c.prepareStatement("UPDATE " + table + " SET spend = spend + ? WHERE " + id + " = ?")) {
            for (var e : spend.entrySet()) {
                s.setDouble(1, e.getValue());
                s.setString(2, e.getKey());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** At exit: what arrived is counted, and what waits gets one try. */
    private void writeAtExit() {
        count(takeArrived());
        while (hasWaiting() && writeBatch()) {
            // until all is written or the database fails
        }
    }
}
