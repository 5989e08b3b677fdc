package litellm.routing;

import litellm.http.Secrets;
import litellm.provider.ModelTable;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A deployment as LiteLLM's {@code /model/info} shows it: {@code model_name}, its {@code litellm_params} without a
 * secret (keys left out, key headers and keys in URLs masked) and its {@code model_info}: the config's, with the id,
 * the provider, and the limits, prices and mode the model table knows.
 */
public final class ModelInfo {
    private ModelInfo() {}

    public static Map<String, Object> of(Deployment d) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("model_name", d.modelName());
        entry.put("litellm_params", params(d));
        entry.put("model_info", info(d));
        return entry;
    }

    private static Map<String, Object> params(Deployment d) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("model", d.provider() + "/" + d.model());
        if (d.apiBase() != null) p.put("api_base", Secrets.maskKnown(Secrets.maskUrl(d.apiBase())));
        if (d.apiVersion() != null) p.put("api_version", d.apiVersion());
        d.params().forEach((name, value) -> {
            if (secret(name) || name.startsWith("litellm.")) return; // a key, or the proxy's own mark
            p.put(name, withoutSecrets(name, value));
        });
        return p;
    }

    private static Object withoutSecrets(String name, Object value) {
        if (value instanceof Map<?, ?> m) { // headers: a key header's value masked
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), secret(String.valueOf(k)) ? Secrets.mask(String.valueOf(v))
                    : v instanceof String s ? Secrets.maskKnown(Secrets.maskHeader(String.valueOf(k), s)) : v));
            return out;
        }
        return value instanceof String s ? Secrets.maskKnown(s) : value;
    }

    private static Map<String, Object> info(Deployment d) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("id", d.id());
        info.put("db_model", false);
        ModelTable.Model known = ModelTable.builtIn().model(d.provider(), d.model());
        ModelTable.Model prices = d.prices();
        info.put("litellm_provider", d.provider());
        info.put("mode", known != null && known.mode() != null ? known.mode() : "chat");
        info.put("max_input_tokens", known == null ? null : known.contextWindow());
        info.put("max_output_tokens", known == null ? null : known.maxOutputTokens());
        info.put("max_tokens", known == null ? null : known.maxOutputTokens());
        info.put("input_cost_per_token", prices == null ? null : prices.inputCostPerToken());
        info.put("output_cost_per_token", prices == null ? null : prices.outputCostPerToken());
        d.modelInfo().forEach((name, value) -> info.put(name, secret(name) ? Secrets.mask(String.valueOf(value)) : value));
        return info;
    }

    /** A name whose value is a secret; a price per token is none. */
    private static boolean secret(String name) {
        return Secrets.namesASecret(name) && !name.endsWith("_per_token");
    }
}
