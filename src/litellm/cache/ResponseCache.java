package litellm.cache;

import litellm.json.Json;
import litellm.openai.Endpoint;
import litellm.error.LlmError;
import litellm.shared.RedisAddress;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * LiteLLM's response cache ({@code litellm_settings.cache: true}): a request the proxy has answered before is
 * answered again from the cache, without calling the provider. A request steers it with LiteLLM's
 * {@code "cache": {"no-cache": true, "no-store": true, "ttl": 60, "s-maxage": 600}}, or turns it off with
 * {@code "caching": false}. An answer is stored as LiteLLM stores it, {@code {"timestamp": <seconds>, "response": ...}}.
 */
public final class ResponseCache {
    public static final ResponseCache NONE = new ResponseCache(null, null);
    /** One store per place: a reloaded config keeps its cache (and its connections). */
    private static final Map<String, CacheStore> STORES = new ConcurrentHashMap<>();

    private final CacheSettings settings;
    private final CacheStore store;

    private ResponseCache(CacheSettings settings, CacheStore store) {
        this.settings = settings;
        this.store = store;
    }

    public static ResponseCache of(CacheSettings settings) {
        if (settings == null) return NONE;
        CacheStore store = settings.type().equals("local")
                ? STORES.computeIfAbsent("local", k -> new LocalStore())
                : STORES.computeIfAbsent("redis " + settings.host() + ":" + settings.port() + " " + settings.password(),
                        k -> new RedisStore(new RedisAddress(settings.host(), settings.port(), settings.password())));
        return new ResponseCache(settings, store);
    }

    /**
     * Answers kept in files under {@code dir}, for good: the eval's cache, read again by the next run.
     * @param namespace keeps apart the answers of servers that name models alike (one base URL's from another's)
     */
    public static ResponseCache inFolder(Path dir, String namespace) {
        var settings = new CacheSettings("disk", null, CacheSettings.ALL_CALL_TYPES, null, 0, null, namespace);
        return new ResponseCache(settings, STORES.computeIfAbsent("disk " + dir.toAbsolutePath(), k -> new DiskStore(dir)));
    }

    /**
     * The Redis store this cache keeps its answers in, shared with other state that every proxy on one Redis must see
     * (the Responses API's stored responses); null when the cache is off or kept in this process.
     */
    public CacheStore redis() {
        return store instanceof RedisStore ? store : null;
    }

    /** cache_params.type (local, redis); null when the cache is off. */
    public String type() {
        return settings == null ? null : settings.type();
    }

    /** Why the cache's store cannot be reached now; null when it can (or the cache is off). */
    public String unreachable() {
        return store == null ? null : store.unreachable();
    }

    /** cache_params.namespace, the prefix of every key; null for none. */
    public String namespace() {
        return settings == null ? null : settings.namespace();
    }

    /** The cache's part in one call: {@link Lookup#NONE} when this call is not cached. */
    public Lookup start(Endpoint endpoint, Map<String, Object> request) {
        if (store == null) return Lookup.NONE;
        Object controls = request.get("cache");
        if (controls != null && !(controls instanceof Map<?, ?>))
            throw LlmError.badRequest("'cache' must be an object such as {\"no-cache\": true, \"ttl\": 60}", "cache");
        if (Boolean.FALSE.equals(request.get("caching")) || !cached(endpoint)) return Lookup.NONE;
        Map<?, ?> c = controls == null ? Map.of() : (Map<?, ?>) controls;
        return new Lookup(this, CacheKey.of(endpoint, request, settings.namespace()), !Boolean.TRUE.equals(c.get("no-cache")),
                !Boolean.TRUE.equals(c.get("no-store")), seconds(c.get("ttl"), "ttl"), seconds(c.get("s-maxage"), "s-maxage"));
    }

    private boolean cached(Endpoint endpoint) {
        return switch (endpoint) {
            case CHAT -> settings.callTypes().contains("completion") || settings.callTypes().contains("acompletion");
            case COMPLETIONS -> settings.callTypes().contains("text_completion") || settings.callTypes().contains("atext_completion");
            case EMBEDDINGS -> settings.callTypes().contains("embedding") || settings.callTypes().contains("aembedding");
            case RESPONSES -> settings.callTypes().contains("responses") || settings.callTypes().contains("aresponses");
            case MESSAGES -> settings.callTypes().contains("anthropic_messages");
            case TRANSCRIPTIONS -> settings.callTypes().contains("transcription") || settings.callTypes().contains("atranscription");
            case RERANK -> settings.callTypes().contains("rerank") || settings.callTypes().contains("arerank");
            // counted, never answered; and what LiteLLM does not cache: a new image or voice each time, translations,
            // moderations
            case COUNT_TOKENS, IMAGES, TRANSLATIONS, SPEECH, MODERATIONS -> false;
        };
    }

    private static Duration seconds(Object value, String name) {
        if (value == null) return null;
        if (!(value instanceof Number n) || n.doubleValue() < 0)
            throw LlmError.badRequest("cache." + name + " must be a number of seconds, got " + value, "cache");
        return Duration.ofMillis((long) (n.doubleValue() * 1000));
    }

    /** One call's key, and what its request lets the cache do. */
    public static final class Lookup {
        public static final Lookup NONE = new Lookup(null, null, false, false, null, null);

        private final ResponseCache cache;
        private final String key;
        private final boolean read;
        private final boolean write;
        private final Duration ttl;
        private final Duration maxAge;

        private Lookup(ResponseCache cache, String key, boolean read, boolean write, Duration ttl, Duration maxAge) {
            this.cache = cache;
            this.key = key;
            this.read = read;
            this.write = write;
            this.ttl = ttl;
            this.maxAge = maxAge;
        }

        /** The stored answer, if there is one young enough; null otherwise. */
        @SuppressWarnings("unchecked")
        /** The call's cache key; null when it is not cached. */
        public String key() {
            return key;
        }

        public Map<String, Object> hit() {
            if (!read) return null;
            byte[] bytes = cache.store.get(key);
            if (bytes == null) return null;
            try {
                Map<String, Object> entry = Json.parseObject(bytes);
                if (maxAge != null && entry.get("timestamp") instanceof Number t
                        && System.currentTimeMillis() - t.doubleValue() * 1000 > maxAge.toMillis()) return null;
                return entry.get("response") instanceof Map<?, ?> r ? (Map<String, Object>) r : null;
            } catch (IOException e) {
                return null; // not an entry of ours: a miss
            }
        }

        /** Whether {@link #store} keeps anything. */
        public boolean writes() {
            return write;
        }

        public void store(Map<String, Object> response) {
            if (!write) return;
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("timestamp", System.currentTimeMillis() / 1000.0);
            entry.put("response", response);
            cache.store.put(key, Json.bytes(entry), ttl != null ? ttl : cache.settings.ttl());
        }
    }
}
