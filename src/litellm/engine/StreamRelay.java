package litellm.engine;

import litellm.callbacks.CallTrace;
import litellm.config.Settings;
import litellm.error.LlmError;
import litellm.http.BodyText;
import litellm.http.ClientPresence;
import litellm.http.StreamDecoder;
import litellm.http.StreamEvent;
import litellm.http.StreamFormat;
import litellm.http.UpstreamClient;
import litellm.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * The relay stage: reads the upstream's stream and hands each event, mapped by the provider script, to the client
 * as it arrives. An event already in OpenAI's format is passed on as the text it came as. The sink is flushed before
 * each read that would wait for the upstream, not after each event: what the upstream delivered at once reaches the
 * client in one write, and no event waits for the next. The stream's last events are left to the sink's end (with
 * OpenAI's {@code [DONE]} and the response's end, in one write), once the rest of the upstream's body (the end of its
 * chunked coding, which nearly always came with {@code [DONE]}) is read and its connection back in the pool.
 */
final class StreamRelay {
    private static final Logger log = LoggerFactory.getLogger(StreamRelay.class);

    private final UpstreamClient client;

    StreamRelay(UpstreamClient client) {
        this.client = client;
    }

    /** @param trace where the upstream's rate-limit headers go, before the first chunk (with the client's headers) */
    void relay(CallPlan p, Settings settings, ChunkSink sink, CallTrace trace) throws IOException {
        Sender.logRequest(p.provider(), p.request(), p.body(), settings);
        long start = System.nanoTime();
        UpstreamClient.Streaming s = client.open(p.request(), p.body(), p.remaining());
        InputStream body = null; // as the relay reads it, flushing the client before a read that would wait
        boolean ended = false;
        try {
            if (settings.debug()) log.info("{} answered {} in {} ms (stream)", p.provider(), s.status(), (System.nanoTime() - start) / 1_000_000);
            if (s.status() >= 300)
                throw UpstreamErrors.fromResponse(p.script(), p.call(), p.provider(), s.status(), s.body().readNBytes(PassThrough.HELD), s::header);
            notAStream(p, s);
            Sender.passOn(s.headers(), trace);
            body = s.body(() -> flush(sink));
            StreamDecoder decoder = new StreamDecoder(body, p.info().stream(), settings.maxResponseBytes());
            StreamEvent event;
            boolean any = false;
            while ((event = decoder.next()) != null) {
                any = true;
                if (event.dataIs("[DONE]")) break;
                emit(mapped(p, event), sink);
            }
            throwIfCut(p, s);
            ended = true;
            if (!any)
                throw new LlmError(502, "api_error", p.provider() + " answered a stream that holds no event (Content-Type: "
                        + s.header("content-type") + ")", null, "bad_upstream_stream", null);
        } catch (ClientWriteFailed e) {
            throw e.getCause();
        } catch (IOException e) {
            throwIfCut(p, s);
            throw UpstreamErrors.masked(LlmError.badGateway("the stream from " + p.provider() + " broke: " + UpstreamClient.describe(e)), p.call(), p.request());
        } catch (LlmError e) {
            throw UpstreamErrors.masked(e, p.call(), p.request());
        } finally {
            if (ended) s.finish(body); // what is left after [DONE]: the end of the chunked body
            else s.close();
        }
    }

    /** A stream the proxy cut itself, for its client that left or at its deadline (504): a read of it failed or ended early. */
    private static void throwIfCut(CallPlan p, UpstreamClient.Streaming s) {
        if (s.clientLeft()) throw ClientPresence.gone();
        if (s.expired()) throw UpstreamClient.timedOut(p.request(), p.timeout());
    }

