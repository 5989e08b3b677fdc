package litellm.server;

import litellm.anthropic.AnthropicError;
import litellm.anthropic.MessagesRequest;
import litellm.callbacks.CallTrace;
import litellm.callbacks.PrometheusMetrics;
import litellm.error.ClientGone;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.servlet.JavalinServlet;
import io.javalin.http.servlet.ServletEntry;
import kotlin.LazyKt;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import litellm.LiteLLM;
import litellm.callbacks.Caller;
import litellm.keys.Permit;
import litellm.keys.VirtualKeys;
import litellm.config.ProxySettings.ClientLimits;
import litellm.json.Json;
import litellm.openai.Endpoint;
import litellm.error.LlmError;
import litellm.http.Secrets;
import litellm.routing.ModelInfo;
import litellm.runtime.Version;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * The OpenAI-compatible HTTP server: the routes OpenAI's SDKs (old and new) and Azure-style clients call, and
 * Anthropic's Messages API for Anthropic's SDKs and coding agents.
 */
public final class ProxyServer {
    private static final Logger log = LoggerFactory.getLogger(ProxyServer.class);
    private static final String ERROR_WRITTEN = "litellm.error-written";
    /** Set on the routes of Anthropic's API, whose clients read errors in Anthropic's shape. */
    private static final String ANTHROPIC_ERRORS = "litellm.anthropic-errors";

    private static final int ACCEPT_QUEUE = 4096;
    /**
     * Threads that only accept connections: none, so the selector accepts them itself. A thread of its own hands each
     * new connection to the selector (a wake-up and a queue), one more thread hand-off before the request is read
     * (docs/performance.md, Session 16: about 0.4 ms on a new connection's first request).
     */
    private static final int ACCEPTORS = 0;
    /**
     * Calls served on the platform thread that received them. An upstream call may take minutes (a stream,
     * a slow model): past this many at once, a call moves to a virtual thread, so thousands wait at the cost
     * of a few kilobytes each, and the pool's threads stay free to take requests.
     */
    private static final int PLATFORM_CALLS = 64;
    /**
     * Streams relayed on the platform thread that received them. Past this many at once, a stream moves to a virtual
     * thread as soon as its request is read, whatever the calls in flight: under a thousand long streams, the platform
     * threads stay for the calls that last milliseconds, which the kernel schedules beside the busy virtual threads'
     * carriers. (Were the streams to fill the platform threads, the next short call would move to a virtual thread too and
     * queue behind every runnable stream: the scheduler of virtual threads does not preempt.) A few streams stay on
     * platform threads, where a paced event wakes its thread without a carrier's hand-off.
     */
    private static final int PLATFORM_STREAMS = 16;
    private static final int MAX_THREADS = 256;
    /** Milliseconds a pool thread waits for work before it ends: an idle proxy gives a burst's threads back within a minute. */
    private static final int IDLE_THREAD_LIFE = 30_000;
    /**
     * Characters of request headers Jetty caches per connection, so that a client's repeated headers are not parsed
     * again: none. The cache is a table of 48 characters per node for each open connection: Jetty's default, 1,024,
     * took 96 MB for 1,000 streams, and 256 still 24 MB, the largest part of the heap they hold. Headers Jetty knows
     * (content type, length, encodings) are shared fields in any case; a key or a host is a string per request.
     */
    private static final int HEADER_CACHE = 0;
    /** Bytes of buffers Jetty keeps for reuse, heap and direct each: those of a hundred busy connections. */
    private static final long POOLED_BUFFERS = 4 << 20;
    /**
     * Bytes of a response Jetty gathers before it writes them: a buffer each response in flight holds to its end, so
     * one for each open stream. Jetty's default, 32 KB, took 32 MB of direct memory under 1,000 streams; an event is
     * about 200 bytes, and an answer longer than this goes out chunked rather than with its length.
     */
    private static final int OUTPUT_BUFFER = 8 << 10;
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
    /** general_settings' limits on a client's request, which a reloaded config changes. */
    private volatile ClientLimits limits = ClientLimits.DEFAULT;
    /** The largest request body read, in bytes: general_settings.max_request_size_mb. */
    private volatile int maxBody = DEFAULT_MAX_REQUEST_SIZE_MB << 20;
    private final long created = System.currentTimeMillis() / 1000;
    private final AtomicInteger platformCalls = new AtomicInteger();
    private final AtomicInteger platformStreams = new AtomicInteger();
    /** Set on a request by {@link #authorized}: who calls ({@link Auth.Who}). */
    private static final String WHO = "litellm.who";
    /** Virtual keys, users, teams and spend; null when the proxy has no database of keys. */
    private volatile VirtualKeys keys;
    private final Readiness readiness = new Readiness();
    private Javalin app;
    private Server jetty;

