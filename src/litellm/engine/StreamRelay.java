package litellm.engine;

import litellm.config.Settings;
import litellm.error.LlmError;
import litellm.http.StreamDecoder;
import litellm.http.StreamEvent;
import litellm.http.UpstreamClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The relay stage: reads the upstream's stream and hands each event, mapped by the provider script, to the client
 * as it arrives. An event already in OpenAI's format is passed on as the text it came as.
 */
final class StreamRelay {
    private static final Logger log = LoggerFactory.getLogger(StreamRelay.class);

    private final UpstreamClient client;

    StreamRelay(UpstreamClient client) {
        this.client = client;
    }

    void relay(CallPlan p, Settings settings, ChunkSink sink) throws IOException {
        Sender.logRequest(p.provider(), p.request(), p.body(), settings);
        long start = System.nanoTime();
        UpstreamClient.Streaming s = client.open(p.request(), p.body(), p.remaining());
        boolean done = false;
        try {
            if (settings.debug()) log.info("{} answered {} in {} ms (stream)", p.provider(), s.status(), (System.nanoTime() - start) / 1_000_000);
            if (s.status() >= 300)
                throw UpstreamErrors.fromResponse(p.script(), p.call(), p.provider(), s.status(), s.body().readAllBytes(), s::header);
            StreamDecoder decoder = new StreamDecoder(s.body(), p.info().stream());
            StreamEvent event;
            while ((event = decoder.next()) != null) {
                if (event.getData().equals("[DONE]")) {
                    done = true;
                    break;
                }
                emit(p.script().streamEvent(p.call(), event), sink);
            }
            if (s.expired()) throw UpstreamClient.timedOut(p.request(), p.timeout());
        } catch (ClientWriteFailed e) {
            throw e.getCause();
        } catch (IOException e) {
            if (s.expired()) throw UpstreamClient.timedOut(p.request(), p.timeout());
            throw LlmError.badGateway("the stream from " + p.provider() + " broke: " + UpstreamClient.describe(e));
        } finally {
            if (done) s.finishInBackground();
            else s.close();
        }
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
        // An event with no error and on one line (SSE framing) is relayed as the text it came as.
        if (out instanceof StreamEvent event && !event.getData().contains("\"error\"") && event.getData().indexOf('\n') < 0) {
            try {
                sink.unchanged(event);
            } catch (IOException e) {
                throw new ClientWriteFailed(e);
            }
            return;
        }
        Map<String, Object> chunk = out instanceof StreamEvent event ? event.map() : ScriptResults.map(out, "streamEvent");
        if (chunk.get("error") != null && chunk.get("choices") == null) throw UpstreamErrors.inStream(chunk.get("error"));
        try {
            sink.chunk(chunk);
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
