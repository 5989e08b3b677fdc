package litellm.callbacks;

import litellm.routing.Deployment;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A call as it goes: its id, the deployments tried (the last one served it), its retries and fallbacks, the
 * upstream's rate-limit headers, the cache key of a hit and the cost. The server writes it as LiteLLM's response
 * headers ({@code x-litellm-*}); the callbacks' {@link CallLog} is made from it. The thread serving the call fills it
 * before the answer (a stream's first chunk) goes out, and the server reads it on that thread.
 */
public final class CallTrace {
    /** Upstream headers passed on under LiteLLM's prefix for a provider's own headers, beside the plain name. */
    public static final String PROVIDER_PREFIX = "llm_provider-";
    private static final String RATE_LIMIT = "x-ratelimit-";
    private static final String ANTHROPIC_RATE_LIMIT = "anthropic-ratelimit-";

    private final String id = newId();
    private Deployment deployment;
    private Instant attemptStart;
    private int tries;
    private int groups;
    private Map<String, String> upstreamHeaders;
    private String cacheKey;
    private boolean cacheHit;
    private Double cost;
    private Map<String, String> traceContext = Map.of();
    private Caller caller;

    /**
     * A time-ordered UUID (version 7: the millisecond, then random bits; not SecureRandom's: a call id needs to be
     * unique, not unguessable). The spend log's primary key is the call's id: ids that grow with time are added at
     * the end of its index, where random ones landed each on a page of its own (H2 rewrote every page a batch
     * touched, a third of the proxy's CPU with keys on).
     */
    private static String newId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long high = (System.currentTimeMillis() << 16) | 0x7000L | (r.nextLong() & 0x0FFFL); // the ms, version 7, 12 random bits
        long low = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
        return new UUID(high, low).toString();
    }

    /** The call is made with this key (virtual keys' spend); null: the proxy has no keys. */
    public CallTrace by(Caller caller) {
        this.caller = caller;
        return this;
    }

    public Caller caller() {
        return caller;
    }

    /** LiteLLM's {@code litellm_call_id}. */
    public String id() {
        return id;
    }

    /** The deployment being tried now; the last one tried is the one that served the call. */
    public void tried(Deployment d) {
        if (deployment == null || !deployment.modelName().equals(d.modelName())) groups++;
        tries++;
        deployment = d;
        attemptStart = Instant.now();
        upstreamHeaders = null;
    }

    /**
     * One header of the upstream's answer: its rate limits are kept, under OpenAI's names (Anthropic's are renamed, as
     * LiteLLM renames them) and under {@link #PROVIDER_PREFIX} with the upstream's own name.
     */
    public void upstreamHeader(String name, String value) {
        String lower = name.toLowerCase();
        if (lower.startsWith(RATE_LIMIT)) {
            keep(lower, value);
        } else if (lower.startsWith(ANTHROPIC_RATE_LIMIT)) {
            // anthropic-ratelimit-requests-remaining -> x-ratelimit-remaining-requests
            String[] parts = lower.substring(ANTHROPIC_RATE_LIMIT.length()).split("-");
            if (parts.length == 2 && (parts[0].equals("requests") || parts[0].equals("tokens"))) keep(RATE_LIMIT + parts[1] + "-" + parts[0], value);
        } else {
            return;
        }
        keep(PROVIDER_PREFIX + lower, value);
    }

    private void keep(String name, String value) {
        if (upstreamHeaders == null) upstreamHeaders = new LinkedHashMap<>();
        upstreamHeaders.put(name, value);
    }

    /** The response cache was asked, under this key; it answered or not. */
    public void cacheLookup(String key, boolean hit) {
        cacheKey = key;
        cacheHit = hit;
    }

    /** What the answer cost in USD; null when unknown. */
    public void cost(Double usd) {
        cost = usd;
    }

    /** The deployment that served the call (the last tried); null when none was (a cache hit, a request refused). */
    public Deployment deployment() {
        return deployment;
    }

    /** When the last deployment's try began; null when none was tried. */
    public Instant attemptStart() {
        return attemptStart;
    }

    /** Tries beyond the first of each model tried (LiteLLM's x-litellm-attempted-retries). */
    public int retries() {
        return tries - groups;
    }

    /** Other models tried after the one asked for (LiteLLM's x-litellm-attempted-fallbacks). */
    public int fallbacks() {
        return Math.max(0, groups - 1);
    }

    /** The upstream's rate-limit headers, as passed on; empty when it sent none. */
    public Map<String, String> upstreamHeaders() {
        return upstreamHeaders == null ? Map.of() : upstreamHeaders;
    }

    /** The call's key in the response cache; null when the call was not one the cache takes. */
    public String cacheKey() {
        return cacheKey;
    }

    public boolean cacheHit() {
        return cacheHit;
    }

    public Double cost() {
        return cost;
    }

    /** The client's W3C trace context (its {@code traceparent} and {@code tracestate} headers): the call continues its trace. */
    public void continues(String traceparent, String tracestate) {
        if (traceparent == null) return;
        traceContext = tracestate == null ? Map.of("traceparent", traceparent) : Map.of("traceparent", traceparent, "tracestate", tracestate);
    }

    /** The client's trace context headers; empty when it sent none. */
    public Map<String, String> traceContext() {
        return traceContext;
    }
}
