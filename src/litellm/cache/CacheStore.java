package litellm.cache;

import java.time.Duration;

/** Where cached answers are kept: bytes by key, each for a time. Also the store of other state kept the same way (stored responses). */
public interface CacheStore {
    /** The bytes stored under {@code key}, or null (none, expired, or the store unreachable). */
    byte[] get(String key);

    /** @param ttl null: until the store drops it */
    void put(String key, byte[] value, Duration ttl);

    /** Drops what is stored under {@code key}; false when there was nothing (or the store is unreachable). */
    boolean delete(String key);

    /** Why the store cannot be reached now (for /health/readiness); null when it can, as one in this process always can. */
    default String unreachable() {
        return null;
    }

    /** A store in this process that keeps at most {@code maxBytes}, the least recently used dropped first. */
    static CacheStore inMemory(long maxBytes, Duration defaultTtl) {
        return new LocalStore(maxBytes, defaultTtl);
    }
}
