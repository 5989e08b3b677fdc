package litellm.http;


import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads an upstream stream event by event, as the bytes arrive: Server-Sent Events
 * ({@code event:}/{@code data:} lines ended by a blank line), NDJSON (one JSON value a line)
 * or AWS's binary event stream ({@link AwsEventStream}, loaded only for it).
 */
public final class StreamDecoder {
    private final BufferedReader reader;
    private final AwsEventStream aws;
    private final StreamFormat format;

    public StreamDecoder(InputStream in, StreamFormat format) {
        boolean binary = format == StreamFormat.AWS_EVENTSTREAM;
        this.reader = binary ? null : new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 8192);
        this.aws = binary ? new AwsEventStream(in) : null;
        this.format = format;
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
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                default -> { } // id, retry: not needed for relaying
            }
        }
        return data != null ? new StreamEvent(event, data.toString()) : null;
    }
}
