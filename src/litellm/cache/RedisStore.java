package litellm.cache;

import litellm.log.RareWarning;
import litellm.shared.RedisAddress;
import litellm.shared.RedisLink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.SetParams;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Answers kept in Redis ({@code cache_params.type: redis}, LiteLLM's default), shared by every proxy that uses it.
 * Reached through that address's one pool ({@link RedisLink}), which the router and the virtual keys use too when
 * they share state in the same Redis. A Redis that is down or slow costs a call at most {@link RedisLink#TIMEOUT},
 * and the call is served uncached.
 */
final class RedisStore implements CacheStore {
    private static final Logger log = LoggerFactory.getLogger(RedisStore.class);
    private final JedisPooled redis;
    private final String where;
    private final RareWarning failures = new RareWarning(100);

    RedisStore(RedisAddress address) {
        this.where = address.toString();
        this.redis = RedisLink.of(address).pool();
    }

    @Override
    public byte[] get(String key) {
        try {
            return redis.get(key.getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            failed("read", e);
            return null;
        }
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
        try {
            if (ttl == null) redis.set(key.getBytes(StandardCharsets.UTF_8), value);
            else redis.set(key.getBytes(StandardCharsets.UTF_8), value, SetParams.setParams().px(Math.max(1, ttl.toMillis())));
        } catch (RuntimeException e) {
            failed("write", e);
        }
    }

    @Override
    public boolean delete(String key) {
        try {
            return redis.del(key.getBytes(StandardCharsets.UTF_8)) > 0;
        } catch (RuntimeException e) {
            failed("delete from", e);
            return false;
        }
    }

    @Override
    public String unreachable() {
        try {
            redis.ping();
            return null;
        } catch (RuntimeException e) {
            return "Redis at " + where + ": " + e.getMessage();
        }
    }

    private void failed(String what, RuntimeException e) {
        if (failures.due())
            log.warn("cache: could not {} Redis at {} ({} failures so far), serving uncached: {}", what, where, failures.count(), e.getMessage());
    }
}
