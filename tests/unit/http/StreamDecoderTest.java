package litellm.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stream decoder on the bytes an upstream sends, delivered whole and in pieces of every size (a piece may end
 * between a CR and its LF, or in a character's UTF-8 bytes): the same events either way.
 */
class StreamDecoderTest {
    private static final String SSE = ": keep-alive\r\n\r\n"
            + "data: {\"choices\":[{\"delta\":{\"content\":\"h\u00e9llo \u4e16\u754c\"}}]}\n\n"
            + "event: message_start\r\ndata:{\"type\":\"message_start\"}\r\n\r\n"
            + "event: ping\n\n"
            + "data: first\ndata: second\rdata:\r\n\r\n"
            + "id: 7\nretry: 10\ndata: [DONE]\n\n"
            + "data: {\"last\":true}"; // no end: a last line is a line

    @ParameterizedTest(name = "pieces of {0} bytes")
    @ValueSource(ints = {1, 2, 3, 7, 64, 100_000})
    void sseEventsAreTheSameWhateverPiecesTheBytesCameIn(int piece) throws IOException {
        List<StreamEvent> events = all(new StreamDecoder(pieces(SSE, piece), StreamFormat.SSE, 1 << 20));
        assertEquals(List.of("{\"choices\":[{\"delta\":{\"content\":\"h\u00e9llo \u4e16\u754c\"}}]}", "{\"type\":\"message_start\"}",
                "first\nsecond\n", "[DONE]", "{\"last\":true}"), events.stream().map(StreamEvent::getData).toList());
        assertEquals("message_start", events.get(1).getEvent());
        assertEquals(null, events.get(0).getEvent());
        assertTrue(events.get(3).dataIs("[DONE]"));
        assertFalse(events.get(0).dataIs("[DONE]"));
    }

    @Test
    void anEventRelayedUnchangedIsItsBytesFramedAsOpenAiSendsThem() throws IOException {
        String data = "{\"choices\":[{\"delta\":{\"content\":\"\u4e16\u754c\"}}]}";
        StreamEvent e = new StreamDecoder(pieces("data:" + data + "\r\n\r\n", 5), StreamFormat.SSE, 1 << 20).next();
        assertArrayEquals(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8), e.sse());
        assertTrue(e.isJsonObjectWithoutError());
        assertEquals(data, litellm.json.Json.text(e.getJson())); // parsed from the bytes, as the text it came as
        StreamEvent error = new StreamDecoder(pieces("data: {\"error\":{\"message\":\"x\"}}\n\n", 3), StreamFormat.SSE, 1 << 20).next();
        assertTrue(error.looksLikeJsonObject());
        assertFalse(error.isJsonObjectWithoutError());
        StreamEvent errorFinish = new StreamDecoder(pieces("data: {\"choices\":[{\"finish_reason\":\"error\"}]}\n\n", 4), StreamFormat.SSE, 1 << 20).next();
        assertFalse(errorFinish.isJsonObjectWithoutError()); // parsed, as any event that mentions an error
        StreamEvent quoted = new StreamDecoder(pieces("data: {\"content\":\"say \\\"error\\\"\"}\n\n", 4), StreamFormat.SSE, 1 << 20).next();
        assertTrue(quoted.isJsonObjectWithoutError(), quoted.getData()); // the word quoted inside a string is text
    }

    @Test
    void ndjsonLinesAreEventsAndBlankLinesAreNot() throws IOException {
        List<StreamEvent> events = all(new StreamDecoder(pieces("{\"a\":1}\n\n  \r\n {\"b\":2} \r\n{\"c\":3}", 2), StreamFormat.NDJSON, 1 << 20));
        assertEquals(List.of("{\"a\":1}", "{\"b\":2}", "{\"c\":3}"), events.stream().map(StreamEvent::getData).toList());
    }

    @Test
    void aLineOrAnEventLongerThanTheLimitEndsTheStream() {
        assertThrows(IOException.class, () -> all(new StreamDecoder(pieces("data: " + "x".repeat(5000) + "\n\n", 100), StreamFormat.SSE, 1000)));
        assertThrows(IOException.class, () -> all(new StreamDecoder(pieces("data: x\n".repeat(600) + "\n", 100), StreamFormat.SSE, 1000)));
        assertThrows(IOException.class, () -> all(new StreamDecoder(pieces("x".repeat(5000), 100), StreamFormat.NDJSON, 1000)));
    }

    private static List<StreamEvent> all(StreamDecoder decoder) throws IOException {
        List<StreamEvent> events = new ArrayList<>();
        for (StreamEvent e; (e = decoder.next()) != null; ) events.add(e);
        return events;
    }

    /** The text's UTF-8 bytes, at most {@code size} of them per read. */
    private static InputStream pieces(String text, int size) {
        return new FilterInputStream(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, size));
            }
        };
    }
}
