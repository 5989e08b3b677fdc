package litellm.server;

import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletRequest;
import litellm.callbacks.CallTrace;
import litellm.http.Secrets;
import litellm.log.Logging;
import litellm.routing.Deployment;
import org.eclipse.jetty.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static net.logstash.logback.argument.StructuredArguments.kv;
import static net.logstash.logback.argument.StructuredArguments.v;

/**
 * One line per request, as uvicorn writes it for LiteLLM's proxy, followed by what the proxy knows of the call:
 * {@code 127.0.0.1:50312 - "POST /v1/chat/completions HTTP/1.1" 200 OK latency_ms=12.4 model=gpt-4o
 * deployment=openai/gpt-4o key=5d41402abc4b}. The key is never shown: its alias when it has one, else the first 12
 * hex digits of its SHA-256 (the hash LiteLLM keeps of a key). In JSON logs each of these is a field of its own.
 * The line is formatted on the request's thread and written by the log's own ({@link Logging}).
 */
final class AccessLog {
    private static final Logger log = LoggerFactory.getLogger(Logging.ACCESS);
    /** The request's attribute for the model its body named. */
    static final String MODEL = "litellm.model";
    /** The request's attribute for its call's {@link CallTrace}: the deployment that served it. */
    static final String TRACE = "litellm.trace";
    /** The request's attribute for the alias of the key it presented, where keys have aliases. */
    static final String KEY_ALIAS = "litellm.key-alias";
    private static final int HASHES_KEPT = 1024;
    private static final Map<String, String> HASHES = new ConcurrentHashMap<>();

    private AccessLog() {}

    /** Whether access lines are written: when not, the server leaves them out altogether. */
    static boolean on() {
        return log.isInfoEnabled();
    }

    /** @param keyHeader LiteLLM's litellm_key_header_name, where the key is when set (Authorization may then be another gateway's) */
    static void write(Context ctx, float millis, String keyHeader) {
        HttpServletRequest req = ctx.req();
        int status = ctx.res().getStatus();
        log.info("{} - \"{} {} {}\" {} {} {} {} {} {}",
                v("client", req.getRemoteAddr() + ":" + req.getRemotePort()), v("method", req.getMethod()), v("path", req.getRequestURI()),
                req.getProtocol(), v("status", status), HttpStatus.getMessage(status),
                kv("latency_ms", Math.round(millis * 10) / 10.0), kv("model", orDash(ctx.attribute(MODEL))),
                kv("deployment", deployment(ctx.attribute(TRACE))), kv("key", key(ctx, keyHeader)));
    }

    private static String deployment(CallTrace trace) {
        Deployment d = trace == null ? null : trace.deployment();
        return d == null ? "-" : d.provider() + "/" + d.model();
    }

    private static String key(Context ctx, String keyHeader) {
        String alias = ctx.attribute(KEY_ALIAS);
        if (alias != null) return alias;
        String presented = Auth.presented(ctx, keyHeader);
        return presented == null ? "-" : hash(presented);
    }

    /** Kept: a client sends the same key with every request. */
    private static String hash(String key) {
        String known = HASHES.get(key);
        if (known != null) return known;
        if (HASHES.size() >= HASHES_KEPT) HASHES.clear();
        String hashed = Secrets.hash(key).substring(0, 12);
        HASHES.put(key, hashed);
        return hashed;
    }

    private static String orDash(Object value) {
        return value == null ? "-" : value.toString();
    }
}
