package litellm.callbacks;

import litellm.LiteLLM;
import litellm.LiteLLM.ChunkSink;
import litellm.openai.Endpoint;
import litellm.openai.LlmError;
import litellm.provider.StreamEvent;
import litellm.routing.Deployment;
import litellm.upstream.Secrets;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A call on its way, for the callbacks: which deployment it went to, its stream's chunks, and how it ended.
 * {@link #NONE}, for a setup without callbacks, does nothing and keeps nothing.
 */
public final class LoggedCall {
    public static final LoggedCall NONE = new LoggedCall(null, null, null);

    private final Callbacks callbacks;
    private final Endpoint endpoint;
    private final Map<String, Object> request;
    private final Instant start = Instant.now();
    private volatile Deployment deployment;
    private volatile Instant firstChunk;
    private StreamedAnswer streamed;

    LoggedCall(Callbacks callbacks, Endpoint endpoint, Map<String, Object> request) {
        this.callbacks = callbacks;
        this.endpoint = endpoint;
        this.request = request;
    }

    /** The deployment being tried; the last one tried is the one logged. */
    public void tried(Deployment d) {
        if (callbacks != null) deployment = d;
    }

    /** {@code sink}, watched: the chunks it is sent make up the answer that is logged. */
    public ChunkSink watch(ChunkSink sink) {
        if (callbacks == null) return sink;
        streamed = new StreamedAnswer();
        return new ChunkSink() {
            @Override
            public void chunk(Map<String, Object> chunk) throws IOException {
                seen(chunk);
                sink.chunk(chunk);
            }

            @Override
            public void unchanged(StreamEvent event) throws IOException {
                seen(event.map());
                sink.unchanged(event);
            }
        };
    }

    private void seen(Map<String, Object> chunk) {
        if (firstChunk == null) firstChunk = Instant.now();
        streamed.add(chunk);
    }

    public void succeeded(Map<String, Object> response) {
        if (callbacks != null) callbacks.succeeded(log(response, null));
    }

    /** A stream that ended well: its chunks are the answer. */
    public void streamed() {
        if (callbacks != null) callbacks.succeeded(log(streamed.response(), null));
    }

    public void failed(RuntimeException e) {
        if (callbacks == null) return;
        LlmError error = e instanceof LlmError l ? l
                : e instanceof LiteLLM.ClientGone ? new LlmError(499, "client_closed_request", "the client left before the answer was complete: " + e.getMessage(), null, null, null)
                : LlmError.internal(e.getClass().getSimpleName() + ": " + e.getMessage());
        callbacks.failed(log(streamed != null && firstChunk != null ? streamed.response() : null, error));
    }

    private CallLog log(Map<String, Object> response, LlmError error) {
        Deployment d = deployment;
        Object asked = request.get("model");
        return new CallLog(UUID.randomUUID().toString(), endpoint, d == null ? null : d.model(),
                d != null ? d.modelName() : asked == null ? null : asked.toString(), d == null || d.apiBase() == null ? null : Secrets.maskUrl(d.apiBase()),
                request, response, error, start, Instant.now(), firstChunk);
    }
}
