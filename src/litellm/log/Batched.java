package litellm.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Items handed from requests to a thread of their own, which takes all that wait every {@code every}: adding one
 * takes no lock and wakes nobody, where a blocking queue's hand-over costs the request a system call and a context
 * switch when the thread sleeps. Past {@code limit} waiting, items are dropped, and that is said. The access lines
 * go this way ({@link BatchedAppender}), a batch in one write.
 *
 * @param <T> what waits
 */
public final class Batched<T> {
    private static final Logger log = LoggerFactory.getLogger(Batched.class);

    private final String name;
    private final int limit;
    private final Consumer<T> each;
    private final Runnable afterBatch;
    private final ConcurrentLinkedQueue<T> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final RareWarning dropped = new RareWarning(1000);
    private final RareWarning failed = new RareWarning(1000);
    private final Thread thread;

    /**
     * @param each       what is done with each item, on the batches' thread (or a {@link #drain}er's)
     * @param afterBatch what is done once the items waiting are done (a flush)
     */
    public Batched(String name, Duration every, int limit, Consumer<T> each, Runnable afterBatch) {
        this.name = name;
        this.limit = limit;
        this.each = each;
        this.afterBatch = afterBatch;
        this.thread = Thread.ofVirtual().name(name).start(() -> drainEvery(every));
    }

    public void add(T item) {
        if (size.incrementAndGet() > limit) {
            size.decrementAndGet();
            if (dropped.due()) log.warn("{}: {} wait, dropping ({} so far)", name, limit, dropped.count());
            return;
        }
        waiting.add(item);
    }

    /** Does every item added until now, on this thread. */
    public synchronized void drain() {
        T item;
        boolean any = false;
        while ((item = waiting.poll()) != null) {
            size.decrementAndGet();
            any = true;
            try {
                each.accept(item);
            } catch (RuntimeException e) { // one odd item must not stop the others
                if (failed.due()) log.warn("{}: an item failed ({} so far): {}", name, failed.count(), e.toString());
            }
        }
        if (any) afterBatch.run();
    }

    /** Ends the thread, once it has done what waits. */
    public void stop() {
        thread.interrupt();
        drain();
    }

    private void drainEvery(Duration every) {
        while (true) {
            try {
                Thread.sleep(every);
            } catch (InterruptedException e) {
                return;
            }
            drain();
        }
    }
}
