package litellm.responses;

import litellm.cache.CacheStore;
import litellm.cache.ResponseCache;
import litellm.error.LlmError;
import litellm.json.Json;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The responses the proxy has answered, kept for {@code previous_response_id} and {@code GET /v1/responses/{id}}:
 * each with the input items that led to it. In this process by default, the least recently used dropped past
 * {@link #MEMORY_BYTES} or after {@link #MEMORY_TTL}; in Redis (for {@link #REDIS_TTL}, OpenAI's own retention) when the
 * config's cache is Redis, through the cache's own connection, so that every proxy on that Redis continues the others'
 * conversations.
 */
public final class StoredResponses {
    static final long MEMORY_BYTES = 64L << 20;
    static final Duration MEMORY_TTL = Duration.ofHours(24);
    static final Duration REDIS_TTL = Duration.ofDays(30);
    /** One memory store for the process: a reloaded config keeps the conversations. */
    private static final StoredResponses MEMORY = new StoredResponses(CacheStore.inMemory(MEMORY_BYTES, MEMORY_TTL), "", null);

    /** A stored response and the input items before its output (the earlier turns' items, then its own input). */
    public record Stored(Map<String, Object> response, List<Object> input) {}

    private final CacheStore store;
    private final String prefix;
    private final Duration ttl;

    private StoredResponses(CacheStore store, String prefix, Duration ttl) {
        this.store = store;
        this.prefix = prefix;
        this.ttl = ttl;
    }

    /** Where this setup keeps responses: its cache's Redis, else this process's memory. */
    public static StoredResponses of(ResponseCache cache) {
        CacheStore redis = cache.redis();
        if (redis == null) return MEMORY;
        return new StoredResponses(redis, cache.namespace() == null ? "" : cache.namespace() + ":", REDIS_TTL);
    }

    /** The stored response, or null. */
    @SuppressWarnings("unchecked")
    public Stored get(String id) {
        byte[] bytes = store.get(key(id));
        if (bytes == null) return null;
        try {
            Map<String, Object> entry = Json.parseObject(bytes);
            return new Stored((Map<String, Object>) entry.get("response"), (List<Object>) entry.get("input"));
        } catch (IOException | ClassCastException e) {
            return null; // not an entry of ours
        }
    }

    /** {@code GET /v1/responses/{id}}: the stored response; OpenAI's 404 when there is none. */
    public Map<String, Object> response(String id) {
        Stored stored = get(id);
        if (stored == null) throw notFound(id);
        return stored.response();
    }

    /** {@code DELETE /v1/responses/{id}}: OpenAI's answer, or its 404 when there was none. */
    public Map<String, Object> delete(String id) {
        if (!store.delete(key(id))) throw notFound(id);
        Map<String, Object> deleted = new LinkedHashMap<>();
        deleted.put("id", id);
        deleted.put("object", "response");
        deleted.put("deleted", true);
        return deleted;
    }

    void put(Map<String, Object> response, List<Object> input) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("response", response);
        entry.put("input", input);
        store.put(key(String.valueOf(response.get("id"))), Json.bytes(entry), ttl);
    }

    private String key(String id) {
        return prefix + "litellm_response:" + id;
    }

    private static LlmError notFound(String id) {
        return new LlmError(404, "invalid_request_error", "Response with id '" + id + "' not found.", null, null, null);
    }
}
