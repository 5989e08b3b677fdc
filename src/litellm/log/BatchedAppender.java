package litellm.log;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;

import java.time.Duration;

/**
 * Lines written by a thread of their own ({@link Batched}), all that came in one write: the access lines', one per
 * request. A request only formats its line and queues it. A line waits at most {@code every} to be written; the
 * log's stop writes what waits.
 */
final class BatchedAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    private final OutputStreamAppender<ILoggingEvent> to;
    private final Batched<ILoggingEvent> lines;

    /** @param to where the lines go, unflushed until a batch is written */
    BatchedAppender(OutputStreamAppender<ILoggingEvent> to, Duration every, int limit) {
        this.to = to;
        this.lines = new Batched<>("access-log", every, limit, to::doAppend, this::flush);
    }

    @Override
    protected void append(ILoggingEvent line) {
        line.prepareForDeferredProcessing(); // its message and arguments as they are now, on the request's thread
        lines.add(line);
    }

    private void flush() {
        try {
            to.getOutputStream().flush();
        } catch (java.io.IOException e) {
            addError("cannot flush the access lines", e);
        }
    }

    @Override
    public void stop() {
        lines.stop();
        to.stop();
        super.stop();
    }
}
