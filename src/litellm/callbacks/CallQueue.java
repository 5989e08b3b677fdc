package litellm.callbacks;

import litellm.log.RareWarning;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What a callback has to send, queued, and the one thread that hands it on in batches: a call only queues, and never
 * waits for a callback. A full queue drops and says so. What is queued when the JVM stops is sent then.
 * <p>
 * After a batch the thread pauses {@link #PAUSE}: calls that arrive meanwhile queue without waking it (a hand-over to
 * a waiting thread costs the call a wake-up, and the thread a switch, each time), and go in the next batch. An idle
 * queue still hands its first item on at once.
 */
final class CallQueue<T> {
    private static final Logger log = LoggerFactory.getLogger(CallQueue.class);
    private static final int LIMIT = 10_000;
    private static final Duration PAUSE = Duration.ofMillis(10);
    private static final List<CallQueue<?>> QUEUES = new CopyOnWriteArrayList<>();

    /** Hands a batch on; {@code last} at shutdown, when a batch gets one try and nothing may hold the exit up. */
    interface Sender<T> {
        void send(List<T> batch, boolean last);
    }

    private final String name;
    private final int batchSize;
    private final Duration wait;
    private final Sender<T> sender;
    private final BlockingQueue<T> queue = new LinkedBlockingQueue<>(LIMIT);
    private final RareWarning dropped = new RareWarning(1000);
    /** Taken from the queue for the batch being made, where {@link #flush()} finds them too. */
    private final List<T> inHand = new ArrayList<>();

    /** @param wait how long a batch waits for more after its first item */
    CallQueue(String name, int batchSize, Duration wait, Sender<T> sender) {
        this.name = name;
        this.batchSize = batchSize;
        this.wait = wait;
        this.sender = sender;
        synchronized (QUEUES) {
            if (QUEUES.isEmpty()) Runtime.getRuntime().addShutdownHook(new Thread(CallQueue::flushAll, "callbacks-flush"));
            QUEUES.add(this);
        }
        Thread.ofVirtual().name(name).start(this::sendForever);
    }

    void offer(T item) {
        if (!queue.offer(item) && dropped.due()) log.warn("{}: queue full ({} waiting), dropping ({} so far)", name, LIMIT, dropped.count());
    }

    /** Sends what every queue holds now: at shutdown. */
    static void flushAll() {
        QUEUES.forEach(CallQueue::flush);
    }

    /** Sends what is queued now: at shutdown. */
    synchronized void flush() {
        sendInHand(true);
        while (queue.drainTo(inHand, batchSize) > 0) sendInHand(true);
    }

    private void sendForever() {
        while (true) {
            try {
                hold(queue.take());
                long until = System.nanoTime() + wait.toNanos();
                T next;
                while (held() < batchSize && (next = queue.poll(until - System.nanoTime(), TimeUnit.NANOSECONDS)) != null) hold(next);
                synchronized (this) {
                    sendInHand(false);
                }
                Thread.sleep(PAUSE);
            } catch (InterruptedException e) {
                return;
            } catch (Exception | Error e) { // never let the sender die (the queue would fill for good): the next batch may go through
                log.warn("{}: a batch was not sent: {}", name, e.toString());
            }
        }
    }

    private synchronized void hold(T item) {
        inHand.add(item);
    }

    private synchronized int held() {
        return inHand.size();
    }

    private void sendInHand(boolean last) {
        if (inHand.isEmpty()) return;
        List<T> batch = List.copyOf(inHand);
        inHand.clear();
        sender.send(batch, last);
    }
}
