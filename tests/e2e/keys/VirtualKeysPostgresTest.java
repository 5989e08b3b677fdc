package litellm.e2e.keys;

import litellm.keys.Database;
import litellm.testing.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import litellm.testing.Http;
import litellm.testing.ProxyUnderTest;
import litellm.testing.RedisServer;
import litellm.shared.RedisAddress;
import litellm.shared.RedisLink;

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
     * once the database is back every call is in the spend log. Readiness says not ready while it is away, and
     * "connected" once it is back.
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
        eventually("readiness says the database is away", () -> Http.get(p.url("/health/readiness")).status() == 503);
        Http.Response away = Http.get(p.url("/health/readiness"));
        assertTrue(away.error().get("message").toString().startsWith("Service Unhealthy (db: "), away.body());
        postgres.restart();
        eventually("readiness says the database is back", () -> Http.get(p.url("/health/readiness")).status() == 200);
        assertEquals("connected", Http.get(p.url("/health/readiness")).json().get("db"));
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

    /** Two proxies on one database and one Redis (router_settings.redis_*): a key's rpm_limit holds across both. */
    @Test
    void rpmLimitHoldsAcrossTwoProxiesSharingARedis() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            RedisLink link = RedisLink.of(new RedisAddress("127.0.0.1", redis.port(), null));
            ProxyUnderTest a = proxy(link), b = proxy(link);
            String key = generate(a, "{\"rpm_limit\": 4}");
            long until = System.nanoTime() + 5_000_000_000L;
            while (Http.get(b.url("/key/info?key=" + key), AS_MASTER).status() != 200 && System.nanoTime() < until) Thread.sleep(20);
            long intoMinute = System.currentTimeMillis() % 60_000;
            if (intoMinute > 50_000) Thread.sleep(60_000 - intoMinute + 100); // all the calls in one minute
            for (int i = 0; i < 4; i++) assertEquals(200, chat(i % 2 == 0 ? a : b, key, "gpt-4o").status(), "call " + i);
            Http.Response fifth = chat(b, key, "gpt-4o");
            assertEquals(429, fifth.status(), fifth.body());
            assertEquals(429, chat(a, key, "gpt-4o").status());
        }
    }

    @Override
    Database database() throws Exception {
        if (database == 0) database = postgres.newDatabase();
        return Database.open(postgres.url(database));
    }
}
