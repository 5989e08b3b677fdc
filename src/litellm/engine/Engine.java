package litellm.engine;

import litellm.anthropic.StreamedMessage;
import litellm.cache.ResponseCache;
import litellm.callbacks.CallLogger;
import litellm.callbacks.CallTrace;
import litellm.callbacks.LoggedCall;
import litellm.error.ClientGone;
import litellm.http.StreamEvent;
import litellm.http.UpstreamClient;
import litellm.openai.Endpoint;
import litellm.openai.StreamJoiner;
import litellm.openai.StreamedAnswer;
import litellm.provider.ProviderScripts;
import litellm.responses.ResponsesViaChat;
import litellm.responses.StoredResponses;
import litellm.responses.Turn;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Serves one request, in stages, the same for a whole answer and a stream:
 * check → cache → route (the router tries deployments, with retries and fallbacks) → prepare → send or relay → finish,
 * then the answer goes to the cache and the callbacks.
 */
public final class Engine {
    private volatile Setup setup;
    /** Given every call besides the config's callbacks: the spend of virtual keys; null for none. */
    private volatile CallLogger recorder;
    private final ProviderScripts providers;
    private final Attempt attempt;

    public Engine(Setup setup, ProviderScripts providers, UpstreamClient client) {
        this.setup = setup;
        this.providers = providers;
        this.attempt = new Attempt(providers, client);
    }

    /** Swaps in a new setup (a reloaded config) for the requests that start from now on. */
    public void reconfigure(Setup next) {
        CallLogger r = recorder;
        this.setup = r == null ? next : next.with(next.callbacks().and(r));
    }

    /** Gives {@code logger} every call from now on, whatever the config's callbacks, through reloads too. */
    public synchronized void recordEveryCall(CallLogger logger) {
        recorder = logger;
        reconfigure(setup);
    }

    public Setup setup() {
        return setup;
    }

    public ProviderScripts providers() {
        return providers;
    }

    /**
     * One non-streamed request to any endpoint; the OpenAI response object. {@code trace} is filled in as the call goes
     * (the deployment that served it, its retries...).
     */
    public Map<String, Object> call(Endpoint endpoint, Map<String, Object> request, CallTrace trace) {
        return call(endpoint, request, trace, null);
    }

    /**
     * {@link #call(Endpoint, Map, CallTrace)}; or null when the upstream's answer went to {@code passThrough} as it
     * arrived (a long answer the proxy would not change: {@link PassThrough}).
     */
    public Map<String, Object> call(Endpoint endpoint, Map<String, Object> request, CallTrace trace, BodySink passThrough) {
        Setup s = setup;
        if (endpoint != Endpoint.RESPONSES) return call(endpoint, request, s, trace, passThrough);
        Turn turn = Turn.of(request, StoredResponses.of(s.cache()));
        return turn.finished(call(endpoint, turn.request(), s, trace, null)); // the turn keeps the answer: never passed through
    }

    private Map<String, Object> call(Endpoint endpoint, Map<String, Object> request, Setup s, CallTrace trace, BodySink passThrough) {
        Opening o = open(endpoint, request, s, trace);
        Map<String, Object> hit = o.cached().hit();
        if (o.cached().key() != null) trace.cacheLookup(o.cached().key(), hit != null);
        if (hit != null) {
            o.logged().cacheHit(hit);
            return hit;
        }
        BodySink body = passThrough != null && PassThrough.allowed(endpoint, request, o.logged(), o.cached()) ? passThrough : null;
        try {
            Map<String, Object> response = s.router().run(o.model(), d -> {
                trace.tried(d);
                return attempt.whole(endpoint, request, ClientCredentials.apply(d, request, s), s.settings(), trace, body);
            }, body == null ? () -> false : body::started, Finish::totalTokens);
            if (body != null && body.started()) return null; // passed through: nothing in the proxy wants it (allowed() says so)
            Map<String, Object> finished = Finish.response(endpoint, request, response);
            trace.cost(Finish.cost(endpoint, request, finished, trace.deployment()));
            o.cached().store(finished);
            o.logged().succeeded(finished);
            return finished;
        } catch (RuntimeException e) {
            o.logged().failed(e, null);
            throw e;
        }
    }

    /** One streamed request: chunks go to {@code sink} as the upstream sends them. Errors before the first chunk are thrown. */
    public void stream(Endpoint endpoint, Map<String, Object> request, ChunkSink sink, CallTrace trace) {
        Setup s = setup;
        if (endpoint != Endpoint.RESPONSES) {
            stream(endpoint, request, sink, s, trace);
            return;
        }
        Turn turn = Turn.of(request, StoredResponses.of(s.cache()));
        stream(endpoint, turn.request(), new TurnSink(turn, sink), s, trace);
    }

