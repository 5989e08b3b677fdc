package litellm.callbacks;

import litellm.error.ClientGone;
import litellm.openai.Endpoint;
import litellm.error.LlmError;
import litellm.openai.StreamJoiner;
import litellm.routing.Deployment;
import litellm.http.Secrets;

import java.time.Instant;
import java.util.Map;

/**
 * A call on its way, for the callbacks: which deployment it went to, and how it ended.
 * {@link #NONE}, for a setup without callbacks, does nothing and keeps nothing.
 */
public final class LoggedCall {
    public static final LoggedCall NONE = new LoggedCall(null, null, null, null);

    private final Callbacks callbacks;
    private final Endpoint endpoint;
    private final Map<String, Object> request;
    private final CallTrace trace;
    private final Instant start = Instant.now();

    LoggedCall(Callbacks callbacks, Endpoint endpoint, Map<String, Object> request, CallTrace trace) {
        this.callbacks = callbacks;
        this.endpoint = endpoint;
        this.request = request;
        this.trace = trace;
    }

    public void succeeded(Map<String, Object> response) {
        if (callbacks != null) callbacks.succeeded(log(response, null, null, false));
    }

    /** A call the response cache answered. */
    public void cacheHit(Map<String, Object> response) {
        if (callbacks != null) callbacks.succeeded(log(response, null, null, true));
    }

    /** A stream that ended well: its chunks are the answer. */
    public void streamed(StreamJoiner answer) {
        if (callbacks != null) callbacks.succeeded(log(answer.response(), null, answer.firstChunk(), false));
    }

    /** @param partial what a stream sent before it failed; null for none */
    public void failed(RuntimeException e, StreamJoiner partial) {
        if (callbacks == null) return;
        LlmError error = Secrets.masked(e instanceof LlmError l ? l
                : e instanceof ClientGone gone ? gone.error()
                : LlmError.internal(e.toString())); // callbacks send it on (to Langfuse): the proxy's secrets masked
        boolean sent = partial != null && partial.firstChunk() != null;
        callbacks.failed(log(sent ? partial.response() : null, error, sent ? partial.firstChunk() : null, false));
    }

    private CallLog log(Map<String, Object> response, LlmError error, Instant firstChunk, boolean cacheHit) {
        Deployment d = trace.deployment();
        Object asked = request.get("model");
        return new CallLog(trace.id(), endpoint, d == null ? null : d.provider(), d == null ? null : d.model(),
                d != null ? d.modelName() : asked == null ? null : asked.toString(), d == null || d.apiBase() == null ? null : Secrets.maskUrl(d.apiBase()),
                request, response, error, start, Instant.now(), firstChunk, cacheHit, d == null ? null : d.prices(),
                d == null ? null : d.id(), asked == null ? null : asked.toString(), trace.attemptStart(), trace.upstreamHeaders(), trace.cacheKey(), trace.caller(),
                trace.traceContext());
    }
}
