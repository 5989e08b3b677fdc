package litellm.config;

import litellm.cache.CacheSettings;
import litellm.routing.Deployment;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A LiteLLM {@code config.yaml}, checked and with {@code os.environ/} references resolved.
 *
 * @param deployments one per model_list entry, in order: the first is the default model
 * @param environment the environment_variables section, seen by the proxy as if exported
 */
public record ProxyConfig(List<Deployment> deployments, Map<String, String> environment,
                          LitellmSettings litellm, RouterSettings router, GeneralSettings general) {

    /**
     * litellm_settings: each null when not given, but the callback lists (success_callback and callbacks,
     * failure_callback and callbacks), empty when not given.
     *
     * @param callbackEnvironment the environment variables the callbacks read (LANGFUSE_HOST...), as the config saw them
     * @param cache               the response cache; null when off
     * @param maxBudget           USD the proxy may spend (in each budgetDuration, when given)
     */
    public record LitellmSettings(Boolean dropParams, Boolean setVerbose, Double requestTimeout, Integer numRetries,
                                  List<Map<String, List<String>>> fallbacks, List<Map<String, List<String>>> contextWindowFallbacks,
                                  List<String> defaultFallbacks, String apiBase, List<String> successCallback, List<String> failureCallback,
                                  Map<String, String> callbackEnvironment, CacheSettings cache, Double maxBudget, Duration budgetDuration) {}

    /** router_settings: each null when not given. */
    public record RouterSettings(String routingStrategy, Integer numRetries, Integer allowedFails, Double cooldownTime, Double timeout,
                                 List<String> defaultFallbacks, Double retryAfter) {}

    /**
     * general_settings.
     *
     * @param maxRequestSizeMb the largest request body the proxy reads, in MB; null when not given
     */
    public record GeneralSettings(String masterKey, boolean allowClientSideCredentials, Double maxRequestSizeMb) {}
}
