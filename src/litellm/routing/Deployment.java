package litellm.routing;

import litellm.provider.ModelTable;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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

    /**
     * What names this deployment the same way in every instance of the proxy that has it in its config (the key of
     * what they share through Redis): a hash of what it calls, its key included, never the key itself.
     */
    public String id() {
        String what = String.join("\n", modelName, provider, model, String.valueOf(apiBase), String.valueOf(apiVersion), String.valueOf(apiKey));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(what.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
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
}
