package litellm;

import litellm.cache.ResponseCache;
import litellm.callbacks.Callbacks;
import litellm.callbacks.LoggedCall;
import litellm.openai.CompletionsViaChat;
import litellm.openai.Endpoint;
import litellm.openai.LlmError;
import litellm.openai.OpenAiObjects;
import litellm.openai.RequestValidator;
import litellm.openai.StreamedAnswer;
import litellm.openai.ThinkTags;
import litellm.provider.Call;
import litellm.provider.ModelNames;
import litellm.provider.ProviderInfo;
import litellm.provider.ProviderScript;
import litellm.provider.ProviderScripts;
import litellm.provider.StreamEvent;
import litellm.provider.Upstream;
import litellm.provider.UpstreamRequest;
import litellm.routing.Deployment;
import litellm.routing.Router;
import litellm.upstream.AwsSigner;
import litellm.upstream.CurlLog;
import litellm.upstream.StreamDecoder;
import litellm.upstream.UpstreamClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Calls any provider in the OpenAI format: the API the proxy server serves, and the one scripts
 * and JShell use directly:
 * <pre>
 * var llm = LiteLLM.direct();
 * llm.chat("offline/echo", "write a short poem");
 * llm.completion(Map.of("model", "gpt-3.5-turbo", "messages", List.of(Map.of("role", "user", "content", "hi"))));
 * llm.stream(Endpoint.CHAT, request, chunk -> System.out.println(chunk));
 * </pre>
 */
public final class LiteLLM {
    private static final Logger log = LoggerFactory.getLogger(LiteLLM.class);
    public static final String VERSION = "0.1.0";

    /** Marks a deployment whose host a client chose: it gets no configured or environment key. */
    private static final String CLIENT_CHOSEN_HOST = "litellm.client_chosen_host";

    /** Receives the chunks of a stream, each as it arrives. */
    public interface ChunkSink {
        void chunk(Map<String, Object> chunk) throws IOException;

        /** An upstream event already in OpenAI's chunk format; a sink that writes JSON can send its text unparsed. */
        default void unchanged(StreamEvent event) throws IOException {
            chunk(event.map());
        }
    }

    /**
     * What a config can change while the proxy runs; each request keeps the setup it started with.
     *
     * @param masterKey                  when set, clients must present it (the server checks)
     * @param allowClientSideCredentials whether a request may bring its own api_base / api_key
     * @param callbacks                  where finished calls are logged (litellm_settings.success_callback...)
     * @param cache                      the response cache (litellm_settings.cache)
     */
    public record Setup(Settings settings, Router router, String masterKey, boolean allowClientSideCredentials, Callbacks callbacks,
                        ResponseCache cache) {
        public Setup(Settings settings, Router router) {
            this(settings, router, null, false, Callbacks.NONE, ResponseCache.NONE);
        }
    }

    private volatile Setup setup;
    private final ProviderScripts providers;
    private final UpstreamClient client;

    public LiteLLM(Setup setup, ProviderScripts providers, UpstreamClient client) {
        this.setup = setup;
        this.providers = providers;
        this.client = client;
    }

    public LiteLLM(Settings settings, Router router, ProviderScripts providers, UpstreamClient client) {
        this(new Setup(settings, router), providers, client);
    }

    /** Swaps in a new setup (a reloaded config) for the requests that start from now on. */
    public void reconfigure(Setup next) {
        this.setup = next;
    }

    public Setup setup() {
        return setup;
    }

    /** For scripts and JShell: each request's model names its provider, as in {@code litellm.completion()}. */
    public static LiteLLM direct() {
        return direct(Settings.defaults(), null);
    }

    public static LiteLLM direct(Settings settings, Path userProviders) {
        ProviderScripts providers = new ProviderScripts(userProviders);
        Router router = Router.byModelName(name -> deployment(name, name, null, null, providers));
        return new LiteLLM(settings, router, providers, new UpstreamClient("litellm.java/" + VERSION));
    }

