package litellm.cache;

import java.time.Duration;

/** Where cached answers are kept: bytes by key, each for a time. */
interface CacheStore {
    /** The bytes stored under {@code key}, or null (none, expired, or the store unreachable). */
    byte[] get(String key);

    /** @param ttl null: until the store drops it */
    void put(String key, byte[] value, Duration ttl);
}
