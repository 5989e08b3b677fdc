package litellm.keys;

/**
 * What one key, user or team has used on this proxy and the table does not show yet: spend not yet written, and
 * this minute's requests and tokens (LiteLLM's rpm/tpm windows are calendar minutes), and calls in flight.
 * Kept apart from the table, so that a reload of the table leaves it be.
 */
final class Usage {
    private double pendingSpend;
    private long minute;
    private long requests;
    private long tokens;
    private int parallel;

    synchronized double pendingSpend() {
        return pendingSpend;
    }

    synchronized void spent(double usd) {
        pendingSpend += usd;
    }

    /** Spend now in the table read: no longer counted here. */
    synchronized void written(double usd) {
        pendingSpend = Math.max(0, pendingSpend - usd);
    }

    /** Takes one request of this minute unless that would cross a limit; the minute's counts, with what was crossed. */
    synchronized MinuteCount takeRequest(Long rpmLimit, Long tpmLimit, long nowMillis) {
        roll(nowMillis);
        if (rpmLimit != null && requests >= rpmLimit) return new MinuteCount("rpm_limit: " + rpmLimit + ", current rpm: " + requests, requests, tokens);
        if (tpmLimit != null && tokens >= tpmLimit) return new MinuteCount("tpm_limit: " + tpmLimit + ", current tpm: " + tokens, requests, tokens);
        requests++;
        return rpmLimit == null && tpmLimit == null ? MinuteCount.UNLIMITED : new MinuteCount(null, requests, tokens);
    }

    /** This minute's requests, as counted here. */
    synchronized long requests(long nowMillis) {
        roll(nowMillis);
        return requests;
    }

    /** This minute's tokens, as counted here. */
    synchronized long tokens(long nowMillis) {
        roll(nowMillis);
        return tokens;
    }

    /** Gives back a request taken, when another limit refused the call. */
    synchronized void returnRequest() {
        if (requests > 0) requests--;
    }

    synchronized void usedTokens(long n, long nowMillis) {
        roll(nowMillis);
        tokens += n;
    }

    synchronized boolean enterCall(Integer maxParallel) {
        if (maxParallel != null && parallel >= maxParallel) return false;
        parallel++;
        return true;
    }

    synchronized void leaveCall() {
        parallel--;
    }

    private void roll(long nowMillis) {
        long now = nowMillis / 60_000;
        if (now != minute) {
            minute = now;
            requests = 0;
            tokens = 0;
        }
    }

    /** Seconds to the next minute, for Retry-After. */
    static long secondsToNextMinute(long nowMillis) {
        return Math.max(1, (60_000 - nowMillis % 60_000 + 999) / 1000);
    }
}