    /** A deployment for a LiteLLM model name such as {@code huggingface/bigcode/starcoder} or {@code claude-2}. */
    public static Deployment deployment(String modelName, String model, String apiBase, String apiVersion, ProviderScripts providers) {
        ModelNames.Resolved r = ModelNames.resolve(model, providers::exists);
        if (r == null)
            throw LlmError.badRequest("cannot tell which provider serves '" + model + "': write it as <provider>/<model>, e.g. openai/" + model, "model", "model_not_found");
        return new Deployment(modelName, r.provider(), r.model(), apiBase, null, apiVersion, Map.of());
    }

    public List<String> modelNames() {
        return setup.router().modelNames();
    }

    public ProviderScripts providers() {
        return providers;
    }

    /** A chat request with one user message; returns the answer's text. */
    @SuppressWarnings("unchecked")
    public String chat(String model, String userMessage) {
        Map<String, Object> response = completion(Map.of("model", model,
                "messages", List.of(Map.of("role", "user", "content", userMessage))));
        var choice = ((List<Map<String, Object>>) response.get("choices")).get(0);
        return String.valueOf(((Map<String, Object>) choice.get("message")).get("content"));
    }

    /** A chat completion, as {@code POST /chat/completions}. */
    public Map<String, Object> completion(Map<String, Object> request) {
        return call(Endpoint.CHAT, request);
    }

    /** A streamed chat completion: each chunk goes to {@code onChunk} as it arrives. */
    public void stream(Map<String, Object> request, Consumer<Map<String, Object>> onChunk) {
        Map<String, Object> streamed = new LinkedHashMap<>(request);
        streamed.put("stream", true);
        stream(Endpoint.CHAT, streamed, onChunk::accept);
    }

    /** One non-streamed request to any endpoint; the OpenAI response object. */
    public Map<String, Object> call(Endpoint endpoint, Map<String, Object> request) {
        Setup s = setup;
        String model = check(endpoint, request, s);
        ResponseCache.Lookup cached = s.cache().start(endpoint, request);
        LoggedCall logged = s.callbacks().start(endpoint, request);
        Map<String, Object> hit = cached.hit();
        if (hit != null) {
            logged.cacheHit(hit);
            return hit;
        }
        try {
            Map<String, Object> response = s.router().run(model, d -> {
                logged.tried(d);
                return callOnce(endpoint, request, deployment(d, request, s), s.settings());
            }, () -> false, LiteLLM::totalTokens);
            Map<String, Object> finished = finish(endpoint, request, response);
            cached.store(finished);
            logged.succeeded(finished);
            return finished;
        } catch (RuntimeException e) {
            logged.failed(e, null);
            throw e;
        }
    }

    /** One streamed request: chunks go to {@code sink} as the upstream sends them. Errors before the first chunk are thrown. */
    public void stream(Endpoint endpoint, Map<String, Object> request, ChunkSink sink) {
        Setup s = setup;
        String model = check(endpoint, request, s);
        ResponseCache.Lookup cached = s.cache().start(endpoint, request);
        LoggedCall logged = s.callbacks().start(endpoint, request);
        Map<String, Object> hit = cached.hit();
        if (hit != null) {
            logged.cacheHit(hit);
            try {
                emitAll(OpenAiObjects.toChunks(endpoint, hit, OpenAiObjects.includeUsage(request)), sink);
            } catch (IOException e) {
                throw new ClientGone(e);
            }
            return;
        }
        // The whole answer is put together from the chunks only when a callback or the cache wants it
        StreamedAnswer answer = logged != LoggedCall.NONE || cached.writes() ? new StreamedAnswer() : null;
        StartedSink tracked = new StartedSink(answer == null ? sink : recording(sink, answer));
        try {
            s.router().run(model, d -> {
                logged.tried(d);
                streamOnce(endpoint, request, deployment(d, request, s), s.settings(), tracked);
                return null;
            }, tracked::started, r -> 0);
        } catch (RuntimeException e) {
            logged.failed(e, answer);
            throw e;
        }
        if (answer != null) {
            cached.store(answer.response());
            logged.streamed(answer);
        }
    }

    /** {@code sink}, with each chunk it is sent also added to {@code answer}. */
    private static ChunkSink recording(ChunkSink sink, StreamedAnswer answer) {
        return new ChunkSink() {
            @Override
            public void chunk(Map<String, Object> chunk) throws IOException {
                answer.add(chunk);
                sink.chunk(chunk);
            }

            @Override
            public void unchanged(StreamEvent event) throws IOException {
                answer.add(event.map());
                sink.unchanged(event);
            }
        };
    }

