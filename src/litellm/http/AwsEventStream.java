package litellm.http;

import litellm.json.Json;
import litellm.error.LlmError;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;
import software.amazon.awssdk.eventstream.MessageDecoder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * Reads AWS's binary event stream ({@code application/vnd.amazon.eventstream}: length-prefixed, CRC-checked
 * messages with typed headers) with the AWS SDK's decoder. Each event message becomes a {@link StreamEvent}
 * named by its {@code :event-type} with its payload as data; an exception or error message ends the stream as an
 * {@link LlmError} carrying the exception's name as code and its message.
 */
final class AwsEventStream {
    private final InputStream in;
    private final ArrayDeque<Message> decoded = new ArrayDeque<>();
    private final MessageDecoder decoder = new MessageDecoder(decoded::add);
    private final byte[] buffer = new byte[8192];

    AwsEventStream(InputStream in) {
        this.in = in;
    }

    StreamEvent next() throws IOException {
        while (decoded.isEmpty()) {
            int n = in.read(buffer);
            if (n < 0) return null;
            try {
                decoder.feed(buffer, 0, n);
            } catch (RuntimeException e) { // a CRC or length that does not add up
                throw new IOException("not a valid AWS event stream: " + e.getMessage(), e);
            }
        }
        Message m = decoded.poll();
        String payload = new String(m.getPayload(), StandardCharsets.UTF_8);
        String type = header(m, ":message-type");
        return switch (type == null ? "event" : type) {
            case "event" -> new StreamEvent(header(m, ":event-type"), payload);
            case "exception" -> throw error(header(m, ":exception-type"), messageOf(payload));
            default -> throw error(header(m, ":error-code"), header(m, ":error-message"));
        };
    }

    private static String header(Message m, String name) {
        HeaderValue v = m.getHeaders().get(name);
        return v == null ? null : v.getString();
    }

    private static String messageOf(String payload) {
        try {
            if (Json.parseObject(payload).get("message") instanceof String s) return s;
        } catch (IOException e) {
            // not JSON: the payload itself is the message
        }
        return payload;
    }

    /** The HTTP status AWS gives the same exception outside a stream. */
    static LlmError error(String name, String message) {
        String n = name == null ? "" : name.toLowerCase();
        int status = n.startsWith("throttling") || n.startsWith("modelnotready") ? 429
                : n.startsWith("validation") ? 400
                : n.startsWith("modeltimeout") ? 408
                : n.startsWith("modelstreamerror") || n.startsWith("modelerror") ? 424
                : n.startsWith("serviceunavailable") ? 503 : 500;
        return LlmError.upstream(status, message == null ? name : message, name, null);
    }
}
