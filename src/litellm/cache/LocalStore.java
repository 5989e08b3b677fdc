package litellm.cache;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Answers kept in this process ({@code cache_params.type: local}), the least recently used dropped first once they
 * take more than {@link #MAX_BYTES}: embeddings of many inputs are large.
 */
final class LocalStore implements CacheStore {
    static final long MAX_BYTES = 64L << 20;
    /** LiteLLM's in-memory cache keeps an answer 10 minutes unless told otherwise. */
    static final Duration DEFAULT_TTL = Duration.ofMinutes(10);

    private record Entry(byte[] value, long expiresAtNanos) {}

    private final Map<String, Entry> entries = new LinkedHashMap<>(256, 0.75f, true);
    private final long maxBytes;
    private final Duration defaultTtl;
    private long bytes;

    LocalStore() {
        this(MAX_BYTES, DEFAULT_TTL);
    }

    LocalStore(long maxBytes, Duration defaultTtl) {
        this.maxBytes = maxBytes;
        this.defaultTtl = defaultTtl;
    }

    @Override
    public synchronized byte[] get(String key) {
        Entry e = entries.get(key);
        if (e == null) return null;
        if (System.nanoTime() - e.expiresAtNanos > 0) {
            remove(key);
            return null;
        }
        return e.value;
    }

    @Override
    public synchronized void put(String key, byte[] value, Duration ttl) {
        if (value.length > maxBytes) return;
        remove(key);
        entries.put(key, new Entry(value, System.nanoTime() + (ttl != null ? ttl : defaultTtl).toNanos()));
        bytes += value.length;
        for (Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator(); bytes > maxBytes && it.hasNext(); ) {
            bytes -= it.next().getValue().value.length;
            it.remove();
        }
    }

    @Override
    public synchronized boolean delete(String key) {
        return remove(key);
    }

    private boolean remove(String key) {
        Entry old = entries.remove(key);
        if (old != null) bytes -= old.value.length;
        return old != null;
    }
}
