package litellm.engine;

import litellm.error.LlmError;
import litellm.http.BodyText;
import litellm.json.Json;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Answers longer than {@link Sender} reads whole that the proxy must change, cache or log: parsed as they arrive, no
 * copy of their bytes held, each up to general_settings.max_response_size_mb (past it, a 502). Parsed, an answer takes
 * two to five times its size of heap, so the bytes of those parsed at once share a budget: past it a call fails at
 * once with a 503 a client retries, where otherwise every call would slow down while the collector ran all the time,
 * and some would fail only after many seconds. An answer alone may take more, up to a quarter of the heap.
 */
final class LongAnswers {
    /** A twelfth of the heap, 42 MB for the 512 MB heap: parsed, such answers keep the proxy's RSS under 400 MB. */
    private static final long BUDGET = Runtime.getRuntime().maxMemory() / 12;
    /** What one answer parsed alone may take: 128 MB for the 512 MB heap, more than max_response_size_mb's default. */
    private static final long ALONE = Runtime.getRuntime().maxMemory() / 4;
    private static final AtomicLong HELD = new AtomicLong();

    private LongAnswers() {}

    /**
     * An answer longer than what is read whole, parsed as it arrives (no copy of its bytes is held): at most {@code max}
     * bytes, counted in the budget while it is parsed: all at once when the upstream said its length (so that
     * of calls arriving together, the first ones are served whole), else as they arrive.
     */
    static Object parse(String provider, byte[] first, InputStream rest, long length, long max) throws IOException {
        if (first.length > max || length > max) throw tooLong(provider, max);
        take(length >= 0 ? length : first.length, 0);
        AtMost limited = new AtMost(rest, max - first.length, length < 0 ? first.length : -1);
        try {
            return Json.parse(new SequenceInputStream(new ByteArrayInputStream(first), limited));
        } catch (IOException e) {
            if (limited.exceeded) throw tooLong(provider, max);
            if (limited.refused != null) throw limited.refused;
            if (limited.failed != null) throw limited.failed; // the upstream's connection, not the JSON
            throw UpstreamErrors.notJson(provider, first);
        } finally {
            give((length >= 0 ? length : first.length) + limited.taken);
        }
    }

    private static LlmError tooLong(String provider, long max) {
        return new LlmError(502, "api_error", provider + " answered with more than " + BodyText.megabytes(max)
                + " MB, more than the proxy reads of an answer it has to change, cache or log (general_settings.max_response_size_mb)",
                null, "response_too_large", null);
    }

    /**
     * A body read up to a limit, its bytes counted in the budget: past either, reads fail. Remembers why a read
     * failed, as the JSON parser's error hides it.
     */
    private static final class AtMost extends FilterInputStream {
        private long left;
        private final long first;
        long taken;
        boolean exceeded;
        IOException failed;
        LlmError refused;

        /** @param first the bytes of the answer counted in the budget before these, or -1 when all were (these are not counted) */
        AtMost(InputStream in, long limit, long first) {
            super(in);
            this.left = limit;
            this.first = first;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n;
            try {
                n = super.read(buffer, offset, (int) Math.min(length, left + 1));
            } catch (IOException e) {
                failed = e;
                throw e;
            }
            if (n > 0 && (left -= n) < 0) {
                exceeded = true;
                throw new IOException("over the limit");
            }
            if (n > 0 && first >= 0) count(n);
            return n;
        }

        private void count(int n) throws IOException {
            try {
                LongAnswers.take(n, first + taken);
                taken += n;
            } catch (LlmError e) {
                refused = e;
                throw new IOException("over the budget");
            }
        }
    }

    /**
     * Counts {@code bytes} more of an answer being parsed, of which {@code mine} were counted already; a 503 when the
     * budget has no room for them, or, for an answer parsed alone, when it is more than {@link #ALONE}.
     */
    private static void take(long bytes, long mine) {
        long before = HELD.getAndAdd(bytes);
        if (before + bytes <= BUDGET || before == mine && mine + bytes <= ALONE) return;
        HELD.addAndGet(-bytes);
        throw LlmError.unavailable((before == mine ? "the answer is longer than the proxy's heap parses (" + BodyText.megabytes(ALONE) + " MB)"
                : "the proxy is parsing more long answers at once than its heap holds (" + BodyText.megabytes(BUDGET) + " MB of them); retry it")
                + ", or give the proxy a larger heap: ./jbang --java-options=-Xmx2g litellm.java ...", "out_of_memory");
    }

    private static void give(long bytes) {
        HELD.addAndGet(-bytes);
    }
}
