package litellm.eval;

/**
 * A model's answer to one request, or why there is none.
 *
 * @param reply     the answer's text; null when the call failed
 * @param error     why the call failed ("404 ..."); null when it did not
 * @param latencyMs how long the call took; null for an answer from the cache
 * @param cost      USD at the model's prices (as when it was made, for a cached answer); null when its price is unknown
 * @param cached    the answer came from the eval's answer cache
 */
public record Answer(String reply, String error, Long latencyMs, long tokensIn, long tokensOut, Double cost, boolean cached) {
    public static Answer failed(String error, Long latencyMs) {
        return new Answer(null, error, latencyMs, 0, 0, null, false);
    }
}
