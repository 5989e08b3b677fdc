package litellm.routing;

import java.util.concurrent.atomic.AtomicInteger;

/** One deployment in the router, with what routing needs to know of it: load, latency, usage, failures. */
final class DeploymentSlot {
    private static final long MINUTE = 60_000_000_000L;
    private static final double FAILURE_LATENCY_MILLIS = 10_000;

    final Deployment deployment;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile double latencyMillis; // 0 until the first answer
    private long minuteStart = System.nanoTime();
    private long requests;
    private long tokens;
    private int failures;
    private volatile long coolUntil;

    DeploymentSlot(Deployment deployment) {
        this.deployment = deployment;
    }

    int inFlight() {
        return inFlight.get();
    }

    double latencyMillis() {
        return latencyMillis;
    }

    double weight() {
        for (String key : new String[]{"weight", "rpm", "tpm"})
            if (deployment.param(key) instanceof Number n && n.doubleValue() > 0) return n.doubleValue();
        return 1;
    }

    synchronized long requestsThisMinute() {
        roll();
        return requests;
    }

    synchronized long tokensThisMinute() {
        roll();
        return tokens;
    }

    synchronized boolean underLimits() {
        roll();
        return !(deployment.param("rpm") instanceof Number rpm && requests >= rpm.longValue())
                && !(deployment.param("tpm") instanceof Number tpm && tokens >= tpm.longValue());
    }

    /** Nanoseconds until this minute's counts start again. */
    synchronized long windowEndsIn() {
        roll();
        return MINUTE - (System.nanoTime() - minuteStart);
    }

    boolean coolingDown(long now) {
        return now < coolUntil;
    }

    long coolUntil() {
        return coolUntil;
    }

    synchronized void begin() {
        roll();
        requests++;
        inFlight.incrementAndGet();
    }

    synchronized void succeeded(long nanos, long usedTokens) {
        inFlight.decrementAndGet();
        tokens += usedTokens;
        observeLatency(nanos / 1e6);
    }

    private void observeLatency(double ms) {
        latencyMillis = latencyMillis == 0 ? ms : 0.8 * latencyMillis + 0.2 * ms;
    }

    /**
     * Counts a failure; past {@code allowedFails} in a minute the deployment cools down. An upstream that
     * said when to come back ({@code retryAfterNanos} > 0) gets no traffic until then either.
     * {@code nanos}: how long the failed attempt took. True when this failure made it cool down.
     */
    synchronized boolean failed(int allowedFails, long cooldownNanos, long retryAfterNanos, long nanos) {
        inFlight.decrementAndGet();
        roll();
        // For latency-based routing a failure is no fast answer: it counts as a very slow one.
        observeLatency(Math.max(nanos / 1e6, FAILURE_LATENCY_MILLIS));
        long now = System.nanoTime();
        boolean wasResting = coolingDown(now);
        if (++failures > allowedFails && cooldownNanos > 0) {
            coolUntil = Math.max(coolUntil, now + cooldownNanos);
            failures = 0;
        }
        if (retryAfterNanos > 0) coolUntil = Math.max(coolUntil, now + retryAfterNanos);
        return !wasResting && coolingDown(now);
    }

    synchronized void ended() {
        inFlight.decrementAndGet();
    }

    private void roll() {
        long now = System.nanoTime();
        if (now - minuteStart >= MINUTE) {
            minuteStart = now;
            requests = 0;
            tokens = 0;
            failures = 0;
        }
    }
}
