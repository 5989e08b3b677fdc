package litellm.config;

import litellm.routing.Deployment;

import java.util.List;
import java.util.Map;

/**
 * A LiteLLM {@code config.yaml}, checked, with {@code os.environ/} references resolved and the command line's
 * flags applied.
 *
 * @param deployments one per model_list entry, in order: the first is the default model
 * @param environment the environment_variables section, seen by the proxy as if exported
 * @param settings    litellm_settings, router_settings and general_settings, with the flags, as {@link ProxySettings#decide} decides
 */
public record ProxyConfig(List<Deployment> deployments, Map<String, String> environment, ProxySettings settings) {}
