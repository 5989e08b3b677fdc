package litellm.server;

import jakarta.servlet.http.HttpServletResponse;
import litellm.anthropic.AnthropicError;
import litellm.engine.ChunkSink;
import litellm.json.Json;
import litellm.error.LlmError;
import litellm.http.StreamEvent;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes an OpenAI stream: {@code data: <chunk>} events, each flushed as it is written, then
 * {@code data: [DONE]}. Headers go out with the first chunk, so an error before it can still be a
 * plain JSON error with its own status. An Anthropic stream ({@link #anthropic}) names each event after its type
 * ({@code event: message_start}), as Anthropic's SDKs need, has no [DONE], and ends on an {@code event: error}.
 */
final class SseWriter implements ChunkSink {
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LINE = "\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final HttpServletResponse response;
    private final boolean anthropic;
    private OutputStream out;

    SseWriter(HttpServletResponse response) {
        this(response, false);
    }

    SseWriter(HttpServletResponse response, boolean anthropic) {
        this.response = response;
        this.anthropic = anthropic;
    }

    boolean started() {
        return out != null;
    }

    @Override
    public void chunk(Map<String, Object> chunk) throws IOException {
        start();
        if (anthropic) name(chunk.get("type"));
        out.write(DATA);
        out.write(Json.bytes(chunk));
        out.write(END);
        out.flush();
    }

    /** An upstream event that is already an OpenAI chunk: its text goes out as it came, with no parse and no re-serialisation. */
    @Override
    public void unchanged(StreamEvent event) throws IOException {
        start();
        if (anthropic) name(event.getEvent() != null ? event.getEvent() : event.map().get("type"));
        out.write(DATA);
        out.write(event.getData().getBytes(StandardCharsets.UTF_8));
        out.write(END);
        out.flush();
    }

    void done() throws IOException {
        start();
        if (!anthropic) out.write(DONE);
        out.flush();
    }

    /** An error after the stream began: an error event in the stream's API, which the SDKs raise; the stream then ends. */
    void error(LlmError error) throws IOException {
        if (anthropic) name("error");
        out.write(DATA);
        out.write(Json.bytes(anthropic ? AnthropicError.body(error) : error.body()));
        out.write(END);
        out.flush();
    }

    private void name(Object type) throws IOException {
        out.write(EVENT);
        out.write(String.valueOf(type).getBytes(StandardCharsets.UTF_8));
        out.write(LINE);
    }

    private void start() throws IOException {
        if (out != null) return;
        response.setStatus(200);
        response.setContentType("text/event-stream; charset=utf-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no"); // reverse proxies must not hold chunks back
        out = response.getOutputStream();
    }
}