    private void stream(Endpoint endpoint, Map<String, Object> request, ChunkSink sink, Setup s, CallTrace trace) {
        Opening o = open(endpoint, request, s, trace);
        Map<String, Object> hit = o.cached().hit();
        if (o.cached().key() != null) trace.cacheLookup(o.cached().key(), hit != null);
        if (hit != null) {
            o.logged().cacheHit(hit);
            if (endpoint == Endpoint.RESPONSES) ResponsesViaChat.replay(hit, sink::chunk);
            else replay(Finish.asStream(endpoint, request, hit), sink);
            return;
        }
        // The whole answer is put together from the chunks only when a callback, the cache or a usage to count wants it
        boolean endsWithUsage = Finish.endsWithUsage(endpoint, request);
        StreamJoiner answer = o.logged() != LoggedCall.NONE || o.cached().writes() || endsWithUsage ? joiner(endpoint) : null;
        Started started = new Started();
        ChunkSink tracked = started.marking(answer == null ? sink : recording(sink, answer));
        try {
            s.router().run(o.model(), d -> {
                trace.tried(d);
                attempt.stream(endpoint, request, ClientCredentials.apply(d, request, s), s.settings(), tracked, trace);
                return null;
            }, started, r -> 0);
            if (endsWithUsage) {
                Map<String, Object> counted = Finish.countedUsage(endpoint, request, answer.response());
                if (counted != null) replay(List.of(counted), tracked);
            }
        } catch (RuntimeException e) {
            o.logged().failed(e, answer);
            throw e;
        }
        if (o.cached().writes()) {
            flush(tracked); // the client has the whole stream before the cache's store, which may be a round trip
            o.cached().store(answer.response());
        }
        if (answer != null) o.logged().streamed(answer);
    }

    /**
     * One request whose answer is bytes (speech's audio), written to {@code sink} as the upstream sends them. Routed,
     * retried and logged as a call; never cached. Errors before the first byte are thrown.
     */
    public void binary(Endpoint endpoint, Map<String, Object> request, BinarySink sink, CallTrace trace) {
        Setup s = setup;
        Opening o = open(endpoint, request, s, trace);
        Started started = new Started();
        BinarySink tracked = started.marking(sink);
        Map<String, Object> answer;
        try {
            answer = s.router().run(o.model(), d -> {
                trace.tried(d);
                // known before the first byte, when the headers go: speech costs what its input is
                trace.cost(Finish.cost(endpoint, request, Map.of(), d));
                return attempt.binary(endpoint, request, ClientCredentials.apply(d, request, s), s.settings(), tracked, trace);
            }, started, r -> 0);
        } catch (RuntimeException e) {
            o.logged().failed(e, null);
            throw e;
        }
        o.logged().succeeded(answer);
    }

    /** LiteLLM's /health: a tiny call to each deployment (of {@code model}, or all), at once ({@link HealthCheck}). */
    public Map<String, Object> health(String model) {
        return HealthCheck.run(setup, attempt, model);
    }

    /**
     * Anthropic's count_tokens: checked and routed as a call, then counted by the deployment's upstream where it
     * counts, else by the tokenizer. It answers no prompt: no cache, no callbacks, no spend.
     */
    public Map<String, Object> countTokens(Map<String, Object> request) {
        Setup s = setup;
        String model = RequestCheck.check(Endpoint.COUNT_TOKENS, request, s);
        return s.router().run(model, d -> attempt.countTokens(request, ClientCredentials.apply(d, request, s), s.settings(), new CallTrace()), () -> false, r -> 0);
    }

    /** What puts a stream's events back together as the whole answer, in the endpoint's API. */
    private static StreamJoiner joiner(Endpoint endpoint) {
        return endpoint == Endpoint.MESSAGES ? new StreamedMessage() : new StreamedAnswer();
    }

    /** The stages before routing, the same for both paths: check, cache lookup, callbacks started. */
    private record Opening(String model, ResponseCache.Lookup cached, LoggedCall logged) {}

    private static Opening open(Endpoint endpoint, Map<String, Object> request, Setup s, CallTrace trace) {
        String model = RequestCheck.check(endpoint, request, s);
        return new Opening(model, s.cache().start(endpoint, request), s.callbacks().start(endpoint, request, trace));
    }

    private static void flush(ChunkSink sink) {
        try {
            sink.flush();
        } catch (IOException e) {
            throw new ClientGone(e);
        }
    }

    private static void replay(List<Map<String, Object>> chunks, ChunkSink sink) {
        try {
            StreamRelay.emitAll(chunks, sink);
        } catch (IOException e) {
            throw new ClientGone(e);
        }
    }

    /** {@code sink}, with each chunk it is sent also added to {@code answer}. */
    private static ChunkSink recording(ChunkSink sink, StreamJoiner answer) {
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

            @Override
            public void flush() throws IOException {
                sink.flush();
            }
        };
    }

    /**
     * Whether the client has been sent anything, through the sink it marks: after that, no retry and no fallback.
     * Streams and binary answers mark their sinks alike.
     */
    private static final class Started implements java.util.function.BooleanSupplier {
        private volatile boolean started;

        @Override
        public boolean getAsBoolean() {
            return started;
        }

        ChunkSink marking(ChunkSink sink) {
            return new ChunkSink() {
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

                @Override
                public void flush() throws IOException {
                    sink.flush();
                }
            };
        }

        BinarySink marking(BinarySink sink) {
            return contentType -> {
                started = true;
                return sink.start(contentType);
            };
        }
    }
}
