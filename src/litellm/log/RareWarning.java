package litellm.log;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A warning said for the first occurrence and for every {@code every}-th after it: a failure that repeats on every
 * call (a Redis that is down, a broken callback script, a full queue) must not flood the log.
 */
public final class RareWarning {
    private final int every;
    private final AtomicLong count = new AtomicLong();

    public RareWarning(int every) {
        this.every = every;
    }

    /** Counts one occurrence; true when this one is to be said. */
    public boolean due() {
        return count.getAndIncrement() % every == 0;
    }

    /** The occurrences so far. */
    public long count() {
        return count.get();
    }
}
