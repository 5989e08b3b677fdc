package litellm.log;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lines written by a thread of their own, all that came in one write: the access lines', one per request. A request
 * only formats its line and queues it: queueing takes no lock and wakes nobody, where a blocking queue's hand-over
 * costs the request a system call and a context switch when the thread sleeps. The thread takes all that wait every
 * {@code every}, so a line waits at most that long; past {@code limit} waiting, lines are dropped, and that is said.
 * The log's stop writes what waits.
 */
final class BatchedAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    private static final Logger log = LoggerFactory.getLogger(BatchedAppender.class);

    private final OutputStreamAppender<ILoggingEvent> to;
    private final int limit;
    private final ConcurrentLinkedQueue<ILoggingEvent> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final RareWarning dropped = new RareWarning(1000);
    private final Thread thread;

    /** @param to where the lines go, unflushed until a batch is written */
    BatchedAppender(OutputStreamAppender<ILoggingEvent> to, Duration every, int limit) {
        this.to = to;
        this.limit = limit;
        this.thread = Thread.ofVirtual().name("access-log").start(() -> writeEvery(every));
    }

    @Override
    protected void append(ILoggingEvent line) {
        if (size.incrementAndGet() > limit) {
            size.decrementAndGet();
            if (dropped.due()) log.warn("access-log: {} wait, dropping ({} so far)", limit, dropped.count());
            return;
        }
        line.prepareForDeferredProcessing(); // its message and arguments as they are now, on the request's thread
        waiting.add(line);
    }

    @Override
    public void stop() {
        thread.interrupt();
        write();
        to.stop();
        super.stop();
    }

    private void writeEvery(Duration every) {
        while (true) {
            try {
                Thread.sleep(every);
            } catch (InterruptedException e) {
                return;
            }
            write();
        }
    }

    /** Writes every line queued until now, on this thread, and flushes them once; {@code to} reports a line it cannot write. */
    private synchronized void write() {
        ILoggingEvent line;
        boolean any = false;
        while ((line = waiting.poll()) != null) {
            size.decrementAndGet();
            any = true;
            to.doAppend(line);
        }
        if (any) flush();
    }

    private void flush() {
        try {
            to.getOutputStream().flush();
        } catch (IOException e) {
            addError("cannot flush the access lines", e);
        }
    }
}
