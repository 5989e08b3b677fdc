package litellm.routing;

import litellm.provider.ModelTable;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * One upstream model the proxy can call: what clients name it ({@code modelName}), which provider
 * script serves it and the model id that provider knows it by, with its own settings.
 * {@code params} holds every other litellm_params entry (temperature, headers, custom fields...).
 *
 * @param modelInfo the config's model_info, as written (LiteLLM's /model/info shows it)
 * @param id        model_info's id, else a hash of what the deployment is (never of its key): the same for the same
 *                  config entry on every start and every instance, as LiteLLM's model id
 */
public record Deployment(String modelName, String provider, String model, String apiBase, String apiKey,
                         String apiVersion, Map<String, Object> params, Map<String, Object> modelInfo, String id) {
    public Deployment {
        params = params == null ? Map.of() : Map.copyOf(params);
        modelInfo = modelInfo == null ? Map.of() : modelInfo;
        if (id == null) id = modelInfo.get("id") != null ? modelInfo.get("id").toString() : hash(modelName, provider, model, apiBase, apiVersion, params);
    }

    public Deployment(String modelName, String provider, String model, String apiBase, String apiKey, String apiVersion, Map<String, Object> params) {
        this(modelName, provider, model, apiBase, apiKey, apiVersion, params, null, null);
    }

    public Object param(String name) {
        return params.get(name);
    }

    /** Its prices per token: its own (LiteLLM's custom pricing in litellm_params), else the model table's; null when unknown. */
    public ModelTable.Model prices() {
        Double input = number(param("input_cost_per_token")), output = number(param("output_cost_per_token"));
        if (input != null || output != null) return new ModelTable.Model(provider, model, null, null, input, output, null);
        return ModelTable.builtIn().model(provider, model);
    }

    private static Double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : null;
    }

    private static String hash(String modelName, String provider, String model, String apiBase, String apiVersion, Map<String, Object> params) {
        String what = String.join("\n", modelName, provider, model, String.valueOf(apiBase), String.valueOf(apiVersion), new TreeMap<>(params).toString());
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(what.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256
        }
    }
}
