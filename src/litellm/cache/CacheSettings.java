package litellm.cache;

import java.time.Duration;
import java.util.Set;

/**
 * LiteLLM's {@code litellm_settings.cache: true} with its {@code cache_params}.
 *
 * @param type      {@code redis} (LiteLLM's default) or {@code local} (in this process); {@code disk} for the eval's
 *                  files ({@link ResponseCache#inFolder}), which a config cannot choose yet
 * @param ttl       how long an answer is kept when the request does not say; null: local 10 minutes, redis for good
 * @param callTypes LiteLLM's supported_call_types: completion, text_completion, embedding, responses, transcription, rerank (and their a- forms), anthropic_messages
 * @param namespace a prefix of every key, so that several proxies can share one redis without sharing answers
 */
public record CacheSettings(String type, Duration ttl, Set<String> callTypes, String host, int port, String password, String namespace) {
    public static final Set<String> TYPES = Set.of("redis", "local");
    /** Every call type LiteLLM caches by default that the proxy serves. */
    public static final Set<String> ALL_CALL_TYPES = Set.of("completion", "acompletion", "text_completion", "atext_completion",
            "embedding", "aembedding", "responses", "aresponses", "anthropic_messages", "transcription", "atranscription", "rerank", "arerank");
}
