package litellm.routing;

import java.util.Map;

/**
 * One upstream model the proxy can call: what clients name it ({@code modelName}), which provider
 * script serves it and the model id that provider knows it by, with its own settings.
 * {@code params} holds every other litellm_params entry (temperature, headers, custom fields...).
 */
public record Deployment(String modelName, String provider, String model, String apiBase, String apiKey,
                         String apiVersion, Map<String, Object> params) {
    public Deployment {
        params = params == null ? Map.of() : Map.copyOf(params);
    }

    public Object param(String name) {
        return params.get(name);
    }
}
