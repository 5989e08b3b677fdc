package litellm.engine;

import litellm.routing.Deployment;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A request's own api_base / api_key, where the setup takes them ({@link RequestCredentials}). Through the proxy, a
 * host the client chose gets only the client's key: never the deployment's, never one from the environment.
 */
final class ClientCredentials {
    /** Keys a client may not send unless allowed: they would point the proxy's configured keys at a host of the client's choice. */
    static final Set<String> KEYS = Set.of("api_base", "base_url", "api_key", "api_version", "azure_ad_token");

    /** Marks a deployment whose host a client chose: it gets no configured or environment key. */
    private static final String CLIENT_CHOSEN_HOST = "litellm.client_chosen_host";

    private ClientCredentials() {}

    /** The deployment, with the client's own api_base/api_key when the setup allows them. */
    static Deployment apply(Deployment d, Map<String, Object> request, Setup s) {
        if (s.credentials() == RequestCredentials.REFUSED || KEYS.stream().noneMatch(request::containsKey)) return d;
        boolean isolated = s.credentials() == RequestCredentials.CLIENTS_OWN;
        Object clientBase = request.containsKey("api_base") ? request.get("api_base") : request.get("base_url");
        String base = clientBase != null ? clientBase.toString() : d.apiBase();
        String key = request.get("api_key") != null ? request.get("api_key").toString() : clientBase != null && isolated ? null : d.apiKey();
        String version = (String) request.getOrDefault("api_version", d.apiVersion());
        Map<String, Object> params = d.params();
        if (clientBase != null && isolated) {
            params = new LinkedHashMap<>(params);
            params.put(CLIENT_CHOSEN_HOST, true);
        }
        return new Deployment(d.modelName(), d.provider(), d.model(), base, key, version, params, d.modelInfo(), null);
    }

    static boolean hostChosenByClient(Deployment d) {
        return Boolean.TRUE.equals(d.param(CLIENT_CHOSEN_HOST));
    }
}
