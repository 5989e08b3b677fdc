package litellm.engine;

import litellm.callbacks.CallTrace;
import litellm.config.Settings;
import litellm.error.ClientGone;
import litellm.error.LlmError;
import litellm.http.ClientPresence;
import litellm.http.UpstreamClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The relay of an answer that is bytes (speech's audio): the upstream's content type, then its bytes, passed to the
 * client as they arrive, so playback starts before the audio is complete and the proxy holds none of it.
 */
final class BinaryRelay {
    private static final int BUFFER = 16 * 1024;

    private final UpstreamClient client;

    BinaryRelay(UpstreamClient client) {
        this.client = client;
    }

    /** @return what the callbacks log as the answer: its content type and size */
    Map<String, Object> relay(CallPlan p, Settings settings, BinarySink sink, CallTrace trace) {
        Sender.logRequest(p.provider(), p.request(), p.body(), settings);
        UpstreamClient.Streaming s = client.open(p.request(), p.body(), p.remaining());
        boolean whole = false;
        try {
            if (s.status() >= 300)
                throw UpstreamErrors.fromResponse(p.script(), p.call(), p.provider(), s.status(), s.body().readAllBytes(), s::header);
            String type = s.header("content-type");
            if (type != null && type.toLowerCase().startsWith("application/json")) // an error object with a success status
                throw UpstreamErrors.fromResponse(p.script(), p.call(), p.provider(), 502, s.body().readAllBytes(), s::header);
            Sender.passOn(s.headers(), trace);
            long size = copy(s.body(), sink.start(type == null ? "application/octet-stream" : type));
            whole = true;
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("content_type", type);
            answer.put("size", size);
            return answer;
        } catch (IOException e) { // reading the upstream failed: the deadline, the client that left, or the upstream
            if (s.clientLeft()) throw ClientPresence.gone();
            if (s.expired()) throw UpstreamClient.timedOut(p.request(), p.timeout());
            throw UpstreamErrors.masked(LlmError.badGateway(p.provider() + "'s audio broke off: " + UpstreamClient.describe(e)), p.call(), p.request());
        } catch (LlmError e) {
            throw UpstreamErrors.masked(e, p.call(), p.request());
        } finally {
            if (!whole) s.close();
            else s.finish(s.body());
        }
    }

    /** Each read passed on and flushed at once; a failed write is the client gone, a failed read the upstream's. */
    private static long copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long size = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            if (n == 0) continue;
            try {
                out.write(buffer, 0, n);
                out.flush();
            } catch (IOException e) {
                throw new ClientGone(e);
            }
            size += n;
        }
        return size;
    }
}
