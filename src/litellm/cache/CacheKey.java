package litellm.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import litellm.json.Json;
import litellm.openai.Endpoint;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What makes two requests the same answer, as LiteLLM's cache key: the endpoint, the model asked for and every
 * parameter that shapes the answer, hashed (SHA-256). Whether the answer is streamed does not count, so a stream
 * is served from a whole answer and the other way round; neither do LiteLLM's own fields and the client's key.
 */
final class CacheKey {
    private static final Set<String> NOT_IN_KEY = Set.of("stream", "stream_options", "metadata", "cache", "caching", "drop_params",
            "api_key", "azure_ad_token");

    private CacheKey() {}

    /** Keys sorted at every level: the same request in any key order is the same key. */
    private static final ObjectWriter SORTED = Json.MAPPER.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    static String of(Endpoint endpoint, Map<String, Object> request, String namespace) {
        Map<String, Object> relevant = new TreeMap<>();
        request.forEach((k, v) -> {
            if (!NOT_IN_KEY.contains(k) && v != null) relevant.put(k, v);
        });
        relevant.put("endpoint", endpoint.path);
        try {
            String hash = HexFormat.of().formatHex(sha256(SORTED.writeValueAsBytes(relevant)));
            return namespace == null ? hash : namespace + ":" + hash;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed request is always JSON", e);
        }
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
