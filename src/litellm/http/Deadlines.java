package litellm.http;

import org.apache.hc.core5.concurrent.Cancellable;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Cuts upstream calls that pass their deadline, and has the client of a call that lasts watched. One daemon thread
 * looks over the calls in flight every {@value #TICK_MS} ms, so a call costs a set insert and removal, not a timer of
 * its own: a timer per call would wake the timer thread on every request. Deadlines are seconds long, so the tick is
 * precision enough. With no call in flight the thread sleeps until the next one.
 * <p>
 * A call still in flight {@value #WATCH_AFTER_MS} ms after it was sent (so 10 to 20 ms) has its client's connection
 * watched from then on ({@link ClientPresence}): a client that leaves cuts it. Most calls end sooner, and a watch
 * costs the server's selector a wake-up and two changes of its interest set, about as much as the call itself.
 */
final class Deadlines {
    private static final long TICK_MS = 10;
    private static final long WATCH_AFTER_MS = 10;

    /** A call being watched. */
    static final class Watch {
        private final long sentNanos;
        private final long deadlineNanos;
        private final Cancellable call;
        /** The client the call is made for; null for none (the proxy's own calls). */
        private final ClientPresence client;
        /** Touched by the sweeping thread only. */
        private boolean clientWatched;

        private Watch(long sentNanos, long deadlineNanos, Cancellable call, ClientPresence client) {
            this.sentNanos = sentNanos;
            this.deadlineNanos = deadlineNanos;
            this.call = call;
            this.client = client;
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
    /** True while the sweeper may sleep until woken: no call was in flight. */
    private volatile boolean idle;

    Watch watch(Duration timeout, Cancellable call, ClientPresence client) {
        long now = System.nanoTime();
        Watch w = new Watch(now, now + timeout.toNanos(), call, client);
        inFlight.add(w);
        Thread s = sweeper;
        if (s == null) startSweeper();
        else if (idle) LockSupport.unpark(s);
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
            idle = true; // before the look: a call added after it sees the flag and wakes this thread
            if (inFlight.isEmpty()) LockSupport.park(this);
            idle = false;
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(TICK_MS));
            try {
                sweep(System.nanoTime());
            } catch (Throwable t) {
                // Most likely an OutOfMemoryError while huge answers fill the heap: the next sweep tries again.
                // A sweeper that ended would leave every later call without a deadline.
            }
        }
    }

    private void sweep(long now) {
        for (Watch w : inFlight) {
            if (w.expiredAt(now)) {
                inFlight.remove(w);
                w.call.cancel(); // closes the connection: the waiting read fails at once
            } else if (!w.clientWatched && w.client != null && now - w.sentNanos >= TimeUnit.MILLISECONDS.toNanos(WATCH_AFTER_MS)) {
                w.clientWatched = true;
                w.client.watch();
            }
        }
    }
}
