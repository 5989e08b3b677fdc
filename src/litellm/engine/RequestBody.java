package litellm.engine;

import litellm.openai.Endpoint;
import litellm.openai.FunctionsInPrompt;
import litellm.error.LlmError;
import litellm.provider.ProviderInfo;
import litellm.provider.ReasoningState;
import litellm.config.Settings;
import litellm.routing.Deployment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What a provider script gets as the request body: the client's, with the proxy's defaults and unsupported parameters handled. */
final class RequestBody {
    private static final Logger log = LoggerFactory.getLogger(RequestBody.class);

    /** Request parameters a deployment's litellm_params may give defaults for. */
    private static final List<String> DEPLOYMENT_DEFAULTS = List.of("temperature", "max_tokens", "top_p", "stop", "presence_penalty",
            "frequency_penalty", "seed", "n", "max_completion_tokens", "response_format", "logit_bias");
    /** LiteLLM's own request fields, which no provider gets: metadata names the call in the logs, cache and caching steer the cache. */
    private static final List<String> LITELLM_OWN = List.of("metadata", "cache", "caching");
    /** The proxy's own fields in a body passed on in the upstream's API (where metadata is Anthropic's own, LiteLLM's is litellm_metadata). */
    private static final List<String> PROXY_OWN = List.of("cache", "caching", "drop_params", "litellm_metadata");
    /** Request fields every provider gets, whatever parameters it declares. */
    private static final Set<String> ALWAYS_ALLOWED = Set.of("messages", "prompt", "input", "stream", "stream_options", "user");

    private RequestBody() {}

    /**
     * A body in the upstream's own API (Anthropic's Messages API to Anthropic), or of an operation that generates no
     * text (images, audio, moderations, rerank): the client's, as it came, less the model (the script names the
     * deployment's) and the proxy's own fields. Its parameters are the upstream's to check.
     */
    static Map<String, Object> passedOn(Map<String, Object> request, Endpoint endpoint, boolean stream) {
        Map<String, Object> body = new LinkedHashMap<>(request);
        body.remove("model");
        PROXY_OWN.forEach(body::remove);
        if (!endpoint.anthropic()) body.remove("metadata");
        ClientCredentials.KEYS.forEach(body::remove);
        if (endpoint == Endpoint.MESSAGES) body.put("stream", stream);
        return body;
    }

    static Map<String, Object> build(Map<String, Object> request, Deployment d, ProviderInfo info, Settings settings, boolean stream) {
        Map<String, Object> body = new LinkedHashMap<>(request);
        body.remove("model");
        LITELLM_OWN.forEach(body::remove);
        ClientCredentials.KEYS.forEach(body::remove); // the call's own settings, never a request field
        boolean drop = settings.dropParams() || Boolean.TRUE.equals(body.remove("drop_params"));
        // Defaults, weakest last: the request's own value, then the command line's, then the deployment's.
        if (settings.temperature() != null) body.putIfAbsent("temperature", settings.temperature());
        if (settings.maxTokens() != null) body.putIfAbsent("max_tokens", settings.maxTokens());
        for (String key : DEPLOYMENT_DEFAULTS)
            if (d.param(key) != null) body.putIfAbsent(key, d.param(key));
        body.put("stream", stream);
        info.renames().forEach((from, to) -> {
            if (body.containsKey(from)) body.putIfAbsent(to, body.remove(from)); // a value given under the provider's own name wins
        });
        if (body.get("messages") instanceof List<?> messages) body.put("messages", ReasoningState.forProvider(messages, info));
        if (!info.params().isEmpty()) {
            if (settings.addFunctionToPrompt() && !info.params().contains("tools") && !info.params().contains("functions"))
                FunctionsInPrompt.move(body);
            for (var it = body.keySet().iterator(); it.hasNext(); ) {
                String key = it.next();
                if (ALWAYS_ALLOWED.contains(key) || info.params().contains(key)) continue;
                if (!drop)
                    throw LlmError.badRequest("provider '" + d.provider() + "' does not support the parameter '" + key + "'; set drop_params"
                            + " (--drop_params, litellm_settings.drop_params or \"drop_params\": true in the request) to drop it"
                            + (FunctionsInPrompt.FIELDS.contains(key) ? ", or --add_function_to_prompt to describe the functions in the prompt" : ""),
                            key, "unsupported_parameter");
                if (settings.debug()) log.info("dropped parameter '{}' that {} does not support", key, d.provider());
                it.remove();
            }
        }
        return body;
    }
}
