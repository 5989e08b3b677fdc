package litellm;

import litellm.callbacks.CallLogger;
import litellm.callbacks.CallTrace;
import litellm.config.ConfigError;
import litellm.config.Flags;
import litellm.config.Settings;
import litellm.engine.BinarySink;
import litellm.engine.BodySink;
import litellm.engine.ChunkSink;
import litellm.engine.ConfiguredSetup;
import litellm.engine.Engine;
import litellm.engine.RequestCredentials;
import litellm.engine.Setup;
import litellm.error.LlmError;
import litellm.http.UpstreamClient;
import litellm.openai.Endpoint;
import litellm.provider.ModelNames;
import litellm.provider.ProviderScripts;
import litellm.responses.StoredResponses;
import litellm.routing.Deployment;
import litellm.routing.Router;
import litellm.runtime.Version;
import litellm.script.UserFolders;

import java.nio.file.Path;
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
 * llm.completion(Map.of("model", "openai/my-model", "messages", List.of(Map.of("role", "user", "content", "hi")),
 *         "api_base", "http://localhost:8001/v1", "api_key", "sk-local"));
 * llm.stream(Endpoint.CHAT, request, chunk -> System.out.println(chunk));
 * LiteLLM.fromConfig(Path.of("config.yaml")).chat("my-model-name", "hi");
 * </pre>
 * In one's own program there is no proxy boundary: a request's {@code api_base} and {@code api_key} are taken as
 * LiteLLM's {@code completion()} takes them. The work is the {@link Engine}'s; this class only names it for its users.
 */
public final class LiteLLM {
    public static final String VERSION = Version.VERSION;

    private final Engine engine;

    public LiteLLM(Setup setup, ProviderScripts providers, UpstreamClient client) {
        this.engine = new Engine(setup, providers, client);
    }

    public LiteLLM(Settings settings, Router router, ProviderScripts providers, UpstreamClient client) {
        this(new Setup(settings, router), providers, client);
    }

    /**
     * For scripts and JShell: each request's model names its provider, as in {@code litellm.completion()}, and a
     * request may carry its own {@code api_base} and {@code api_key}.
     */
    public static LiteLLM direct() {
        return direct(Settings.defaults(), null);
    }

    public static LiteLLM direct(Settings settings, Path userProviders) {
        ProviderScripts providers = new ProviderScripts(userProviders);
        Router router = Router.byModelName(name -> deployment(name, name, null, null, providers));
        return new LiteLLM(new Setup(settings, router).with(RequestCredentials.CALLERS), providers, new UpstreamClient(Version.USER_AGENT));
    }

    /**
     * Serves a LiteLLM config.yaml's model_list as the proxy does (routing, retries, fallbacks, cache, callbacks, the
     * user's provider scripts), with no server: requests name a {@code model_name}. A config that cannot be used is a
     * 400 {@link LlmError} whose message is the proxy's, {@code config.yaml:5:12: ...}.
     */
    public static LiteLLM fromConfig(Path configYaml) {
        ProviderScripts providers = new ProviderScripts(UserFolders.fromEnvironment().providers());
        try {
            Setup setup = ConfiguredSetup.from(ConfiguredSetup.load(configYaml, providers, Flags.NONE));
            return new LiteLLM(setup.with(RequestCredentials.CALLERS), providers, new UpstreamClient(Version.USER_AGENT));
        } catch (ConfigError e) {
            throw LlmError.badRequest(e.getMessage(), null, "invalid_config");
        }
    }

    /** A deployment for a LiteLLM model name such as {@code huggingface/bigcode/starcoder} or {@code claude-2}. */
    public static Deployment deployment(String modelName, String model, String apiBase, String apiVersion, ProviderScripts providers) {
        ModelNames.Resolved r = ModelNames.resolve(model, providers::exists);
        if (r == null && ModelNames.notSupported(model) != null) throw LlmError.badRequest(ModelNames.notSupported(model), "model", "model_not_found");
        if (r == null)
            throw LlmError.badRequest("cannot tell which provider serves '" + model + "': write it as <provider>/<model>, e.g. openai/" + model, "model", "model_not_found");
        return new Deployment(modelName, r.provider(), r.model(), apiBase, null, apiVersion, Map.of());
    }

    /** Swaps in a new setup (a reloaded config) for the requests that start from now on. */
    public void reconfigure(Setup next) {
        engine.reconfigure(next);
    }

    /** Gives {@code logger} every call from now on, besides the config's callbacks (the spend of virtual keys). */
    public void recordEveryCall(CallLogger logger) {
        engine.recordEveryCall(logger);
    }

    public Setup setup() {
        return engine.setup();
    }

    public List<String> modelNames() {
        return engine.setup().router().modelNames();
    }

    public ProviderScripts providers() {
        return engine.providers();
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
        return call(endpoint, request, new CallTrace());
    }

    /** {@link #call(Endpoint, Map)}, with what happened on the way in {@code trace} (the deployment, retries, rate limits). */
    public Map<String, Object> call(Endpoint endpoint, Map<String, Object> request, CallTrace trace) {
        return engine.call(endpoint, request, trace);
    }

    /** As {@link #call(Endpoint, Map, CallTrace)}; a long answer the proxy would not change may go to {@code passThrough} as it arrives (then: null). */
    public Map<String, Object> call(Endpoint endpoint, Map<String, Object> request, CallTrace trace, BodySink passThrough) {
        return engine.call(endpoint, request, trace, passThrough);
    }

    /**
     * LiteLLM's {@code /health}: a tiny call to every deployment (or {@code model}'s; null for all), at once, within a
     * minute: {@code healthy_endpoints}, {@code unhealthy_endpoints} and their counts, with no key in them.
     */
    public Map<String, Object> health(String model) {
        return engine.health(model);
    }

    /** Anthropic's {@code /v1/messages/count_tokens}: {@code {"input_tokens": n}} for a Messages request. */
    public Map<String, Object> countTokens(Map<String, Object> request) {
        return engine.countTokens(request);
    }

    /** One streamed request: chunks go to {@code sink} as the upstream sends them. Errors before the first chunk are thrown. */
    public void stream(Endpoint endpoint, Map<String, Object> request, ChunkSink sink) {
        stream(endpoint, request, sink, new CallTrace());
    }

    /** {@link #stream(Endpoint, Map, ChunkSink)}, with what happened on the way in {@code trace}, complete before the first chunk. */
    public void stream(Endpoint endpoint, Map<String, Object> request, ChunkSink sink, CallTrace trace) {
        engine.stream(endpoint, request, sink, trace);
    }

    /** One request whose answer is bytes (speech's audio): written to {@code sink} as the upstream sends them. */
    public void binary(Endpoint endpoint, Map<String, Object> request, BinarySink sink) {
        binary(endpoint, request, new CallTrace(), sink);
    }

    /** {@link #binary(Endpoint, Map, BinarySink)}, with what happened on the way in {@code trace}, complete before the first byte. */
    public void binary(Endpoint endpoint, Map<String, Object> request, CallTrace trace, BinarySink sink) {
        engine.binary(endpoint, request, sink, trace);
    }

    /** A response the Responses API gave, as {@code GET /v1/responses/{id}}; a 404 LlmError when it is not stored. */
    public Map<String, Object> storedResponse(String id) {
        return StoredResponses.of(engine.setup().cache()).response(id);
    }

    /** Forgets a stored response, as {@code DELETE /v1/responses/{id}}; a 404 LlmError when it is not stored. */
    public Map<String, Object> deleteResponse(String id) {
        return StoredResponses.of(engine.setup().cache()).delete(id);
    }
}
