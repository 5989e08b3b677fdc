package litellm.server;

import litellm.error.ClientGone;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.servlet.JavalinServlet;
import io.javalin.http.servlet.ServletEntry;
import kotlin.LazyKt;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import litellm.LiteLLM;
import litellm.json.Json;
import litellm.openai.Endpoint;
import litellm.error.LlmError;
import litellm.http.Secrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** The OpenAI-compatible HTTP server: the routes OpenAI's SDKs (old and new) and Azure-style clients call. */
public final class ProxyServer {
    private static final Logger log = LoggerFactory.getLogger(ProxyServer.class);
    private static final String ERROR_WRITTEN = "litellm.error-written";

    private static final int ACCEPT_QUEUE = 4096;
    /**
     * Calls served on the platform thread that received them. An upstream call may take minutes (a stream,
     * a slow model): past this many at once, a call moves to a virtual thread, so thousands wait at the cost
     * of a few kilobytes each, and the pool's threads stay free to take requests.
     */
    private static final int PLATFORM_CALLS = 64;
    private static final int MAX_THREADS = 256;
    private static final Executor VIRTUAL_THREADS = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("call-", 0).factory());
    /**
     * general_settings.max_request_size_mb when not given (LiteLLM has no limit by default). Large enough for any
     * request the providers take: OpenAI takes up to 50 MB of images in one request, Anthropic 32 MB, Gemini 20 MB
     * inline; small enough that a few such bodies at once (each held as bytes, then as parsed strings, then as the
     * upstream's body) fit the proxy's 512 MB heap.
     */
    public static final int DEFAULT_MAX_REQUEST_SIZE_MB = 64;
    /** What a Java array can hold. */
    private static final int LARGEST_BODY = Integer.MAX_VALUE - 8;

    private final LiteLLM litellm;
    /** The largest request body read, in bytes: general_settings.max_request_size_mb, which a reloaded config changes. */
    private volatile int maxBody = DEFAULT_MAX_REQUEST_SIZE_MB << 20;
    private final long created = System.currentTimeMillis() / 1000;
    private final AtomicInteger platformCalls = new AtomicInteger();
    private Javalin app;

    public ProxyServer(LiteLLM litellm) {
        this.litellm = litellm;
    }

    /** general_settings.max_request_size_mb: the largest request body read, from now on; null for the default. */
    public ProxyServer maxRequestSizeMb(Double mb) {
        maxBody = (int) Math.min(LARGEST_BODY, Math.round((mb == null ? DEFAULT_MAX_REQUEST_SIZE_MB : mb) * (1 << 20)));
        return this;
    }

    public ProxyServer start(String host, int port) {
        app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            // The servlet Javalin uses when Jetty's websocket classes are absent: the proxy serves no websocket, and
            // setting up Jetty's (its components, extensions, container) cost the start's main thread about 20 ms
            config.pvt.servlet = LazyKt.lazy(() -> new ServletEntry(null, new JavalinServlet(config)));
            // Platform threads: the thread Jetty's selector hands a request to (often itself) makes the upstream
            // call and reads its answer, woken by the kernel. A virtual thread would need a carrier woken for the
            // request and again for the answer: +0.05 ms at concurrency 1. Past PLATFORM_CALLS, calls move to
            // virtual threads (onPlatformThreadWhileFew). Idle threads end after a minute.
            config.jetty.threadPool = threadPool();
            // Jetty's own errors (a request it cannot parse, before Javalin sees it) as OpenAI JSON, not Jetty's HTML
            JsonErrorHandler errors = new JsonErrorHandler();
            config.jetty.modifyServer(server -> server.setErrorHandler(errors));
            config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(errors));
            config.http.prefer405over404 = true;
            config.router.ignoreTrailingSlashes = true;
            config.bundledPlugins.enableCors(cors -> cors.addRule(rule -> rule.anyHost()));
            config.jetty.addConnector((server, http) -> {
                ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
                connector.setHost(host);
                connector.setPort(port);
                // The JDK's default backlog of 50 drops connections when a thousand clients arrive at once.
                connector.setAcceptQueueSize(ACCEPT_QUEUE);
                return connector;
            });
        });
        routes();
        app.start();
        return this;
    }

    /** The calls served on platform threads, Jetty's selectors and acceptors, and room to hand calls on. */
    private static QueuedThreadPool threadPool() {
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 8, 60_000);
        threads.setName("proxy");
        return threads;
    }

    public int port() {
        return app.port();
    }

    public void stop() {
        app.stop();
    }

    private void routes() {
        for (String prefix : List.of("/v1", "")) { // the routes clients call most first: Javalin tries them in order
            for (Endpoint endpoint : Endpoint.values()) {
                app.post(prefix + "/" + endpoint.path, authorized(serve(endpoint, null)));
                app.post(prefix + "/engines/{model}/" + endpoint.path, authorized(serve(endpoint, "model")));
            }
            app.get(prefix + "/responses/{id}", authorized(ctx -> writeJson(ctx, Json.bytes(litellm.storedResponse(ctx.pathParam("id"))))));
            app.delete(prefix + "/responses/{id}", authorized(ctx -> writeJson(ctx, Json.bytes(litellm.deleteResponse(ctx.pathParam("id"))))));
            app.get(prefix + "/models", authorized(this::models));
            app.get(prefix + "/models/<model>", authorized(this::model)); // <>: ids such as openai/gpt-4o contain slashes
        }
        for (Endpoint endpoint : Endpoint.values())
            app.post("/openai/deployments/{model}/" + endpoint.path, authorized(serve(endpoint, "model")));
        app.get("/health", ctx -> ctx.json(Map.of("status", "healthy")));

        app.exception(LlmError.class, (e, ctx) -> writeError(ctx, e));
        // No fault of the proxy's, and nobody left to answer. Javalin takes only Jetty's EofException for a client
        // that left; a connection closed while a write waits on it fails that write with a plain IOException.
        app.exception(ClientGone.class, (e, ctx) -> log.debug("client left during {} {}: {}", ctx.method(), ctx.path(), e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            log.error("unexpected error serving {} {}", ctx.method(), ctx.path(), e);
            writeError(ctx, LlmError.internal("internal error in the proxy (" + className(e) + "); see its log"));
        });
        app.error(404, ctx -> {
            if (ctx.attribute(ERROR_WRITTEN) == null)
                writeError(ctx, new LlmError(404, "invalid_request_error", "no route " + ctx.method() + " " + ctx.path(), null, "unknown_url", null));
        });
        app.error(405, ctx -> {
            if (ctx.attribute(ERROR_WRITTEN) == null)
                writeError(ctx, new LlmError(405, "invalid_request_error", ctx.method() + " is not allowed on " + ctx.path(), null, "method_not_allowed", null));
        });
    }

    /**
     * Checks the master key before {@code handler}. A wrapper rather than a Javalin before-handler:
     * that would match every request's path against the routes a second time.
     */
    private Handler authorized(Handler handler) {
        return ctx -> {
            String masterKey = litellm.setup().masterKey();
            if (masterKey != null) Auth.check(ctx, masterKey);
            handler.handle(ctx);
        };
    }

    /** A model in the path (old SDKs' /engines/{model}, Azure's /deployments/{model}) is used when the body has none. */
    private Handler serve(Endpoint endpoint, String modelPathParam) {
        return onPlatformThreadWhileFew(ctx -> {
            try {
                Map<String, Object> body = parse(body(ctx));
                if (modelPathParam != null) body.putIfAbsent("model", ctx.pathParam(modelPathParam));
                if (Boolean.TRUE.equals(body.get("stream"))) stream(ctx, endpoint, body);
                else writeJson(ctx, Json.bytes(litellm.call(endpoint, body)));
            } catch (OutOfMemoryError e) {
                throw outOfMemory(e);
            }
        });
    }

    /**
     * Huge answers at once (embeddings of thousands of inputs) filled the heap. The call's objects are free again
     * once its frames are gone: it fails alone, with an error a client can retry.
     */
    private static LlmError outOfMemory(OutOfMemoryError e) {
        return LlmError.unavailable("the proxy ran out of memory for this call (" + e.getMessage()
                + "); retry it, or give the proxy a larger heap: ./jbang --java-options=-Xmx2g litellm.java ...", "out_of_memory");
    }

    /**
     * Runs {@code call} on the platform thread that received the request while fewer than
     * {@link #PLATFORM_CALLS} do; past that, on a virtual thread, which frees the platform one.
     */
    private Handler onPlatformThreadWhileFew(Handler call) {
        return ctx -> {
            if (platformCalls.incrementAndGet() > PLATFORM_CALLS) {
                platformCalls.decrementAndGet();
                ctx.future(() -> CompletableFuture.runAsync(() -> handleUnchecked(call, ctx), VIRTUAL_THREADS));
                return;
            }
            try {
                call.handle(ctx);
            } finally {
                platformCalls.decrementAndGet();
            }
        };
    }

    private static void handleUnchecked(Handler call, Context ctx) {
        try {
            call.handle(ctx);
        } catch (Exception e) {
            throw new CompletionException(e); // Javalin unwraps it for the exception handlers
        }
    }

    private void stream(Context ctx, Endpoint endpoint, Map<String, Object> body) {
        SseWriter sse = endpoint == Endpoint.RESPONSES ? SseWriter.named(ctx.res()) : new SseWriter(ctx.res());
        try {
            try {
                litellm.stream(endpoint, body, sse);
                sse.done();
            } catch (LlmError e) {
                endStream(sse, e);
            } catch (OutOfMemoryError e) {
                endStream(sse, outOfMemory(e));
            }
        } catch (IOException e) {
            throw new ClientGone(e);
        }
    }

    /** An error before the first event is the answer's status; after it, the stream's last event. */
    private static void endStream(SseWriter sse, LlmError e) throws IOException {
        if (!sse.started()) throw e;
        LlmError masked = Secrets.masked(e);
        log.warn("stream ended by an error: {}", masked.toString());
        sse.error(masked);
    }

    /** The exception's class, as it prints itself (an exception with its secrets masked is a copy that names the original's). */
    private static String className(Exception e) {
        String shown = e.toString();
        int colon = shown.indexOf(':');
        String name = colon < 0 ? shown : shown.substring(0, colon);
        return name.substring(name.lastIndexOf('.') + 1);
    }

    private void models(Context ctx) {
        List<Map<String, Object>> data = litellm.modelNames().stream().map(this::modelObject).toList();
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("object", "list");
        list.put("data", data);
        writeJson(ctx, Json.bytes(list));
    }

    private void model(Context ctx) {
        String id = ctx.pathParam("model");
        if (!litellm.modelNames().contains(id)) throw LlmError.notFound("the model '" + id + "' does not exist");
        writeJson(ctx, Json.bytes(modelObject(id)));
    }

    private Map<String, Object> modelObject(String id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("object", "model");
        m.put("created", created);
        m.put("owned_by", "litellm.java");
        return m;
    }

    /**
     * The request body, read straight into an array of its length: Javalin's bodyAsBytes copies it
     * through growing buffers. A body over the limit is refused on its Content-Length, before it is read;
     * a chunked one once the limit is passed.
     */
    private byte[] body(Context ctx) {
        int maxBody = this.maxBody;
        long length = ctx.req().getContentLengthLong();
        if (length > maxBody) throw tooLarge(maxBody);
        byte[] bytes;
        try (InputStream in = ctx.req().getInputStream()) {
            if (length >= 0) bytes = in.readNBytes((int) length);
            else if ((bytes = in.readNBytes(maxBody + 1)).length > maxBody) throw tooLarge(maxBody); // chunked: no length given
        } catch (IOException e) {
            throw incomplete(e);
        }
        if (bytes.length < length) throw incomplete(null);
        return bytes;
    }

    private static LlmError tooLarge(int maxBody) {
        double mb = maxBody / (double) (1 << 20);
        return new LlmError(413, "invalid_request_error", "the request body is larger than " + (mb == Math.rint(mb) ? String.valueOf((long) mb) : String.valueOf(mb))
                + " MB (general_settings.max_request_size_mb)", null, "request_too_large", null);
    }

    /**
     * A body that ended before its Content-Length or its last chunk (the client closed its side), whose chunks are
     * broken, or that stopped arriving: the request is refused, it never reaches a provider. Should the client
     * be gone, the answer is lost quietly, as any write to a client that left.
     */
    private static LlmError incomplete(IOException e) {
        if (e != null && e.getCause() instanceof java.util.concurrent.TimeoutException)
            return new LlmError(408, "timeout", "the request body stopped arriving before it was whole", null, "request_timeout", null);
        return LlmError.badRequest("the request body ended before it was whole" + (e == null || e.getMessage() == null ? "" : " (" + e.getMessage() + ")"),
                null, "incomplete_body");
    }

    /** A JSON answer, written as one block with its length (Javalin's result() copies it through a stream). */
    private static void writeJson(Context ctx, byte[] json) {
        HttpServletResponse res = ctx.res();
        res.setContentType("application/json");
        res.setContentLength(json.length);
        try {
            res.getOutputStream().write(json);
        } catch (IOException e) {
            throw new ClientGone(e);
        }
    }

    private static Map<String, Object> parse(byte[] bytes) {
        if (bytes.length == 0) throw LlmError.badRequest("the request body is empty; send a JSON object", null, "invalid_json");
        Map<String, Object> body;
        try {
            body = Json.parseObject(bytes);
        } catch (MismatchedInputException e) { // valid JSON, but an array, a string, a number...
            throw notAnObject();
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw LlmError.badRequest("the request body is not valid JSON" + where + ": " + e.getOriginalMessage(), null, "invalid_json");
        } catch (IOException e) {
            throw LlmError.badRequest("the request body could not be read: " + e.getMessage(), null, "invalid_json");
        }
        if (body == null) throw notAnObject(); // the JSON null
        return body;
    }

    private static LlmError notAnObject() {
        return LlmError.badRequest("the request body must be a JSON object", null, "invalid_json");
    }

    /** Every error answer but a stream's last event: the place its text leaves the proxy, so where secrets are masked. */
    private static void writeError(Context ctx, LlmError error) {
        LlmError e = Secrets.masked(error);
        ctx.attribute(ERROR_WRITTEN, true);
        ctx.status(e.status());
        if (e.retryAfter() != null) ctx.header("Retry-After", e.retryAfter());
        // Through Javalin's result, unlike writeJson: it replaces whatever answer Javalin had set (its own 404 text).
        ctx.contentType("application/json").result(Json.bytes(e.body()));
    }
}