    public ProxyServer(LiteLLM litellm) {
        this.litellm = litellm;
    }

    /** general_settings' limits on a client's request (size, head and body timeouts), for the requests from now on. */
    public ProxyServer limits(ClientLimits limits) {
        Double mb = limits.maxRequestSizeMb();
        maxBody = (int) Math.min(LARGEST_BODY, Math.round((mb == null ? DEFAULT_MAX_REQUEST_SIZE_MB : mb) * (1 << 20)));
        this.limits = limits;
        return this;
    }

    /**
     * LiteLLM's virtual keys, checked on every call but the master key's, and its admin endpoints; their database is
     * then a dependency of readiness ({@code "db": "connected"}).
     */
    public ProxyServer keys(VirtualKeys keys) {
        this.keys = keys;
        if (keys != null) readiness.requires("db", keys::unreachable);
        return this;
    }

    /**
     * Listens on {@code host:port} and serves.
     *
     * @throws CannotListen when the address is taken or not this machine's: its message says so in one line
     */
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
            config.jetty.modifyServer(server -> {
                server.setErrorHandler(errors);
                jetty = server;
            });
            if (AccessLog.on()) config.requestLogger.http((ctx, millis) -> AccessLog.write(ctx, millis, litellm.setup().keyHeader()));
            config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(errors));
            config.http.prefer405over404 = true;
            config.router.ignoreTrailingSlashes = true;
            config.bundledPlugins.enableCors(cors -> cors.addRule(rule -> rule.anyHost()));
            config.jetty.addConnector((server, http) -> {
                http.setHeaderCacheSize(HEADER_CACHE);
                http.setOutputBufferSize(OUTPUT_BUFFER);
                // Connections that time a request's head and body as they arrive (general_settings.client_*_timeout)
                ServerConnector connector = new ServerConnector(server, null, null, buffers(), ACCEPTORS, -1, new ClientConnection.Factory(http, () -> limits));
                connector.setHost(host);
                connector.setPort(port);
                // The JDK's default backlog of 50 drops connections when a thousand clients arrive at once.
                connector.setAcceptQueueSize(ACCEPT_QUEUE);
                return connector;
            });
        });
        routes();
        try {
            app.start();
        } catch (RuntimeException e) {
            throw CannotListen.from(e, host, port);
        }
        return this;
    }

    /**
     * Jetty's pool of connection buffers, kept to {@link #POOLED_BUFFERS} bytes of each kind. Jetty's default keeps up to
     * a quarter of the heap: after a burst of 1,000 streams it held 80 MB of buffers for good, most of an idle proxy's heap.
     * The connections' request buffers come from this pool too, with no pool of their own ({@code -2}): Jetty 11's own
     * pool of them, bounded by memory, evicted buffers still in use under hundreds of streams, so that requests were read
     * as garbage and answers written from a buffer another connection had taken (ManyStreamsTest).
     */
    private static ArrayByteBufferPool buffers() {
        long noPoolOfTheirOwn = -2;
        return new ArrayByteBufferPool(-1, -1, -1, -1, POOLED_BUFFERS, POOLED_BUFFERS, noPoolOfTheirOwn, noPoolOfTheirOwn);
    }

    /** The calls served on platform threads, Jetty's selector (which also accepts connections), and room to hand calls on. */
    private static QueuedThreadPool threadPool() {
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 8, IDLE_THREAD_LIFE);
        threads.setName("proxy");
        // Jetty ends one idle thread per idle timeout by default: after a burst the pool kept its 250 threads (and
        // their 25 MB of stacks) for hours
        threads.setMaxEvictCount(MAX_THREADS);
        return threads;
    }

    public int port() {
        return app.port();
    }

    public void stop() {
        app.stop();
    }

    /**
     * Stops as a service stops: not ready from now on; after {@code drain} (a load balancer's time to notice), new
     * connections are refused, and the requests and streams in flight get what is left of {@code grace} to finish.
     *
     * @return whether every request in flight finished in time
     */
    public boolean stopGracefully(Duration drain, Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        readiness.stopping();
        sleep(drain.compareTo(grace) < 0 ? drain : grace);
        // Jetty's graceful stop: its connector closes (new connections are refused), its StatisticsHandler waits for
        // the requests in flight, up to the stop timeout; then the server stops and cuts what is left.
        jetty.setStopTimeout(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        boolean inTime = true;
        try {
            jetty.stop();
        } catch (Exception e) {
            inTime = false; // a graceful stop that timed out ends with a TimeoutException: the server is stopped all the same
        }
        return inTime && (deadline - System.nanoTime()) > 0;
    }

    private static void sleep(Duration time) {
        try {
            Thread.sleep(time);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void routes() {
        for (String prefix : List.of("/v1", "")) { // the routes clients call most first: Javalin tries them in order
            for (Endpoint endpoint : Endpoint.values()) {
                if (endpoint.anthropic()) continue;
                app.post(prefix + "/" + endpoint.path, authorized(serve(endpoint, null)));
                app.post(prefix + "/engines/{model}/" + endpoint.path, authorized(serve(endpoint, "model")));
            }
            app.get(prefix + "/responses/{id}", authorized(ctx -> writeJson(ctx, litellm.storedResponse(ctx.pathParam("id")))));
            app.delete(prefix + "/responses/{id}", authorized(ctx -> writeJson(ctx, litellm.deleteResponse(ctx.pathParam("id")))));
            app.get(prefix + "/models", authorized(this::models));
            app.get(prefix + "/models/<model>", authorized(this::model)); // <>: ids such as openai/gpt-4o contain slashes
        }
        // Anthropic's Messages API where Anthropic's SDKs and Claude Code call it (ANTHROPIC_BASE_URL + /v1/messages)
        app.post("/v1/" + Endpoint.MESSAGES.path, anthropic(authorized(serve(Endpoint.MESSAGES, null))));
        app.post("/v1/" + Endpoint.COUNT_TOKENS.path, anthropic(authorized(withBody(this::countTokens))));
        for (Endpoint endpoint : Endpoint.values())
            if (!endpoint.anthropic()) app.post("/openai/deployments/{model}/" + endpoint.path, authorized(serve(endpoint, "model")));
        app.post("/v2/" + Endpoint.RERANK.path, authorized(serve(Endpoint.RERANK, null))); // Cohere's v2 clients' path, as LiteLLM serves it
        app.get("/health", authorized(ctx -> writeJson(ctx, Json.bytes(litellm.health(ctx.queryParam("model"))))));
        // LiteLLM's answer, a JSON string (Javalin's ctx.json would write a string bare)
        for (String path : List.of("/health/liveliness", "/health/liveness")) app.get(path, ctx -> writeJson(ctx, Json.bytes("I'm alive!")));
        app.get("/health/readiness", this::readiness);
        for (String path : List.of("/model/info", "/v1/model/info")) app.get(path, authorized(this::modelInfo));
        app.get("/metrics", this::metrics);
        // LiteLLM's admin endpoints for keys, users, teams and spend
        VirtualKeys.ENDPOINTS.forEach((path, method) -> {
            if (method.equals("GET")) app.get("/" + path, ctx -> admin(ctx, path, Map.of()));
            else app.post("/" + path, withBody((ctx, bytes) -> admin(ctx, path, adminBody(bytes))));
        });
        app.post("/key/{key}/regenerate", withBody((ctx, bytes) -> {
            Map<String, Object> body = adminBody(bytes);
            body.put("key", ctx.pathParam("key"));
            admin(ctx, "key/regenerate", body);
        }));

        app.exception(LlmError.class, (e, ctx) -> writeError(ctx, e));
        // No fault of the proxy's, and nobody left to answer. Javalin takes only Jetty's EofException for a client
        // that left; a connection closed while a write waits on it fails that write with a plain IOException.
        app.exception(ClientGone.class, (e, ctx) -> {
            log.debug("client left during {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            // Not an empty 200: a client that only closed its sending side reads why its answer did not come
            if (!ctx.res().isCommitted()) writeError(ctx, e.error());
        });
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
            var setup = litellm.setup();
            if (setup.masterKey() != null) ctx.attribute(WHO, Auth.check(ctx, setup.masterKey(), setup.keyHeader(), keys));
            handler.handle(ctx);
        };
    }

    /** An admin endpoint: the master key only, and a database of keys. */
    private void admin(Context ctx, String path, Map<String, Object> body) {
        String masterKey = litellm.setup().masterKey();
        VirtualKeys k = keys;
        if (masterKey == null || k == null)
            throw LlmError.badRequest("/" + path + " needs a database of keys: set general_settings.master_key (and database_url for PostgreSQL)", null, "no_database");
        if (!Auth.check(ctx, masterKey, litellm.setup().keyHeader(), k).master())
            throw LlmError.authentication("Only the proxy's master key may call /" + path + "; this key is a virtual key");
        Map<String, String> query = new LinkedHashMap<>();
        ctx.queryParamMap().forEach((name, values) -> query.put(name, values.getFirst()));
        writeJson(ctx, Json.bytes(k.admin(path, body, query)));
    }

    /** A route of Anthropic's API: its errors, the master key's included, are written in Anthropic's shape. */
    private static Handler anthropic(Handler handler) {
        return ctx -> {
            ctx.attribute(ANTHROPIC_ERRORS, true);
            handler.handle(ctx);
        };
    }

    private void countTokens(Context ctx, byte[] bytes) {
        Map<String, Object> body = parse(bytes);
        betas(ctx, body);
        writeJson(ctx, litellm.countTokens(body));
    }

    /** The Anthropic beta features the client asked for, carried in the request for an Anthropic upstream. */
    private static void betas(Context ctx, Map<String, Object> body) {
        String betas = ctx.header(MessagesRequest.BETA_HEADER);
        if (betas != null) body.put(MessagesRequest.BETA_HEADER, betas);
    }

    /** A model in the path (old SDKs' /engines/{model}, Azure's /deployments/{model}) is used when the body has none. */
    private Handler serve(Endpoint endpoint, String modelPathParam) {
        return withBody((ctx, bytes) -> call(ctx, endpoint, modelPathParam, bytes));
    }

    /**
     * The body read whole, then {@code use} of it: read on the spot when it came with the head, and used on the thread
     * that received it while few calls run ({@link #onPlatformThreadWhileFew}); else read as it arrives, holding no
     * thread ({@link BodyReader}), and used on a virtual thread.
     */
    private Handler withBody(BiConsumer<Context, byte[]> use) {
        return ctx -> {
            BodyReader reader = new BodyReader(ctx.req(), maxBody, limits.bodyTimeout());
            byte[] arrived;
            try {
                arrived = reader.arrived();
            } catch (OutOfMemoryError e) {
                throw outOfMemory(e);
            }
            if (arrived != null) onPlatformThreadWhileFew(ctx, platformCalls, PLATFORM_CALLS, () -> use.accept(ctx, arrived));
            else ctx.future(() -> reader.rest().thenAcceptAsync(body -> use.accept(ctx, body), VIRTUAL_THREADS));
        };
    }

    /**
     * One call, its answer written as JSON or as a stream. While it waits on the upstream, the client's connection
     * is watched: a client that leaves cuts the upstream call at once ({@link ClientWatch}).
     */
    private void call(Context ctx, Endpoint endpoint, String modelPathParam, byte[] bytes) {
        try {
            Map<String, Object> body = endpoint.multipart() ? MultipartForm.parse(endpoint, ctx.req().getContentType(), bytes) : parse(bytes);
            if (modelPathParam != null) body.putIfAbsent("model", ctx.pathParam(modelPathParam));
            if (endpoint.anthropic()) betas(ctx, body);
            // still on the platform thread that received the request: a stream may move (PLATFORM_STREAMS)
            if (Boolean.TRUE.equals(body.get("stream")) && !Thread.currentThread().isVirtual())
                onPlatformThreadWhileFew(ctx, platformStreams, PLATFORM_STREAMS, () -> call(ctx, endpoint, body));
            else call(ctx, endpoint, body);
        } catch (OutOfMemoryError e) {
            throw outOfMemory(e);
        }
    }

    /** A call whose body is read and parsed. */
    private void call(Context ctx, Endpoint endpoint, Map<String, Object> body) {
        try {
            Auth.Who who = ctx.attribute(WHO);
            Caller caller = who == null ? null : who.caller();
            ctx.attribute(AccessLog.MODEL, body.get("model"));
            if (caller != null && caller.keyAlias() != null) ctx.attribute(AccessLog.KEY_ALIAS, caller.keyAlias());
            try (Permit permit = who == null || who.master() ? Permit.NONE
                    : keys.admit(caller, body.get("model") instanceof String m ? m : null, litellm.setup().router().accessGroups())) {
                permit.writeHeaders(ctx.res()::setHeader); // the key's rate limits, as counted with this call
                ClientWatch client = ClientWatch.of(ctx.req());
                CallTrace trace = new CallTrace().by(caller);
                ctx.attribute(AccessLog.TRACE, trace);
                trace.continues(ctx.header("traceparent"), ctx.header("tracestate"));
                try {
                    client.presence().serve(() -> {
                        if (endpoint.binaryAnswer()) binary(ctx, endpoint, body, trace);
                        else if (Boolean.TRUE.equals(body.get("stream"))) stream(ctx, endpoint, body, trace);
                        else answer(ctx, endpoint, body, trace);
                    });
                } catch (LlmError e) {
                    if (!ctx.res().isCommitted()) LitellmHeaders.write(ctx.res(), trace); // an error tells the call's id, retries...
                    throw e;
                } finally {
                    client.stop();
                }
            }
        } catch (OutOfMemoryError e) {
            throw outOfMemory(e);
        }
    }

    /**
     * Huge answers at once (embeddings of thousands of inputs) filled the heap. The call's objects are free again
     * once its frames are gone: it fails alone, with an error a client can retry.
     */
    static LlmError outOfMemory(OutOfMemoryError e) {
        return LlmError.unavailable("the proxy ran out of memory for this call (" + e.getMessage()
                + "); retry it, or give the proxy a larger heap: ./jbang --java-options=-Xmx2g litellm.java ...", "out_of_memory");
    }

    /**
     * Runs {@code call} on the platform thread that received the request while fewer than {@code most} calls so
     * counted by {@code running} do; past that, on a virtual thread, which frees the platform one.
     * (Javalin unwraps a failed future's CompletionException for the exception handlers.)
     */
    private static void onPlatformThreadWhileFew(Context ctx, AtomicInteger running, int most, Runnable call) {
        if (running.incrementAndGet() > most) {
            running.decrementAndGet();
            ctx.future(() -> CompletableFuture.runAsync(call, VIRTUAL_THREADS));
            return;
        }
        try {
            call.run();
        } finally {
            running.decrementAndGet();
        }
    }

    /** A whole answer: written from the parsed answer, or passed through as the upstream sent it (BodyWriter). */
    private void answer(Context ctx, Endpoint endpoint, Map<String, Object> body, CallTrace trace) {
        BodyWriter passThrough = new BodyWriter(ctx.req(), ctx.res(), trace);
        Map<String, Object> answer;
        try {
            answer = litellm.call(endpoint, body, trace, passThrough);
        } catch (RuntimeException e) {
            if (!passThrough.started()) throw e;
            if (e instanceof ClientGone) log.debug("client left during {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            else log.warn("answer cut by an error after its start: {}", e.toString());
            passThrough.abort(e);
            return;
        }
        if (answer != null) writeJson(ctx, answer, trace);
    }

    private void stream(Context ctx, Endpoint endpoint, Map<String, Object> body, CallTrace trace) {
        SseWriter sse = SseWriter.of(endpoint, ctx.res(), trace);
        try {
            try {
                litellm.stream(endpoint, body, sse, trace);
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

    /**
     * An answer that is bytes (speech's audio), written with the upstream's content type as they arrive. An error
     * before the first byte is the answer's status; after it, the connection is cut, so the client sees a broken
     * answer rather than a complete one.
     */
    private void binary(Context ctx, Endpoint endpoint, Map<String, Object> body, CallTrace trace) {
        HttpServletResponse res = ctx.res();
        try {
            litellm.binary(endpoint, body, trace, contentType -> {
                LitellmHeaders.write(res, trace);
                res.setContentType(contentType);
                return res.getOutputStream();
            });
        } catch (LlmError e) {
            if (!res.isCommitted()) throw e;
            log.warn("audio cut by an error: {}", Secrets.masked(e).toString());
            Request.getBaseRequest(ctx.req()).getHttpChannel().abort(e);
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

    public Readiness readiness() {
        return readiness;
    }

    /**
     * LiteLLM's readiness answer: 503 once the proxy is stopping (so that load balancers send no more), or while the
     * cache's Redis or a dependency a feature requires (the database) cannot be reached.
     */
    private void readiness(Context ctx) {
        if (!readiness.ready()) throw LlmError.unavailable("Service Unhealthy (the proxy is stopping)", "shutting_down");
        var setup = litellm.setup();
        String unreachable = readiness.unreachable();
        if (unreachable == null && setup.cache().unreachable() != null) unreachable = "cache: " + setup.cache().unreachable();
        if (unreachable != null) throw LlmError.unavailable("Service Unhealthy (" + unreachable + ")", "dependency_unreachable");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "healthy");
        body.put("db", readiness.requires("db") ? "connected" : "Not connected");
        body.put("cache", setup.cache().type());
        body.put("litellm_version", Version.VERSION);
        body.put("success_callbacks", setup.callbacks().successNames());
        writeJson(ctx, Json.bytes(body));
    }

    /** LiteLLM's /model/info: every deployment, no secret; {@code litellm_model_id} picks one. */
    private void modelInfo(Context ctx) {
        String id = ctx.queryParam("litellm_model_id");
        var router = litellm.setup().router();
        List<Map<String, Object>> data = router.modelNames().stream().flatMap(name -> router.deployments(name).stream())
                .filter(d -> id == null || id.equals(d.id())).map(ModelInfo::of).toList();
        writeJson(ctx, Json.bytes(Map.of("data", data)));
    }

    /** Prometheus' scrape, when the config's callbacks name prometheus (as LiteLLM's, no key needed); else a 404. */
    private void metrics(Context ctx) {
        PrometheusMetrics prometheus = litellm.setup().callbacks().prometheus();
        if (prometheus == null) throw LlmError.notFound("no metrics: add prometheus to litellm_settings.callbacks");
        VirtualKeys k = keys;
        PrometheusMetrics.Scrape scrape = prometheus.scrape(ctx.header("Accept"), k == null ? List.of() : k.budgets());
        writeBody(ctx, scrape.contentType(), scrape.body());
    }

    /** LiteLLM's /v1/models: a virtual key sees the models it may call (its own, its groups', its team's). */
    private void models(Context ctx) {
        Auth.Who who = ctx.attribute(WHO);
        VirtualKeys k = keys;
        var groups = litellm.setup().router().accessGroups();
        List<Map<String, Object>> data = litellm.modelNames().stream()
                .filter(name -> who == null || who.master() || k == null || k.mayCall(who.caller(), name, groups))
                .map(this::modelObject).toList();
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("object", "list");
        list.put("data", data);
        writeJson(ctx, list);
    }

    private void model(Context ctx) {
        String id = ctx.pathParam("model");
        if (!litellm.modelNames().contains(id)) throw LlmError.notFound("the model '" + id + "' does not exist");
        writeJson(ctx, modelObject(id));
    }

    private Map<String, Object> modelObject(String id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("object", "model");
        m.put("created", created);
        m.put("owned_by", "litellm.java");
        return m;
    }

    /** A call's JSON answer, with LiteLLM's headers. */
    private static void writeJson(Context ctx, Object answer, CallTrace trace) {
        LitellmHeaders.write(ctx.res(), trace);
        writeJson(ctx, answer);
    }

    /** A JSON answer already in bytes, with its length. */
    private static void writeJson(Context ctx, byte[] json) {
        writeBody(ctx, "application/json", json);
    }

    /** A body already in bytes (the metrics' scrape), with its length. */
    private static void writeBody(Context ctx, String contentType, byte[] body) {
        HttpServletResponse res = ctx.res();
        res.setContentType(contentType);
        res.setContentLength(body.length);
        try {
            res.getOutputStream().write(body);
        } catch (IOException e) {
            throw new ClientGone(e);
        }
    }

    /**
     * A JSON answer, written as it is serialised: no copy of a long answer is held (Javalin's result() would copy it
     * through a stream). One that fits Jetty's buffer ({@link #OUTPUT_BUFFER}) goes out at once, with its length; a longer one, chunked.
     */
    private static void writeJson(Context ctx, Object answer) {
        HttpServletResponse res = ctx.res();
        res.setContentType("application/json");
        try {
            Json.write(res.getOutputStream(), answer);
        } catch (IOException e) {
            throw new ClientGone(e);
        } catch (IllegalArgumentException e) { // not serialisable: the error, not half an answer
            if (!res.isCommitted()) res.resetBuffer();
            throw e;
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

    /**
     * An admin endpoint's body: none is an empty object; a comma before a closing brace, a {@code # comment} to the end
     * of a line and a field name without quotes are let pass, as LiteLLM's own documented examples have them.
     */
    private static Map<String, Object> adminBody(byte[] bytes) {
        if (bytes.length == 0) return new LinkedHashMap<>();
        try {
            Map<String, Object> body = ADMIN_READER.readValue(bytes);
            if (body == null) throw notAnObject();
            return body;
        } catch (MismatchedInputException e) {
            throw notAnObject();
        } catch (IOException e) {
            throw LlmError.badRequest("the request body is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""), null, "invalid_json");
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectReader ADMIN_READER = Json.MAPPER.readerFor(Map.class)
            .with(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_TRAILING_COMMA)
            .with(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_YAML_COMMENTS)
            .with(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES);

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
        ctx.contentType("application/json").result(Json.bytes(ctx.attribute(ANTHROPIC_ERRORS) != null ? AnthropicError.body(e) : e.body()));
    }
}
