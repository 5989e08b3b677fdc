package litellm.engine;

import litellm.cache.ResponseCache;
import litellm.callbacks.LoggedCall;
import litellm.error.ClientGone;
import litellm.error.LlmError;
import litellm.json.Json;
import litellm.json.ObjectScan;
import litellm.openai.Endpoint;
import litellm.provider.Call;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A long answer passed to the client as it arrives, in bounded buffers, instead of being held whole and parsed
 * (a 50 MB answer held took 400 MB of heap). Only an answer the proxy would not change goes this way: its provider's
 * script has no response hook (its upstream speaks OpenAI's format, as openai.groovy's does), no callback, budget
 * or cache wants the answer, and the proxy converts nothing in it ({@code <think>} tags, floats to base64).
 * The bytes are checked as they pass ({@link ObjectScan}), and the last buffer is held back until the end is
 * checked: a body cut short or that is not one JSON object reaches the client broken (its connection closed),
 * never as a whole answer.
 */
final class PassThrough {
    /** An answer up to this long is read whole and parsed, as nearly all are; a longer one may pass through. */
    static final int HELD = 1 << 20;
    private static final int BUFFER = 64 << 10;

    /** What the router counts of an answer passed through: its usage, when the upstream sent one. */
    record Passed(Map<String, Object> answer) {}

    private PassThrough() {}

    /** Whether this call's answer may pass through, as far as the request and the setup tell: nothing in the proxy wants it. */
    static boolean allowed(Endpoint endpoint, Map<String, Object> request, LoggedCall logged, ResponseCache.Lookup cached) {
        return logged == LoggedCall.NONE && !cached.writes()
                && !(endpoint == Endpoint.EMBEDDINGS && "base64".equals(request.get("encoding_format")));
    }

    /** Whether an answer that starts with {@code start} may pass through: the start of an object, and no reasoning in tags to move. */
    static boolean fits(Call call, byte[] start) {
        ObjectScan scan = new ObjectScan("usage");
        scan.scan(start, 0, start.length);
        return !scan.broken() && !(call.isChat() && new String(start, StandardCharsets.ISO_8859_1).contains("<think>"));
    }

    /** Sends {@code start}, then the rest as it arrives, to {@code sink}; the upstream's usage for the router. */
    static Passed copy(String provider, byte[] start, InputStream rest, long length, BodySink sink) throws IOException {
        ObjectScan scan = new ObjectScan("usage");
        scan.scan(start, 0, start.length);
        OutputStream out = toClient(() -> sink.start(length));
        byte[] held = start, next = new byte[BUFFER];
        int heldLength = start.length, n;
        while ((n = rest.read(next)) >= 0) {
            scan.scan(next, 0, n);
            if (scan.broken()) throw notOneObject(provider);
            byte[] sent = held;
            write(out, held, heldLength);
            held = next;
            heldLength = n;
            next = sent.length == BUFFER ? sent : new byte[BUFFER];
        }
        if (!scan.whole()) throw notOneObject(provider);
        write(out, held, heldLength);
        toClient(() -> {
            out.close();
            return null;
        });
        return new Passed(usage(scan.kept()));
    }

    private static Map<String, Object> usage(byte[] json) {
        try {
            return json == null ? Map.of() : Map.of("usage", Json.parse(json));
        } catch (IOException e) {
            return Map.of(); // the answer is the client's already; only the router's token count goes without
        }
    }

    private static LlmError notOneObject(String provider) {
        return new LlmError(502, "api_error", provider + " answered a body that is not one JSON object, or is cut short; the client's copy was cut",
                null, "bad_upstream_response", null);
    }

    private static void write(OutputStream out, byte[] bytes, int length) {
        toClient(() -> {
            out.write(bytes, 0, length);
            return null;
        });
    }

    private interface ClientWrite<T> {
        T run() throws IOException;
    }

    /** A write to the client: its failure is the client gone, not the upstream's read failing. */
    private static <T> T toClient(ClientWrite<T> write) {
        try {
            return write.run();
        } catch (IOException e) {
            throw new ClientGone(e);
        }
    }
}