    private Map<String, Object> callOnce(Endpoint endpoint, Map<String, Object> request, Deployment d, Settings settings) {
        if (completionsViaChat(endpoint, d))
            return CompletionsViaChat.textResponse(callOnce(Endpoint.CHAT, CompletionsViaChat.chatRequest(request, d.provider()), d, settings));
        Prepared p = prepare(endpoint, request, d, settings, false);
        return p.answer != null ? p.answer : fetch(p, settings);
    }

    private void streamOnce(Endpoint endpoint, Map<String, Object> request, Deployment d, Settings settings, ChunkSink sink) {
        if (completionsViaChat(endpoint, d)) {
            streamOnce(Endpoint.CHAT, CompletionsViaChat.chatRequest(request, d.provider()), d, settings, chunk -> {
                Map<String, Object> text = CompletionsViaChat.textChunk(chunk);
                if (text != null) sink.chunk(text);
            });
            return;
        }
        Prepared p = prepare(endpoint, request, d, settings, true);
        try {
            if (p.answer != null) {
                emitAll(OpenAiObjects.toChunks(endpoint, p.answer, p.call.includeUsage()), sink);
            } else if (p.info.stream() == ProviderInfo.Stream.NONE || !p.script.streams(p.call)) {
                Prepared whole = prepare(endpoint, request, d, settings, false);
                emitAll(OpenAiObjects.toChunks(endpoint, fetch(whole, settings), p.call.includeUsage()), sink);
            } else {
                relay(p, settings, sink);
            }
        } catch (IOException e) {
            throw new ClientGone(e);
        }
    }

    /** A completions request for a provider that only chats: served through its chat API. */
    private boolean completionsViaChat(Endpoint endpoint, Deployment d) {
        if (endpoint != Endpoint.COMPLETIONS) return false;
        ProviderInfo info = providers.info(d.provider(), providers.get(d.provider()).script());
        return !info.endpoints().contains(Endpoint.COMPLETIONS) && info.endpoints().contains(Endpoint.CHAT);
    }

    /** Remembers whether the client has been sent anything: after that, no retry and no fallback. */
    private static final class StartedSink implements ChunkSink {
        private final ChunkSink sink;
        private volatile boolean started;

        StartedSink(ChunkSink sink) {
            this.sink = sink;
        }

        @Override
        public void chunk(Map<String, Object> chunk) throws IOException {
            started = true;
            sink.chunk(chunk);
        }

        @Override
        public void unchanged(StreamEvent event) throws IOException {
            started = true;
            sink.unchanged(event);
        }

        boolean started() {
            return started;
        }
    }

    /** Checks the request once, before any routing; returns the model it asks for (null: the default). */
    private static String check(Endpoint endpoint, Map<String, Object> request, Setup s) {
        RequestValidator.check(endpoint, request, s.router().hasDefault());
        if (!s.allowClientSideCredentials())
            for (String key : RequestBody.CLIENT_CREDENTIALS)
                if (request.containsKey(key))
                    throw LlmError.badRequest("'" + key + "' cannot be set by a client: the proxy holds the upstream settings"
                            + " (general_settings.allow_client_side_credentials allows it)", key, "client_credentials_not_allowed");
        return (String) request.get("model");
    }

    /**
     * The deployment, with the client's own api_base/api_key when the config allows them. A host the
     * client chose gets only the client's key: never the deployment's, never one from the environment.
     */
    private static Deployment deployment(Deployment d, Map<String, Object> request, Setup s) {
        if (!s.allowClientSideCredentials() || RequestBody.CLIENT_CREDENTIALS.stream().noneMatch(request::containsKey)) return d;
        Object clientBase = request.containsKey("api_base") ? request.get("api_base") : request.get("base_url");
        String base = clientBase != null ? clientBase.toString() : d.apiBase();
        String key = request.get("api_key") != null ? request.get("api_key").toString() : clientBase != null ? null : d.apiKey();
        String version = (String) request.getOrDefault("api_version", d.apiVersion());
        Map<String, Object> params = d.params();
        if (clientBase != null) {
            params = new LinkedHashMap<>(params);
            params.put(CLIENT_CHOSEN_HOST, true);
        }
        return new Deployment(d.modelName(), d.provider(), d.model(), base, key, version, params);
    }

