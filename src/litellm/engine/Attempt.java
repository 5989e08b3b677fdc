package litellm.engine;

import litellm.anthropic.ChatToMessage;
import litellm.anthropic.MessageEvents;
import litellm.anthropic.MessagesToChat;
import litellm.anthropic.TokenCount;
import litellm.anthropic.ViaChat;
import litellm.callbacks.CallTrace;
import litellm.config.Settings;
import litellm.error.ClientGone;
import litellm.error.LlmError;
import litellm.http.Secrets;
import litellm.http.StreamFormat;
import litellm.http.UpstreamClient;
import litellm.openai.CompletionsViaChat;
import litellm.openai.Endpoint;
import litellm.provider.ProviderInfo;
import litellm.provider.ProviderScripts;
import litellm.responses.ResponsesViaChat;
import litellm.routing.Deployment;

import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.function.Supplier;

/** One try of one deployment, as the router asks for it: prepare, then send (a whole answer) or relay (a stream). */
final class Attempt {
    private final ProviderScripts providers;
    private final Sender sender;
    private final StreamRelay relay;
    private final BinaryRelay binaryRelay;

    Attempt(ProviderScripts providers, UpstreamClient client) {
        this.providers = providers;
        this.sender = new Sender(client);
        this.relay = new StreamRelay(client);
        this.binaryRelay = new BinaryRelay(client);
    }

    /**
     * @param trace       where the upstream's rate-limit headers go
     * @param passThrough where a long answer the proxy would not change may go as it arrives ({@link PassThrough}), or null
     */
    Map<String, Object> whole(Endpoint endpoint, Map<String, Object> request, Deployment d, Settings settings, CallTrace trace, BodySink passThrough) {
        return keyMasked(d, () -> {
            if (viaChat(Endpoint.COMPLETIONS, endpoint, d))
                return CompletionsViaChat.textResponse(whole(Endpoint.CHAT, CompletionsViaChat.chatRequest(request, d.provider()), d, settings, trace, null));
            if (viaChat(Endpoint.RESPONSES, endpoint, d))
                return ResponsesViaChat.response(request, d.provider(), chat -> whole(Endpoint.CHAT, chat, d, settings, trace, null));
            ViaChat via = messagesViaChat(endpoint, request, d);
            if (via != null) return ChatToMessage.message(whole(Endpoint.CHAT, via.chat(), d, settings, trace, null), via);
            CallPlan p = plan(endpoint, request, d, settings, false);
            return p.answer() != null ? p.answer() : sender.fetch(p, settings, trace, passThrough);
        });
    }

    void stream(Endpoint endpoint, Map<String, Object> request, Deployment d, Settings settings, ChunkSink sink, CallTrace trace) {
        keyMasked(d, () -> {
            relayOrEmit(endpoint, request, d, settings, sink, trace);
            return null;
        });
    }

    /** An answer that is bytes (speech): relayed as it arrives; what the callbacks log of it is returned. */
    Map<String, Object> binary(Endpoint endpoint, Map<String, Object> request, Deployment d, Settings settings, BinarySink sink, CallTrace trace) {
        return keyMasked(d, () -> {
            CallPlan p = plan(endpoint, request, d, settings, false);
            if (p.answer() != null) throw LlmError.internal("provider '" + d.provider() + "' answered /" + endpoint.path + " in the proxy, where bytes from an upstream are expected");
            return binaryRelay.relay(p, settings, sink, trace);
        });
    }

    /**
     * A script's exception (or a library's) may hold the call's key, which a client may have sent with the request:
     * it is masked before the exception reaches the log. The proxy's configured secrets are masked where text leaves.
     */
    private static <T> T keyMasked(Deployment d, Supplier<T> attempt) {
        try {
            return attempt.get();
        } catch (LlmError | ClientGone e) {
            throw e;
        } catch (RuntimeException e) {
            throw Secrets.masked(e, Collections.singletonList(d.apiKey()));
        }
    }

    private void relayOrEmit(Endpoint endpoint, Map<String, Object> request, Deployment d, Settings settings, ChunkSink sink, CallTrace trace) {
        if (viaChat(Endpoint.COMPLETIONS, endpoint, d)) {
            stream(Endpoint.CHAT, CompletionsViaChat.chatRequest(request, d.provider()), d, settings, chunk -> {
                Map<String, Object> text = CompletionsViaChat.textChunk(chunk);
                if (text != null) sink.chunk(text);
            }, trace);
            return;
        }
        ViaChat via = messagesViaChat(endpoint, request, d);
        if (via != null) {
            MessageEvents events = new MessageEvents(via, sink::chunk);
            stream(Endpoint.CHAT, via.chat(), d, settings, events::chunk, trace);
            try {
                events.end();
            } catch (IOException e) {
                throw new ClientGone(e);
            }
            return;
        }
        if (viaChat(Endpoint.RESPONSES, endpoint, d)) {
            ResponsesViaChat.stream(request, d.provider(), sink::chunk, (chat, chunks) -> stream(Endpoint.CHAT, chat, d, settings, chunks::accept, trace));
            return;
        }
        CallPlan p = plan(endpoint, request, d, settings, true);
        try {
            if (p.answer() != null) {
                StreamRelay.emitAll(Finish.asStream(endpoint, request, p.answer()), sink);
            } else if (p.info().stream() == StreamFormat.NONE || !p.script().streams(p.call())) {
                CallPlan whole = plan(endpoint, request, d, settings, false);
                StreamRelay.emitAll(Finish.asStream(endpoint, request, sender.fetch(whole, settings, trace, null)), sink);
            } else {
                relay.relay(p, settings, sink, trace);
            }
        } catch (IOException e) {
            throw new ClientGone(e);
        }
    }

    /** Anthropic's count_tokens: the upstream's own count where it has one, else the tokenizer's. */
    Map<String, Object> countTokens(Map<String, Object> request, Deployment d, Settings settings, CallTrace trace) {
        if (!info(d).endpoints().contains(Endpoint.COUNT_TOKENS)) return TokenCount.of(request);
        return keyMasked(d, () -> {
            CallPlan p = plan(Endpoint.COUNT_TOKENS, request, d, settings, false);
            return p.answer() != null ? p.answer() : sender.fetch(p, settings, trace, null);
        });
    }

    private CallPlan plan(Endpoint endpoint, Map<String, Object> request, Deployment d, Settings settings, boolean stream) {
        return CallPlan.prepare(endpoint, request, d, settings, stream, providers, sender);
    }

    /**
     * A request to {@code translated} (completions, responses, messages) for a provider that does not serve it but
     * chats: served through its chat API.
     */
    private boolean viaChat(Endpoint translated, Endpoint endpoint, Deployment d) {
        if (endpoint != translated) return false;
        ProviderInfo info = info(d);
        return !info.endpoints().contains(translated) && info.endpoints().contains(Endpoint.CHAT);
    }

    /** An Anthropic Messages request for a provider without Anthropic's API, as the chat request that serves it; null for any other. */
    private ViaChat messagesViaChat(Endpoint endpoint, Map<String, Object> request, Deployment d) {
        return viaChat(Endpoint.MESSAGES, endpoint, d) ? MessagesToChat.translate(request, info(d).params()) : null;
    }

    private ProviderInfo info(Deployment d) {
        return providers.info(d.provider(), providers.get(d.provider()).script());
    }
}
