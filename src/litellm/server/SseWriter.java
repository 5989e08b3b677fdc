package litellm.server;

import jakarta.servlet.http.HttpServletResponse;
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
 * plain JSON error with its own status.
 */
final class SseWriter implements ChunkSink {
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final HttpServletResponse response;
    private OutputStream out;

    SseWriter(HttpServletResponse response) {
        this.response = response;
    }

    boolean started() {
        return out != null;
    }

    @Override
    public void chunk(Map<String, Object> chunk) throws IOException {
        start();
        out.write(DATA);
        out.write(Json.bytes(chunk));
        out.write(END);
        out.flush();
    }

    /** An upstream event that is already an OpenAI chunk: its text goes out as it came, with no parse and no re-serialisation. */
    @Override
    public void unchanged(StreamEvent event) throws IOException {
        start();
        out.write(DATA);
        out.write(event.getData().getBytes(StandardCharsets.UTF_8));
        out.write(END);
        out.flush();
    }

    void done() throws IOException {
        start();
        out.write(DONE);
        out.flush();
    }

    /** An error after the stream began: an OpenAI error event, which the SDKs raise; the stream then ends. */
    void error(LlmError error) throws IOException {
        out.write(DATA);
        out.write(Json.bytes(error.body()));
        out.write(END);
        out.flush();
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
