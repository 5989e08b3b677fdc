package litellm.cli;

import litellm.http.Secrets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;

/**
 * The log's way out: every line written to standard error or output (the proxy's log, Jetty's, Jedis's, a stack
 * trace, a config error, the access lines) leaves with the proxy's known secrets masked ({@link Secrets#maskKnown}).
 * Whole lines are masked, so a secret is never split between two writes. Per request, only the access line is
 * written, by the log's own thread.
 */
final class MaskedOutput extends OutputStream {
    private final PrintStream out;
    private final Charset charset;
    /** The size of buffer a line may leave behind. */
    private static final int KEPT = 64 * 1024;
    private ByteArrayOutputStream line = new ByteArrayOutputStream();

    private MaskedOutput(PrintStream out) {
        this.out = out;
        this.charset = out.charset();
    }

    /** Standard error and standard output, masked from now on: the log writes to both. */
    static void install() {
        PrintStream err = System.err, out = System.out;
        System.setErr(new PrintStream(new MaskedOutput(err), true, err.charset()));
        System.setOut(new PrintStream(new MaskedOutput(out), true, out.charset()));
    }

    @Override
    public synchronized void write(int b) {
        line.write(b);
        if (b == '\n') emit();
    }

    @Override
    public synchronized void write(byte[] bytes, int off, int len) {
        int from = off;
        for (int i = off; i < off + len; i++) {
            if (bytes[i] != '\n') continue;
            line.write(bytes, from, i + 1 - from);
            emit();
            from = i + 1;
        }
        line.write(bytes, from, off + len - from);
    }

    /** What is written so far goes out, a line cut short included (a prompt, a flush before a long wait). */
    @Override
    public synchronized void flush() {
        emit();
        out.flush();
    }

    private void emit() {
        if (line.size() == 0) return;
        String text = line.toString(charset);
        String masked = Secrets.maskKnown(text);
        byte[] bytes = masked.equals(text) ? line.toByteArray() : masked.getBytes(charset);
        out.write(bytes, 0, bytes.length);
        // a long line (a --debug request with a large body) does not keep its buffer
        line = line.size() > KEPT ? new ByteArrayOutputStream() : line;
        line.reset();
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
