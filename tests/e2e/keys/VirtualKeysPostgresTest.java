package litellm.e2e.keys;

import litellm.keys.Database;
import litellm.testing.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import litellm.testing.Http;
import litellm.testing.ProxyUnderTest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Virtual keys in a real PostgreSQL, a throwaway cluster on a free port, emptied before each test. */
class VirtualKeysPostgresTest extends VirtualKeysContract {
    static PostgresServer postgres;
    private int database;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) postgres.close();
    }

    /**
     * PostgreSQL stopped and started again while calls go on: the keys known keep working, their spend waits, and
     * once the database is back every call is in the spend log.
     */
    @Test
    void theDatabaseStoppedAndStartedUnderLoad() throws Exception {
        ProxyUnderTest p = proxy();
        String key = generate(p, "{\"models\": [\"gpt-4o\"]}");
        assertEquals(200, chat(p, key, "gpt-4o").status()); // the provider's script compiled
        AtomicBoolean go = new AtomicBoolean(true);
        List<Integer> statuses = new CopyOnWriteArrayList<>();
        List<Thread> load = new ArrayList<>();
        for (int i = 0; i < 4; i++)
            load.add(Thread.ofPlatform().start(() -> {
                while (go.get()) statuses.add(chat(p, key, "gpt-4o").status());
            }));
        Thread.sleep(300);
        postgres.stop();
        Thread.sleep(1500);
        postgres.restart();
        Thread.sleep(300);
        go.set(false);
        for (Thread t : load) t.join();
        assertTrue(statuses.size() > 10, "calls went on: " + statuses.size());
        assertEquals(List.of(200), statuses.stream().distinct().toList());
        long until = System.nanoTime() + 20_000_000_000L;
        int calls = statuses.size() + 1; // and the first
        // the pool takes a moment to connect again: /spend/logs answers 503 until then
        while (System.nanoTime() < until && (Http.get(p.url("/spend/logs?api_key=" + key), AS_MASTER).status() != 200
                || logs(p, "api_key=" + key).size() < calls)) Thread.sleep(200);
        assertEquals(calls, logs(p, "api_key=" + key).size(), "every call is in the spend log");
    }

    @Override
    Database database() throws Exception {
        if (database == 0) database = postgres.newDatabase();
        return Database.open(postgres.url(database));
    }
}
