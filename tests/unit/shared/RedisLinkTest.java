package litellm.shared;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import litellm.testing.Eventually;
import litellm.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisConnectionException;

import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The link over a real redis-server that fails a command, stops and starts again: a blip is not said, an outage is
 * said once however many calls and syncs fail, calls go by the instance's own state meanwhile, and once Redis answers
 * again that is said once and the shared state is written and read again. Each wait polls until what it waits for.
 */
class RedisLinkTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(RedisLink.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private RedisServer redis;
    private RedisLink link;
    private Instance instance;

    @BeforeEach
    void start() throws Exception {
        logged.start();
        logger.addAppender(logged);
        redis = RedisServer.start();
        link = RedisLink.of(new RedisAddress("127.0.0.1", redis.port(), null)); // a new port: a link of its own
        instance = new Instance(link.instance);
        link.join(instance);
        Eventually.holds("the first sync", () -> instance.answered.get() > 0);
    }

    @AfterEach
    void stop() {
        instance.left = true; // the link's thread lives on in this JVM: it must not write into a later test's Redis
        logger.detachAppender(logged);
        redis.close();
    }

    @Test
    void oneFailedCommandIsABlipNotSaidAndTheNextSyncSharesAgain() throws Exception {
        link.pool().set(Instance.OTHER, "shared");
        Eventually.holds("the other instance's state read", () -> "shared".equals(instance.seen));
        String answer = link.now(r -> {
            throw new JedisConnectionException(new SocketTimeoutException("Read timed out")); // as a command past TIMEOUT fails
        }, "own");
        assertEquals("own", answer, "the failed call goes by the instance's own state");
        int syncs = instance.answered.get();
        Eventually.holds("two syncs after the blip", () -> instance.answered.get() >= syncs + 2);
        assertTrue(link.up(), "the next sync answered: shared again");
        assertEquals("shared", link.now(r -> r.get(Instance.OTHER), "own"));
        assertEquals(List.of(), lines(), "a blip is not said");
    }

    @Test
    void redisDownIsSaidOnceCallsGoOnAndOnceBackItIsSaidOnceAndSharedAgain() throws Exception {
        link.pool().set(Instance.OTHER, "before");
        Eventually.holds("the other instance's state read", () -> "before".equals(instance.seen));
        assertEquals("before", link.now(r -> r.get(Instance.OTHER), "own"));

        redis.close();
        for (int i = 0; i < 20; i++) assertEquals("own", link.now(r -> r.get(Instance.OTHER), "own"), "call " + i + " with Redis down");
        Eventually.holds("Redis said down", () -> lines().size() == 1);
        // A sync that cannot reach Redis does not reach the participants either: five syncs' time is what shows them failing
        long fiveSyncs = System.nanoTime() + RedisLink.SYNC.multipliedBy(5).toNanos();
        while (System.nanoTime() < fiveSyncs) {
            assertEquals("own", link.now(r -> r.get(Instance.OTHER), "own"), "calls go on with the instance's own state");
            Thread.sleep(20);
        }
        List<String> down = lines();
        assertEquals(1, down.size(), "said once, however many calls and syncs failed: " + down);
        assertTrue(down.getFirst().startsWith("WARN Redis at 127.0.0.1:" + redis.port() + " does not answer"), down.getFirst());

        redis.restart(); // empty, on the same port
        Eventually.holds("Redis said back", () -> lines().size() == 2);
        link.pool().set(Instance.OTHER, "after");
        Eventually.holds("the other instance's state read again", () -> "after".equals(instance.seen));
        assertEquals("after", link.now(r -> r.get(Instance.OTHER), "own"), "calls use the shared state again");
        assertNotNull(link.pool().get(instance.mine), "this instance's state written again");
        List<String> all = lines();
        assertEquals(2, all.size(), all.toString());
        assertTrue(all.get(1).startsWith("INFO Redis at 127.0.0.1:" + redis.port() + " answers again"), all.get(1));
    }

    /** What the link said of this test's Redis (other tests' links may speak meanwhile), as "LEVEL message". */
    private List<String> lines() {
        String address = "127.0.0.1:" + redis.port() + " ";
        return logged.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).filter(l -> l.contains(address)).toList();
    }

    /** A participant as the router's are: writes its own state each sync, and reads another instance's. */
    private static final class Instance implements RedisLink.Participant {
        static final String OTHER = RedisLink.KEYS + "test:other";
        static final RedisLink.Sync NOTHING = new RedisLink.Sync() {
            @Override
            public void answered() {}

            @Override
            public void failed() {}
        };
        final String mine;
        final AtomicInteger answered = new AtomicInteger();
        volatile String seen;
        volatile boolean left;

        Instance(String name) {
            mine = RedisLink.KEYS + "test:" + name;
        }

        @Override
        public RedisLink.Sync sync(AbstractPipeline redis, long nowMillis) {
            if (left) return NOTHING;
            redis.set(mine, String.valueOf(nowMillis));
            Response<String> other = redis.get(OTHER);
            return new RedisLink.Sync() {
                @Override
                public void answered() {
                    seen = other.get();
                    answered.incrementAndGet();
                }

                @Override
                public void failed() {}
            };
        }
    }
}
