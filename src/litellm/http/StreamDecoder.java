package litellm.http;


import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads an upstream stream event by event, as the bytes arrive: Server-Sent Events
 * ({@code event:}/{@code data:} lines ended by a blank line), NDJSON (one JSON value a line)
 * or AWS's binary event stream ({@link AwsEventStream}, loaded only for it). An event is held whole, so one longer
 * than the limit ends the stream with an IOException (AWS's decoder has its own limit, 16 MB a message).
 */
public final class StreamDecoder {
    private final BufferedReader reader;
    private final AwsEventStream aws;
    private final StreamFormat format;
    private final long maxEvent;

    /** @param maxEvent the longest event read, in bytes (general_settings.max_response_size_mb) */
    public StreamDecoder(InputStream in, StreamFormat format, long maxEvent) {
        boolean binary = format == StreamFormat.AWS_EVENTSTREAM;
        this.reader = binary ? null : new BufferedReader(new InputStreamReader(new LinesAtMost(in, maxEvent), StandardCharsets.UTF_8), 8192);
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
        String line;
        while ((line = reader.readLine()) != null) {
            if (!line.isBlank()) return new StreamEvent(null, line.strip());
        }
        return null;
    }

    private StreamEvent nextSse() throws IOException {
        String event = null;
        StringBuilder data = null;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) return new StreamEvent(event, data.toString());
                event = null; // an event with no data (e.g. a bare "event: ping") is dispatched as nothing
                continue;
            }
            if (line.startsWith(":")) continue; // comment / keep-alive
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) value = value.substring(1);
            switch (field) {
                case "event" -> event = value;
                case "data" -> {
                    data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                    if (data.length() > maxEvent) throw tooLong(maxEvent); // in characters: at least as many bytes
                }
                default -> { } // id, retry: not needed for relaying
            }
        }
        return data != null ? new StreamEvent(event, data.toString()) : null;
    }

    private static IOException tooLong(long max) {
        return new IOException("an event of the stream is longer than " + BodyText.megabytes(max) + " MB (general_settings.max_response_size_mb)");
    }

    /** The stream's bytes, failing once a line passes the limit: BufferedReader would gather an endless line whole. */
    private static final class LinesAtMost extends FilterInputStream {
        private final long max;
        private long line;

        LinesAtMost(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            for (int i = offset; i < offset + n; i++) count(buffer[i]);
            return n;
        }

        private void count(int b) throws IOException {
            if (b == '\n' || b == '\r') line = 0;
            else if (++line > max) throw tooLong(max);
        }
    }
}
