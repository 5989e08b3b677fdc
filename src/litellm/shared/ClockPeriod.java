package litellm.shared;

/**
 * Spans of the clock counted from the epoch (each minute, each budget period), so that every instance agrees on
 * which one it is; what an instance counts in one is started again when the next begins.
 */
public final class ClockPeriod {
    private final long millis;
    private final Runnable startAgain;
    private volatile long current;

    /** @param millis 0: one period for good */
    public ClockPeriod(long millis, Runnable startAgain) {
        this.millis = millis;
        this.startAgain = startAgain;
        this.current = at(System.currentTimeMillis());
    }

    /** The current period's number; the first call in a new one starts the counts again. */
    public long now() {
        long now = at(System.currentTimeMillis());
        if (now != current) {
            synchronized (this) {
                if (now != current) {
                    startAgain.run();
                    current = now;
                }
            }
        }
        return now;
    }

    /** Whether {@code period} is the one being counted. */
    public boolean counting(long period) {
        return period == current;
    }

    /** Milliseconds until the next period. */
    public long remainingMillis() {
        return millis == 0 ? Long.MAX_VALUE : millis - System.currentTimeMillis() % millis;
    }

    private long at(long epochMillis) {
        return millis == 0 ? 0 : epochMillis / millis;
    }
}
