package litellm.callbacks;

import litellm.log.RareWarning;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Finished calls waiting to be counted (the Prometheus metrics'): a call adds itself without a lock and without
 * waking anyone, which {@link CallQueue}'s hand-over would cost it (a few microseconds each); a thread takes them all
 * every {@link #EVERY}, and a reader that needs them counted now {@link #drain}s. Past {@link #LIMIT} waiting, calls are
 * dropped, and that is said.
 */
final class PendingCalls {
    private static final Logger log = LoggerFactory.getLogger(PendingCalls.class);
    private static final int LIMIT = 100_000;
    private static final Duration EVERY = Duration.ofMillis(250);

    private final String name;
    private final Consumer<CallLog> count;
    private final ConcurrentLinkedQueue<CallLog> calls = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final RareWarning dropped = new RareWarning(1000);
    private final RareWarning failed = new RareWarning(1000);

    PendingCalls(String name, Consumer<CallLog> count) {
        this.name = name;
        this.count = count;
        Thread.ofVirtual().name(name).start(this::drainForever);
    }

    void add(CallLog call) {
        if (size.incrementAndGet() > LIMIT) {
            size.decrementAndGet();
            if (dropped.due()) log.warn("{}: {} calls wait to be counted, dropping ({} so far)", name, LIMIT, dropped.count());
            return;
        }
        calls.add(call);
    }

    /** Counts every call added until now, on this thread. */
    synchronized void drain() {
        CallLog call;
        while ((call = calls.poll()) != null) {
            size.decrementAndGet();
            try {
                count.accept(call);
            } catch (RuntimeException e) { // one odd call must not stop the counting of the others
                if (failed.due()) log.warn("{}: a call could not be counted ({} so far): {}", name, failed.count(), e.toString());
            }
        }
    }

    private void drainForever() {
        while (true) {
            try {
                Thread.sleep(EVERY);
            } catch (InterruptedException e) {
                return;
            }
            drain();
        }
    }
}
