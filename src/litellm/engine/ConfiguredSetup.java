package litellm.engine;

import litellm.cache.ResponseCache;
import litellm.callbacks.Budget;
import litellm.callbacks.Callbacks;
import litellm.config.ProxyConfig;
import litellm.config.Settings;
import litellm.routing.Deployment;
import litellm.routing.Router;
import litellm.routing.RoutingStrategy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a config (and the command line's flags, which win where both speak) into what the engine runs with. */
public final class ConfiguredSetup {
    /** Command-line flags that can override a config: null or false when not given. */
    public record Flags(Double temperature, Integer maxTokens, Integer requestTimeoutSeconds, boolean dropParams,
                        boolean addFunctionToPrompt, boolean debug, String apiBase) {
        /** What the flags alone set, with no config: a timeout not given is the default one. */
        public Settings settings() {
            Duration timeout = requestTimeoutSeconds == null ? Settings.DEFAULT_TIMEOUT : Duration.ofSeconds(requestTimeoutSeconds);
            return new Settings(temperature, maxTokens, timeout, dropParams, addFunctionToPrompt, debug);
        }
    }

    private ConfiguredSetup() {}

    public static Setup from(ProxyConfig config, Flags flags) {
        var litellm = config.litellm();
        var router = config.router();
        Duration timeout = flags.requestTimeoutSeconds() != null ? Duration.ofSeconds(flags.requestTimeoutSeconds())
                : seconds(router.timeout() != null ? router.timeout() : litellm.requestTimeout(), Settings.DEFAULT_TIMEOUT);
        Settings settings = new Settings(flags.temperature(), flags.maxTokens(), timeout,
                flags.dropParams() || Boolean.TRUE.equals(litellm.dropParams()), flags.addFunctionToPrompt(),
                flags.debug() || Boolean.TRUE.equals(litellm.setVerbose()));
        Router.Policy policy = new Router.Policy(
                router.routingStrategy() == null ? RoutingStrategy.SIMPLE_SHUFFLE : RoutingStrategy.named(router.routingStrategy()),
                router.numRetries() != null ? router.numRetries() : litellm.numRetries() != null ? litellm.numRetries() : 0,
                router.allowedFails() != null ? router.allowedFails() : Router.Policy.DEFAULT.allowedFails(),
                seconds(router.cooldownTime(), Router.Policy.DEFAULT.cooldown()),
                merge(litellm.fallbacks()), merge(litellm.contextWindowFallbacks()),
                router.defaultFallbacks() != null ? router.defaultFallbacks() : litellm.defaultFallbacks() != null ? litellm.defaultFallbacks() : List.of(),
                seconds(router.retryAfter(), Duration.ZERO));
        String apiBase = flags.apiBase() != null ? flags.apiBase() : litellm.apiBase();
        List<Deployment> deployments = config.deployments().stream()
                .map(d -> d.apiBase() != null || apiBase == null ? d
                        : new Deployment(d.modelName(), d.provider(), d.model(), apiBase, d.apiKey(), d.apiVersion(), d.params()))
                .toList();
        return new Setup(settings, Router.of(deployments, policy), config.general().masterKey(),
                config.general().allowClientSideCredentials(), Callbacks.of(litellm.successCallback(), litellm.failureCallback(), litellm.callbackEnvironment()::get,
                        litellm.maxBudget() == null ? null : Budget.of(litellm.maxBudget(), litellm.budgetDuration())),
                ResponseCache.of(litellm.cache()));
    }

    /** LiteLLM's list of one-key maps, {@code [{a: [b, c]}, {d: [e]}]}, as one map. */
    private static Map<String, List<String>> merge(List<Map<String, List<String>>> rules) {
        Map<String, List<String>> merged = new LinkedHashMap<>();
        if (rules != null) rules.forEach(merged::putAll);
        return merged;
    }

    private static Duration seconds(Double value, Duration otherwise) {
        return value == null ? otherwise : Duration.ofMillis((long) (value * 1000));
    }
}
