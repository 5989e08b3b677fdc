package litellm.shared;

import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * One Redis address's connection pool, the one way to reach that Redis: the instances share their state through it
 * ({@code router_settings.redis_host}...), and the response cache keeps its answers in it when its
 * {@code cache_params} name the same Redis ({@link #pool()}). Sharing state adds one background thread, started by the
 * first part that shares, that every {@link #SYNC} writes what this instance counted and reads what all of them did,
 * in one round trip ({@link Participant}). Calls never wait for that thread: they read what it last read. When Redis
 * does not answer, each instance goes on with its own state (said once), and shares again once it answers (said once too).
 * One failure alone is not said: on a loaded machine one command may miss the timeout while Redis is fine, and the
 * next sync, a moment later, tells a blip from an outage.
 */
public final class RedisLink {
    private static final Logger log = LoggerFactory.getLogger(RedisLink.class);
    /** How often the instances' state is written and read back: a cooldown reaches the others within about twice this. */
    public static final Duration SYNC = Duration.ofMillis(200);
    /** A Redis that does not answer in this time is taken for down: a call waits for it at most this long, once. */
    public static final Duration TIMEOUT = Duration.ofMillis(500);
    /** State read longer ago than this is not trusted: the instance goes by its own. */
    private static final long STALE_MILLIS = 2_000;
    /** The prefix of every key the instances share. */
    public static final String KEYS = "litellm:shared:";
    /** One link per Redis: a reloaded config keeps its connections and what it has read. */
    private static final Map<RedisAddress, RedisLink> LINKS = new ConcurrentHashMap<>();

    /** What a part of the proxy shares: it adds its writes and reads to each sync's round trip. */
    public interface Participant {
        /** Queues this sync's commands on {@code redis}; what to do once they are answered, or failed. */
        Sync sync(AbstractPipeline redis, long nowMillis);
    }

    /** One participant's part of one sync. */
    public interface Sync {
        void answered();

        /** Nothing reached Redis: what was taken to be written is kept for the next sync. */
        void failed();
    }

    /** This process among the instances: what it writes of its own is kept under this name. */
    public final String instance = UUID.randomUUID().toString().substring(0, 8);
    private final RedisAddress address;
    private final JedisPooled redis;
    private final List<Participant> participants = new CopyOnWriteArrayList<>();
    private volatile boolean up = true;
    /** Whether the log has said that Redis does not answer, since it last answered. */
    private boolean said;
    /** The failure that took Redis for down, said if the next sync fails too. */
    private RuntimeException firstFailure;
    private volatile long answeredAtMillis = System.currentTimeMillis();
    private volatile boolean syncing;

    private RedisLink(RedisAddress address) {
        this.address = address;
        int timeout = (int) TIMEOUT.toMillis();
        var config = DefaultJedisClientConfig.builder().connectionTimeoutMillis(timeout).socketTimeoutMillis(timeout);
        if (address.password() != null && !address.password().isEmpty()) config.password(address.password());
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(64);
        pool.setMaxIdle(64);
        pool.setMaxWait(TIMEOUT); // never wait for good for a connection
        this.redis = new JedisPooled(new HostAndPort(address.host(), address.port()), config.build(), pool);
    }

    public static RedisLink of(RedisAddress address) {
        return LINKS.computeIfAbsent(address, RedisLink::new);
    }

    public void join(Participant participant) {
        participants.add(participant);
        sync();
    }

    /**
     * The pool itself, for a part that only stores and reads in this Redis and bears its failures itself (the
     * response cache): it starts no syncing.
     */
    public JedisPooled pool() {
        return redis;
    }

    /** True while Redis answers and what was last read from it is recent: shared state may be trusted. */
    public boolean up() {
        if (!syncing) sync();
        return up && System.currentTimeMillis() - answeredAtMillis < STALE_MILLIS;
    }

    /** Starts the syncing thread, once: the first time a part shares state. */
    private synchronized void sync() {
        if (syncing) return;
        syncing = true;
        answeredAtMillis = System.currentTimeMillis();
        Thread.ofPlatform().daemon().name("redis-sync").start(this::syncForever);
    }

    /**
     * One command on a call's path, when it must see every instance at once (an rpm limit); {@code fallback} when
     * Redis is down or fails now: the call goes on with this instance's own state.
     */
    public <T> T now(Function<JedisPooled, T> command, T fallback) {
        if (!up()) return fallback;
        try {
            return command.apply(redis);
        } catch (RuntimeException e) {
            down(e);
            return fallback;
        }
    }

    private void syncForever() {
        while (true) {
            long started = System.currentTimeMillis();
            syncOnce();
            long rest = SYNC.toMillis() - (System.currentTimeMillis() - started);
            try {
                if (rest > 0) Thread.sleep(rest);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void syncOnce() {
        List<Sync> syncs = new ArrayList<>();
        try (AbstractPipeline pipeline = redis.pipelined()) {
            long now = System.currentTimeMillis();
            for (Participant p : participants) syncs.add(p.sync(pipeline, now));
            if (syncs.isEmpty()) pipeline.exists(KEYS + "link"); // nothing to share yet: Redis is watched all the same
            pipeline.sync();
        } catch (RuntimeException e) {
            syncs.forEach(Sync::failed);
            down(e);
            return;
        }
        answeredAtMillis = System.currentTimeMillis();
        syncs.forEach(Sync::answered);
        if (!up) back();
    }

    private synchronized void back() {
        up = true;
        if (said) log.info("Redis at {} answers again: the instances share their routing state and spend again", address);
        said = false;
    }

    /** Redis failed a command: taken for down at once, said when it fails again (the next sync). */
    private void down(RuntimeException e) {
        synchronized (this) {
            if (up) {
                up = false;
                firstFailure = e;
                return;
            }
            if (said) return;
            said = true;
        }
        log.warn("Redis at {} does not answer ({}): this instance routes and counts its spend on its own until it does",
                address, firstFailure.getMessage());
    }
}
