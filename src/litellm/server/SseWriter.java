package litellm.server;

import jakarta.servlet.http.HttpServletResponse;
import litellm.anthropic.AnthropicError;
import litellm.callbacks.CallTrace;
import litellm.engine.ChunkSink;
import litellm.json.Json;
import litellm.error.LlmError;
import litellm.http.StreamEvent;
import litellm.openai.Endpoint;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes an OpenAI stream: {@code data: <chunk>} events, then {@code data: [DONE]}. Events are flushed when the
 * relay is about to wait for the upstream ({@link #flush()}), so what the upstream delivered at once goes out in one
 * write, and each event still as soon as it arrived. Headers go out with the first chunk, so an error before it can still be a
 * plain JSON error with its own status. A Responses API stream and an Anthropic one ({@link #of}) name each event by
 * its type ({@code event: response.output_text.delta}, {@code event: message_start}), as their SDKs need, and end
 * without {@code [DONE]}; each has its own error event.
 */
final class SseWriter implements ChunkSink {
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    /** The stream's API, which decides its event names, its end and its error event. */
    private enum Api { OPENAI, RESPONSES, ANTHROPIC }

    private final HttpServletResponse response;
    private final Api api;
    /** Its call's trace, written as LiteLLM's headers with the first event. */
    private final CallTrace trace;
    /** Events written: the next one's sequence_number in a Responses stream. */
    private int written;
    private OutputStream out;

    private SseWriter(HttpServletResponse response, Api api, CallTrace trace) {
        this.response = response;
        this.api = api;
        this.trace = trace;
    }

    /** The stream of an endpoint's answer, in that endpoint's API. */
    static SseWriter of(Endpoint endpoint, HttpServletResponse response, CallTrace trace) {
        return new SseWriter(response, endpoint == Endpoint.RESPONSES ? Api.RESPONSES : endpoint.anthropic() ? Api.ANTHROPIC : Api.OPENAI, trace);
    }

    boolean started() {
        return out != null;
    }

    @Override
    public void chunk(Map<String, Object> chunk) throws IOException {
        start();
        if (named()) name(String.valueOf(chunk.get("type")));
        out.write(DATA);
        out.write(Json.bytes(chunk));
        out.write(END);
    }

    /** An upstream event that is already an OpenAI chunk: its text goes out as it came, with no parse and no re-serialisation. */
    @Override
    public void unchanged(StreamEvent event) throws IOException {
        start();
        if (named()) name(event.getEvent() != null ? event.getEvent() : String.valueOf(event.map().get("type")));
        out.write(event.sse());
    }

    /** The events written so far leave now; nothing before the first (its status and headers are not sent yet). */
    @Override
    public void flush() throws IOException {
        if (out != null) out.flush();
    }

    /** The stream's end: what is left of it, OpenAI's {@code [DONE]} and the chunked body's end leave in one write. */
    void done() throws IOException {
        start();
        if (!named()) out.write(DONE);
        out.close();
    }

    /**
     * An error after the stream began: an error event in the stream's API, which the SDKs raise; the stream then ends.
     * OpenAI's is the error body as data; Anthropic's an {@code error} event with its error body; the Responses API's an
     * {@code error} event with OpenAI's documented fields (code, message, param) and, as OpenAI sends them, the same in
     * {@code error}, which is what the SDKs look for.
     */
    void error(LlmError error) throws IOException {
        Map<String, Object> body = switch (api) {
            case OPENAI -> error.body();
            case ANTHROPIC -> AnthropicError.body(error);
            case RESPONSES -> responsesError(error);
        };
        if (named()) name("error");
        out.write(DATA);
        out.write(Json.bytes(body));
        out.write(END);
        out.flush();
    }

    private Map<String, Object> responsesError(LlmError error) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "error");
        event.put("code", error.code());
        event.put("message", error.getMessage());
        event.put("param", error.param());
        event.put("error", error.body().get("error"));
        event.put("sequence_number", written);
        return event;
    }

    private boolean named() {
        return api != Api.OPENAI;
    }

    private void name(String type) throws IOException {
        written++;
        out.write(EVENT);
        out.write(type.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
    }

    private void start() throws IOException {
        if (out != null) return;
        response.setStatus(200);
        response.setContentType("text/event-stream; charset=utf-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no"); // reverse proxies must not hold chunks back
        LitellmHeaders.write(response, trace);
        out = response.getOutputStream();
    }
}
