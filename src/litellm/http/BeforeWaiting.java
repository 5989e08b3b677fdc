package litellm.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * An upstream body that runs a hook before each read that may wait for the network: a relay writes what the upstream
 * already delivered to its client without flushing each piece, and flushes in the hook, once, before it would wait.
 * A read that finds bytes already received ({@code available() > 0}) runs no hook. A decompressing stream's
 * {@code available()} says nothing of the network ({@code InflaterInputStream} answers 1 until its end), so for one
 * the hook runs before every read.
 */
public final class BeforeWaiting extends FilterInputStream {
    /** What runs before a read that may wait; its IOException is the read's. */
    @FunctionalInterface
    public interface Hook {
        void beforeWait() throws IOException;
    }

    private final Hook hook;
    private final boolean availableIsTrue;

    BeforeWaiting(InputStream in, Hook hook, boolean availableIsTrue) {
        super(in);
        this.hook = hook;
        this.availableIsTrue = availableIsTrue;
    }

    @Override
    public int read() throws IOException {
        mayWait();
        return super.read();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        mayWait();
        return super.read(buffer, offset, length);
    }

    private void mayWait() throws IOException {
        if (!availableIsTrue || in.available() <= 0) hook.beforeWait();
    }
}