    private static long totalTokens(Map<String, Object> response) {
        return response.get("usage") instanceof Map<?, ?> u && u.get("total_tokens") instanceof Number n ? n.longValue() : 0;
    }

    /** The client went away (its connection failed): nothing more to send, nobody to tell. */
    public static final class ClientGone extends RuntimeException {
        public ClientGone(IOException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    private record Prepared(Call call, ProviderScript script, ProviderInfo info, String provider,
                            UpstreamRequest request, byte[] body, Duration timeout, Map<String, Object> answer) {}

    private Prepared prepare(Endpoint endpoint, Map<String, Object> request, Deployment d, Settings settings, boolean stream) {
        var loaded = providers.get(d.provider());
        ProviderScript script = loaded.script();
        ProviderInfo info = providers.info(d.provider(), script);
        if (!info.endpoints().contains(endpoint))
            throw LlmError.badRequest("provider '" + d.provider() + "' does not serve /" + endpoint.path, null, "unsupported_endpoint");

        Map<String, Object> body = RequestBody.build(request, d, info, settings, stream);
        String apiBase = apiBase(d, info);
        Duration timeout = timeout(d, settings, stream);
        FollowUpCalls followUps = new FollowUpCalls(client, d, script, settings, timeout);
        Call call = new Call(endpoint, d.model(), body, stream, apiBase, apiKey(d, info, apiBase), d.apiVersion(), d.params(), new HashMap<>(), followUps);
        followUps.of(call);

        Object answer = script.answer(call);
        if (answer != null) return new Prepared(call, script, info, d.provider(), null, null, timeout, asMap(answer, "answer"));
        if (apiBase == null)
            throw LlmError.badRequest("provider '" + d.provider() + "' needs an api_base (--api_base or the deployment's api_base)", "api_base", "missing_api_base");
        UpstreamRequest upstream = UpstreamRequest.from(script.request(call)).withHeaders(d.param("headers"));
        byte[] bytes = upstream.bodyBytes();
        // Signing covers the final request; a script that set its own Authorization (e.g. an API key) is not signed.
        if (info.signsWithAws() && upstream.headers().keySet().stream().noneMatch("authorization"::equalsIgnoreCase))
            upstream = AwsSigner.sign(upstream, bytes, call, info.service());
        if (settings.debug()) log.info("{} request sent to {}:\n{}", upstream.method(), d.provider(), CurlLog.format(upstream, bytes));
        return new Prepared(call, script, info, d.provider(), upstream, bytes, timeout, null);
    }

    private Map<String, Object> fetch(Prepared p, Settings settings) {
        long start = System.nanoTime();
        UpstreamClient.Response r = client.send(p.request, p.body, remaining(p.call, p.request, p.timeout));
        if (settings.debug()) log.info("{} answered {} in {} ms", p.provider, r.status(), (System.nanoTime() - start) / 1_000_000);
        if (r.status() >= 300) throw UpstreamErrors.fromResponse(p.script, p.call, p.provider, r.status(), r.body(), r::header);
        Map<String, Object> response = asMap(p.script.response(p.call, UpstreamErrors.parseJson(p.provider, r.body())), "response");
        if (p.call.isChat()) ThinkTags.inChoices(response);
        return response;
    }


    /** What is left of the request's deadline for the next upstream call; a timeout error once it has passed. */
    static Duration remaining(Call call, UpstreamRequest request, Duration timeout) {
        Duration left = call.timeLeft();
        if (left.isZero()) throw UpstreamClient.timedOut(request, timeout);
        return left;
    }


    private void relay(Prepared p, Settings settings, ChunkSink sink) throws IOException {
        long start = System.nanoTime();
        UpstreamClient.Streaming s = client.open(p.request, p.body, remaining(p.call, p.request, p.timeout));
        boolean done = false;
        try {
            if (settings.debug()) log.info("{} answered {} in {} ms (stream)", p.provider, s.status(), (System.nanoTime() - start) / 1_000_000);
            if (s.status() >= 300)
                throw UpstreamErrors.fromResponse(p.script, p.call, p.provider, s.status(), s.body().readAllBytes(), s::header);
            StreamDecoder decoder = new StreamDecoder(s.body(), p.info.stream());
            StreamEvent event;
            while ((event = decoder.next()) != null) {
                if (event.getData().equals("[DONE]")) {
                    done = true;
                    break;
                }
                emit(p.script.streamEvent(p.call, event), sink);
            }
            if (s.expired()) throw UpstreamClient.timedOut(p.request, p.timeout);
        } catch (UpstreamIOException e) {
            throw e.getCause();
        } catch (IOException e) {
            if (s.expired()) throw UpstreamClient.timedOut(p.request, p.timeout);
            throw LlmError.badGateway("the stream from " + p.provider + " broke: " + UpstreamClient.describe(e));
        } finally {
            if (done) s.finishInBackground();
            else s.close();
        }
    }

    /** Wraps a write to the client, so that it is not mistaken for a broken upstream read. */
    private static final class UpstreamIOException extends IOException {
        UpstreamIOException(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    @SuppressWarnings("unchecked")
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
                throw new UpstreamIOException(e);
            }
            return;
        }
        Map<String, Object> chunk = out instanceof StreamEvent event ? event.map() : asMap(out, "streamEvent");
        if (chunk.get("error") != null && chunk.get("choices") == null) throw UpstreamErrors.inStream(chunk.get("error"));
        try {
            sink.chunk(chunk);
        } catch (IOException e) {
            throw new UpstreamIOException(e);
        }
    }