    /**
     * A 502 before the stream starts when the upstream answered a page (text/html) or, where SSE was expected,
     * one JSON body (an error object, or a whole answer to a request for a stream) instead of a stream.
     */
    private static void notAStream(CallPlan p, UpstreamClient.Streaming s) throws IOException {
        String type = s.header("content-type");
        if (type == null) return;
        if (type.regionMatches(true, 0, "text/html", 0, 9)) {
            throw new LlmError(502, "api_error", p.provider() + " answered a web page (" + type + ") where a stream was expected: "
                    + BodyText.excerpt(s.body().readNBytes(4096)), null, "bad_upstream_stream", null);
        }
        if (p.info().stream() == StreamFormat.SSE && type.regionMatches(true, 0, "application/json", 0, 16)) {
            byte[] body = s.body().readNBytes(1 << 20);
            Object json;
            try {
                json = Json.parse(body);
            } catch (IOException e) {
                throw UpstreamErrors.notJson(p.provider(), body);
            }
            if (UpstreamErrors.isErrorObject(json))
                throw UpstreamErrors.fromResponse(p.script(), p.call(), p.provider(), s.status(), body, s::header);
            throw new LlmError(502, "api_error", p.provider() + " answered one JSON body (" + type + ") where a stream was expected: "
                    + BodyText.excerpt(body), null, "bad_upstream_stream", null);
        }
    }

    /**
     * What the provider script made of one event. An event it fails on, an NDJSON line that is no JSON object, or a
     * result that is no chunk, a list of them or null, is an event in a shape nobody expected: the stream ends with a 502.
     */
    private static Object mapped(CallPlan p, StreamEvent event) {
        if (p.info().stream() == StreamFormat.NDJSON && !event.looksLikeJsonObject()) throw UpstreamErrors.unreadable(p.provider(), event.getData(), null);
        Object out;
        try {
            out = p.script().streamEvent(p.call(), event);
        } catch (LlmError e) {
            throw e;
        } catch (RuntimeException e) {
            throw UpstreamErrors.unreadable(p.provider(), event.getData(), e);
        }
        if (out == null || out instanceof Map || out instanceof List || out instanceof StreamEvent) return out;
        throw UpstreamErrors.unreadable(p.provider(), event.getData(), null);
    }

    /** Chunks made whole (a cached answer, a script's own answer, a provider that cannot stream), sent as a stream. */
    static void emitAll(List<Map<String, Object>> chunks, ChunkSink sink) throws IOException {
        try {
            for (Map<String, Object> c : chunks) emit(c, sink);
        } catch (ClientWriteFailed e) {
            throw e.getCause();
        }
    }

    /** What a script's streamEvent() returned (an event, a chunk, a list of them or null), sent on. */
    private static void emit(Object out, ChunkSink sink) throws IOException {
        if (out == null) return;
        if (out instanceof List<?> list) {
            for (Object o : list) emit(o, sink);
            return;
        }
        if (out instanceof StreamEvent event) {
            // An event with no error, on one line (SSE framing), shaped as one JSON object, is relayed as the text it came as.
            if (event.looksLikeJsonObject() && !event.mentionsError()) {
                try {
                    sink.unchanged(event);
                } catch (IOException e) {
                    throw new ClientWriteFailed(e);
                }
                return;
            }
            if (!(event.getJson() instanceof Map)) // getJson() throws for text that is not JSON
                throw new LlmError(502, "api_error", "upstream sent a stream event that is not a JSON object: " + BodyText.excerpt(event.getData()),
                        null, "bad_upstream_stream", null);
        }
        Map<String, Object> chunk = out instanceof StreamEvent event ? event.map() : ScriptResults.map(out, "streamEvent");
        if (chunk.get("error") != null && chunk.get("choices") == null) throw UpstreamErrors.inStream(chunk.get("error"));
        try {
            sink.chunk(chunk);
        } catch (IOException e) {
            throw new ClientWriteFailed(e);
        }
    }

    private static void flush(ChunkSink sink) throws ClientWriteFailed {
        try {
            sink.flush();
        } catch (IOException e) {
            throw new ClientWriteFailed(e);
        }
    }

    /** A write to the client that failed, kept apart so that it is not mistaken for a broken upstream read. */
    private static final class ClientWriteFailed extends IOException {
        ClientWriteFailed(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }
}
