package litellm.http;


import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads an upstream stream event by event, as the bytes arrive: Server-Sent Events
 * ({@code event:}/{@code data:} lines ended by a blank line), NDJSON (one JSON value a line)
 * or AWS's binary event stream ({@link AwsEventStream}, loaded only for it). An event is held whole, so one longer
 * than the limit ends the stream with an IOException (AWS's decoder has its own limit, 16 MB a message).
 * <p>
 * Lines are found in the bytes as they came, not decoded into text: an SSE event of one {@code data:} line (what
 * every LLM upstream sends) becomes a {@link StreamEvent} holding its bytes, which an OpenAI-format relay writes on
 * as they are. A line ends at LF, CR or CRLF.
 */
public final class StreamDecoder {
    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event".getBytes(StandardCharsets.US_ASCII);

    private final InputStream in;
    private final AwsEventStream aws;
    private final StreamFormat format;
    private final long maxEvent;
    /** Bytes read and not yet used: {@code buffer[start, end)}; the line being read begins at {@code start}. */
    private byte[] buffer = new byte[8192];
    private int start, end;
    /** The last line ended with CR: an LF that follows belongs to it. */
    private boolean skipLf;
    private boolean ended;

    /** @param maxEvent the longest event read, in bytes (general_settings.max_response_size_mb) */
    public StreamDecoder(InputStream in, StreamFormat format, long maxEvent) {
        boolean binary = format == StreamFormat.AWS_EVENTSTREAM;
        this.in = in;
        this.aws = binary ? new AwsEventStream(in) : null;
        this.format = format;
        this.maxEvent = maxEvent;
    }

    /** The next event, or null at the end of the stream. */
    public StreamEvent next() throws IOException {
        return switch (format) {
            case NDJSON -> nextLine();
            case AWS_EVENTSTREAM -> aws.next();
            default -> nextSse();
        };
    }

    private StreamEvent nextLine() throws IOException {
        while (readLine() >= 0) {
            String line = new String(buffer, lineStart, lineEnd - lineStart, StandardCharsets.UTF_8);
            if (!line.isBlank()) return new StreamEvent(null, line.strip());
        }
        return null;
    }

    /** The next SSE event; a one-line {@code data:} is copied once, framed as the relay writes it ({@link StreamEvent}). */
    private StreamEvent nextSse() throws IOException {
        String event = null;
        byte[] data = null;
        ByteArrayOutputStream lines = null; // only for an event whose data spans lines
        while (readLine() >= 0) {
            int from = lineStart, to = lineEnd;
            if (from == to) {
                if (data != null) return lines == null ? StreamEvent.framed(event, data) : new StreamEvent(event, lines.toString(StandardCharsets.UTF_8));
                event = null; // an event with no data (e.g. a bare "event: ping") is dispatched as nothing
                continue;
            }
            if (buffer[from] == ':') continue; // comment / keep-alive
            int colon = indexOf((byte) ':', from, to);
            int name = colon < 0 ? to : colon;
            int value = colon < 0 ? to : colon + 1 < to && buffer[colon + 1] == ' ' ? colon + 2 : colon + 1;
            if (is(DATA, from, name)) {
                if (data == null) {
                    data = StreamEvent.frame(buffer, value, to);
                } else {
                    if (lines == null) {
                        lines = new ByteArrayOutputStream();
                        lines.write(data, StreamEvent.FRAME_START, data.length - StreamEvent.FRAME_LENGTH);
                    }
                    lines.write('\n');
                    lines.write(buffer, value, to - value);
                    if (lines.size() > maxEvent) throw tooLong(maxEvent);
                }
            } else if (is(EVENT, from, name)) {
                event = new String(buffer, value, to - value, StandardCharsets.UTF_8);
            } // id, retry: not needed for relaying
        }
        if (data == null) return null;
        return lines == null ? StreamEvent.framed(event, data) : new StreamEvent(event, lines.toString(StandardCharsets.UTF_8));
    }

    private boolean is(byte[] field, int from, int to) {
        return to - from == field.length && Arrays.equals(buffer, from, to, field, 0, field.length);
    }

    private int indexOf(byte b, int from, int to) {
        for (int i = from; i < to; i++) if (buffer[i] == b) return i;
        return -1;
    }

    /** The line {@link #readLine()} found: {@code buffer[lineStart, lineEnd)}, without its end. */
    private int lineStart, lineEnd;

    /**
     * Finds the next line in the buffer, reading more as needed; -1 at the stream's end (a last line without an end
     * is a line). A line longer than the limit fails: it would otherwise be gathered whole, however long.
     */
    private int readLine() throws IOException {
        int i = start;
        while (true) {
            if (skipLf && i == start && i < end) { // an LF right after a CR: the end of the same line
                skipLf = false;
                if (buffer[i] == '\n') start = ++i;
            }
            for (; i < end; i++) {
                byte b = buffer[i];
                if (b == '\n' || b == '\r') {
                    lineStart = start;
                    lineEnd = i;
                    start = i + 1;
                    skipLf = b == '\r';
                    return lineEnd - lineStart;
                }
            }
            if (end - start > maxEvent) throw tooLong(maxEvent);
            int scanned = i - start;
            if (ended || !fill()) {
                ended = true;
                if (start == end) return -1;
                lineStart = start;
                lineEnd = end;
                start = end;
                return lineEnd - lineStart;
            }
            i = start + scanned;
        }
    }

    /** Reads more bytes after those not yet used, moving or growing the buffer as needed; false at the end. */
    private boolean fill() throws IOException {
        if (start > 0) { // what was used makes room
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buffer.length) buffer = Arrays.copyOf(buffer, (int) Math.min(Math.max(buffer.length * 2L, 1), Integer.MAX_VALUE - 8));
        int n = in.read(buffer, end, buffer.length - end);
        if (n < 0) return false;
        end += n;
        return true;
    }

    private static IOException tooLong(long max) {
        return new IOException("an event of the stream is longer than " + BodyText.megabytes(max) + " MB (general_settings.max_response_size_mb)");
    }
}