    private static void emitAll(List<Map<String, Object>> chunks, ChunkSink sink) throws IOException {
        try {
            for (Map<String, Object> c : chunks) emit(c, sink);
        } catch (UpstreamIOException e) {
            throw e.getCause();
        }
    }

    /** The response as clients expect it: base64 embeddings when asked for, whatever the upstream gave. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> finish(Endpoint endpoint, Map<String, Object> request, Map<String, Object> response) {
        if (endpoint == Endpoint.EMBEDDINGS && "base64".equals(request.get("encoding_format"))
                && response.get("data") instanceof List<?> data) {
            for (Object item : data)
                if (item instanceof Map<?, ?> m && m.get("embedding") instanceof List<?> vector)
                    ((Map<String, Object>) m).put("embedding", OpenAiObjects.base64Floats((List<? extends Number>) vector));
        }
        return response;
    }

    private String apiBase(Deployment d, ProviderInfo info) {
        String base = d.apiBase();
        if (base == null && info.apiBaseEnv() != null) base = Env.get(info.apiBaseEnv());
        if (base == null) base = info.apiBase();
        return base == null ? null : withoutTrailingSlashes(base);
    }

    /** {@code base} without its trailing slashes; no regex, as this runs on every request. */
    private static String withoutTrailingSlashes(String base) {
        int end = base.length();
        while (end > 0 && base.charAt(end - 1) == '/') end--;
        return base.substring(0, end);
    }

    private String apiKey(Deployment d, ProviderInfo info, String apiBase) {
        String key = d.apiKey();
        if (Boolean.TRUE.equals(d.param(CLIENT_CHOSEN_HOST))) return key;
        if (key == null && info.apiKeyEnv() != null) key = Env.get(info.apiKeyEnv());
        if (key == null && info.apiKeyEnv() != null && info.apiBase() != null && withoutTrailingSlashes(info.apiBase()).equals(apiBase))
            throw LlmError.authentication("no API key for " + d.provider() + ": set " + info.apiKeyEnv() + " or the deployment's api_key");
        return key;
    }

    /** The deployment's own timeout (stream_timeout for streams), else the proxy's request_timeout. */
    private static Duration timeout(Deployment d, Settings settings, boolean stream) {
        Object t = stream && d.param("stream_timeout") != null ? d.param("stream_timeout") : d.param("timeout");
        return t instanceof Number n ? Duration.ofMillis((long) (n.doubleValue() * 1000)) : settings.requestTimeout();
    }




    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value, String hook) {
        if (value instanceof Map<?, ?> m) return (Map<String, Object>) m;
        throw LlmError.internal("the provider script's " + hook + "() must return a map, got " + (value == null ? "null" : value.getClass().getSimpleName()));
    }

}
