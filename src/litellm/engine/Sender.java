package litellm.engine;

import litellm.callbacks.CallTrace;
import litellm.config.Settings;
import litellm.error.LlmError;
import litellm.http.CurlLog;
import litellm.http.UpstreamClient;
import litellm.http.UpstreamRequest;
import litellm.openai.ThinkTags;
import litellm.provider.Call;
import litellm.provider.ProviderScript;
import org.apache.hc.core5.http.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The send stage: one whole-answer HTTP exchange with the upstream, through the proxy's one client. An answer of up
 * to {@link PassThrough#HELD} bytes (nearly all) is read into one array and parsed; a longer one passes through to
 * the client as it arrives when the proxy would not change it ({@link PassThrough}), else it is parsed as it arrives,
 * up to general_settings.max_response_size_mb.
 */
final class Sender {
    private static final Logger log = LoggerFactory.getLogger(Sender.class);

    private final UpstreamClient client;

    Sender(UpstreamClient client) {
        this.client = client;
    }

    /**
     * The planned call's answer, mapped to OpenAI's format by the provider script.
     *
     * @param trace       where the answer's rate-limit headers go
     * @param passThrough where a long answer the proxy would not change goes as it arrives, or null; when it went
     *                    there, the answer returned holds only its usage (for the router)
     */
    Map<String, Object> fetch(CallPlan p, Settings settings, CallTrace trace, BodySink passThrough) {
        Object json = send(p.provider(), p.script(), p.call(), p.request(), p.body(), p.timeout(), settings, trace,
                p.script().answersUnchanged() ? passThrough : null);
        if (json instanceof PassThrough.Passed passed) return passed.answer();
        Object response;
        try {
            response = p.script().response(p.call(), json);
        } catch (LlmError e) { // a script may put the upstream's text in its error
            throw UpstreamErrors.masked(e, p.call(), p.request());
        } catch (RuntimeException e) { // an answer in a shape the script does not know (JSON null, a list, another API's object)
            throw UpstreamErrors.masked(UpstreamErrors.unreadable(p.provider(), json, e), p.call(), p.request());
        }
        // {}, or another API's object passed through (an OpenAI-compatible server that is not one): no answer either;
        // an operation whose answer has no list (count_tokens) only needs an object
        String results = p.call().endpoint().resultsField;
        if (!(response instanceof Map<?, ?> m) || results != null && !(m.get(results) instanceof List))
            throw UpstreamErrors.masked(UpstreamErrors.unreadable(p.provider(), json, null), p.call(), p.request());
        Map<String, Object> answer = ScriptResults.map(response, "response");
        if (p.call().isChat()) ThinkTags.inChoices(answer);
        return answer;
    }

    /** One request (a hook's follow-up) and its parsed JSON answer; an error status becomes the error the client gets for it. */
    Object send(String provider, ProviderScript script, Call call, UpstreamRequest r, byte[] bytes, Duration timeout, Settings settings) {
        return send(provider, script, call, r, bytes, timeout, settings, null, null);
    }

    /** @param trace where the answer's rate-limit headers go; null: nowhere */
    private Object send(String provider, ProviderScript script, Call call, UpstreamRequest r, byte[] bytes, Duration timeout, Settings settings,
                        CallTrace trace, BodySink passThrough) {
        logRequest(provider, r, bytes, settings);
        long start = System.nanoTime();
        try {
            return client.send(r, bytes, remaining(call, r, timeout), (status, headers, body, length) -> {
                if (settings.debug()) log.info("{} answered {} in {} ms", provider, status, (System.nanoTime() - start) / 1_000_000);
                int held = (int) Math.min(PassThrough.HELD, settings.maxResponseBytes());
                byte[] first = start(body, length, held);
                if (status >= 300) throw UpstreamErrors.fromResponse(script, call, provider, status, first, name -> UpstreamClient.header(headers, name));
                if (trace != null) passOn(headers, trace); // before a pass-through starts: its headers go first
                Object json;
                if (first.length <= held) json = isTranscriptText(call, headers) ? transcript(first) : UpstreamErrors.parseJson(provider, first);
                else if (passThrough != null && PassThrough.fits(call, first)) return PassThrough.copy(provider, first, body, length, passThrough);
                else json = LongAnswers.parse(provider, first, body, length, settings.maxResponseBytes());
                // a success status with an error object in the body: the error, as a 502
                if (UpstreamErrors.isErrorObject(json)) throw UpstreamErrors.fromResponse(script, call, provider, status, first, name -> UpstreamClient.header(headers, name));
                return json;
            });
        } catch (LlmError e) { // an upstream's or an exception's text may repeat a key
            throw UpstreamErrors.masked(e, call, r);
        }
    }

    /** A transcription asked for as text, SubRip or WebVTT (response_format): the upstream answers it as plain text. */
    private static boolean isTranscriptText(Call call, Header[] headers) {
        String type = UpstreamClient.header(headers, "content-type");
        return call.endpoint().multipart() && (type == null || !type.toLowerCase().contains("json"));
    }

    /**
     * An answer's first {@code held + 1} bytes at most. One whose length the upstream said is read into an array of
     * that length: {@code readNBytes(n)} reads into a 16 KB array of its own and then copies what it read, 16 KB more
     * per call for a 300-byte chat completion (a third of all that the proxy allocated for one, in JFR's samples).
     */
    static byte[] start(InputStream body, long length, int held) throws IOException {
        if (length < 0 || length > held) return body.readNBytes(held + 1);
        byte[] bytes = new byte[(int) length];
        int n = body.readNBytes(bytes, 0, bytes.length);
        if (n < bytes.length) return Arrays.copyOf(bytes, n); // ended early: the client's length check fails the read first
        int next = body.read(); // the end, so that the connection goes back to the pool
        if (next < 0) return bytes;
        byte[] rest = body.readNBytes(held - bytes.length); // more than it said: read on, as without a length
        byte[] all = Arrays.copyOf(bytes, bytes.length + 1 + rest.length);
        all[bytes.length] = (byte) next;
        System.arraycopy(rest, 0, all, bytes.length + 1, rest.length);
        return all;
    }

    /** A transcript's text as LiteLLM answers it whatever the format asked for: {"text": ...}. */
    private static Map<String, Object> transcript(byte[] body) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("text", new String(body, StandardCharsets.UTF_8));
        return answer;
    }

    /** The upstream's headers the client gets too (its rate limits), into the call's trace. */
    static void passOn(Header[] headers, CallTrace trace) {
        for (Header h : headers) trace.upstreamHeader(h.getName(), h.getValue());
    }

    /** --debug: the request as a curl command a person can run again (keys masked). */
    static void logRequest(String provider, UpstreamRequest r, byte[] bytes, Settings settings) {
        if (settings.debug()) log.info("{} request sent to {}:\n{}", r.method(), provider, CurlLog.format(r, bytes));
    }

    /** What is left of the request's deadline for the next upstream call; a timeout error once it has passed. */
    static Duration remaining(Call call, UpstreamRequest request, Duration timeout) {
        Duration left = call.timeLeft();
        if (left.isZero()) throw UpstreamClient.timedOut(request, timeout);
        return left;
    }
}
