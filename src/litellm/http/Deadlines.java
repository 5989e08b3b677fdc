package litellm.http;

import org.apache.hc.core5.concurrent.Cancellable;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Cuts upstream calls that pass their deadline. One daemon thread looks over the calls in flight every
 * {@value #TICK_MS} ms, so a call costs a set insert and removal, not a timer of its own: a timer per
 * call would wake the timer thread on every request. Deadlines are seconds long, so the tick is precision enough.
 */
final class Deadlines {
    private static final long TICK_MS = 50;

    /** A call being watched. */
    static final class Watch {
        private final long deadlineNanos;
        private final Cancellable call;

        private Watch(long deadlineNanos, Cancellable call) {
            this.deadlineNanos = deadlineNanos;
            this.call = call;
        }

        /** True once the deadline has passed, whether or not the sweep has cut the call yet. */
        boolean expired() {
            return expiredAt(System.nanoTime());
        }

        private boolean expiredAt(long nanos) {
            return nanos - deadlineNanos >= 0;
        }
    }

    private final Set<Watch> inFlight = ConcurrentHashMap.newKeySet();
    private volatile Thread sweeper;

    Watch watch(Duration timeout, Cancellable call) {
        Watch w = new Watch(System.nanoTime() + timeout.toNanos(), call);
        inFlight.add(w);
        if (sweeper == null) startSweeper();
        return w;
    }

    void done(Watch w) {
        inFlight.remove(w);
    }

    private synchronized void startSweeper() {
        if (sweeper != null) return;
        sweeper = Thread.ofPlatform().daemon().name("upstream-deadlines").start(this::sweep);
    }

    private void sweep() {
        while (true) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(TICK_MS));
            try {
                cutExpired(System.nanoTime());
            } catch (Throwable t) {
                // Most likely an OutOfMemoryError while huge answers fill the heap: the next sweep tries again.
                // A sweeper that ended would leave every later call without a deadline.
            }
        }
    }

    private void cutExpired(long now) {
        for (Watch w : inFlight) {
            if (!w.expiredAt(now)) continue;
            inFlight.remove(w);
            w.call.cancel(); // closes the connection: the waiting read fails at once
        }
    }
}
