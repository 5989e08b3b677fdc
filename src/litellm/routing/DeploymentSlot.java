package litellm.routing;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One deployment in the router, with what routing needs to know of it: load, latency, usage, failures. With a
 * {@link SharedDeployment} (router_settings.redis_*), its load, usage and cooldown are every instance's while Redis
 * answers; its own counts are kept all the same, for when it does not.
 */
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
    /** Null: this instance alone. */
    private final SharedDeployment shared;

    DeploymentSlot(Deployment deployment) {
        this(deployment, null);
    }

    DeploymentSlot(Deployment deployment, SharedDeployment shared) {
        this.deployment = deployment;
        this.shared = shared;
    }

    /** Whether this slot shares its state through {@code shared} (null: through none), so that a reload may keep it. */
    boolean sharesThrough(SharedDeployment shared) {
        return this.shared == shared;
    }

    int inFlight() {
        return inFlight.get() + (sharing() ? shared.othersInFlight() : 0);
    }

    private boolean sharing() {
        return shared != null && shared.up();
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
        if (sharing()) return shared.requestsThisMinute();
        roll();
        return requests;
    }

    synchronized long tokensThisMinute() {
        if (sharing()) return shared.tokensThisMinute();
        roll();
        return tokens;
    }

    synchronized boolean underLimits() {
        return !(deployment.param("rpm") instanceof Number rpm && requestsThisMinute() >= rpm.longValue())
                && !(deployment.param("tpm") instanceof Number tpm && tokensThisMinute() >= tpm.longValue());
    }

    /**
     * Counts the request against its rpm limit in every instance's count, once chosen: false when the others took
     * the minute's last ones meanwhile. Always true for this instance alone, whose count {@link #underLimits} read.
     */
    boolean admit() {
        return !(shared != null && deployment.param("rpm") instanceof Number rpm) || shared.admit(rpm.longValue());
    }

    /** Nanoseconds until this minute's counts start again. */
    synchronized long windowEndsIn() {
        if (sharing()) return shared.millisToNextMinute() * 1_000_000;
        roll();
        return MINUTE - (System.nanoTime() - minuteStart);
    }

    boolean coolingDown(long now) {
        return now < coolUntil || shared != null && shared.coolUntilMillis() > System.currentTimeMillis();
    }

    /** Until when it cools down, as a {@link System#nanoTime()}. */
    long coolUntil() {
        if (shared == null) return coolUntil;
        long othersUntil = System.nanoTime() + (shared.coolUntilMillis() - System.currentTimeMillis()) * 1_000_000;
        return Math.max(coolUntil, othersUntil);
    }

    synchronized void begin() {
        roll();
        requests++;
        inFlight.incrementAndGet();
        if (shared != null) shared.began();
    }

    synchronized void succeeded(long nanos, long usedTokens) {
        inFlight.decrementAndGet();
        tokens += usedTokens;
        observeLatency(nanos / 1e6);
        if (shared != null) shared.ended(usedTokens);
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
        long now = System.nanoTime(), before = coolUntil;
        boolean wasResting = coolingDown(now);
        if (++failures > allowedFails && cooldownNanos > 0) {
            coolUntil = Math.max(coolUntil, now + cooldownNanos);
            failures = 0;
        }
        if (retryAfterNanos > 0) coolUntil = Math.max(coolUntil, now + retryAfterNanos);
        if (shared != null) {
            shared.ended(0);
            if (coolUntil != before) shared.cooledDown(System.currentTimeMillis() + (coolUntil - now) / 1_000_000);
        }
        return !wasResting && coolingDown(now);
    }

    synchronized void ended() {
        inFlight.decrementAndGet();
        if (shared != null) shared.ended(0);
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
