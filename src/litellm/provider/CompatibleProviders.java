package litellm.provider;

import litellm.openai.Endpoint;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The catalogue of OpenAI-compatible providers in {@code providers/openai-compatible.yaml}: a
 * provider listed there has no script of its own; {@code providers/openai.groovy} serves it with
 * the catalogue's base URL, key variable, endpoints and parameters in place of its own {@code info(...)}.
 */
public final class CompatibleProviders {
    /** The script that serves every provider of the catalogue. */
    public static final String SCRIPT = "openai";

    private static final String RESOURCE = "/providers/openai-compatible.yaml";
    /** What an entry serves when it lists no endpoints. */
    private static final List<Endpoint> DEFAULT_ENDPOINTS = List.of(Endpoint.CHAT, Endpoint.COMPLETIONS, Endpoint.EMBEDDINGS);
    private static final Set<String> KEYS = Set.of("api_base", "api_base_env", "api_key_env", "key_optional", "endpoints", "params", "renames");

    /** One catalogue entry. */
    public record Entry(String name, String apiBase, Object apiBaseEnv, String apiKeyEnv, boolean keyOptional,
                        Object endpoints, Object params, Object renames) {
        /**
         * The script's own info with this provider's settings in place. An optional key that is not
         * set means no key, rather than an error.
         */
        public ProviderInfo info(ProviderInfo script, Function<String, String> env) {
            String keyEnv = keyOptional && apiKeyEnv != null && env.apply(apiKeyEnv) == null ? null : apiKeyEnv;
            Map<String, Object> declaration = new LinkedHashMap<>();
            declaration.put("apiBase", apiBase);
            declaration.put("apiBaseEnv", apiBaseEnv);
            declaration.put("apiKeyEnv", keyEnv);
            declaration.put("stream", script.stream().name());
            // The Responses API, images, audio and moderations are OpenAI's own: a compatible service has the text operations
            // (and the Responses API translated onto chat) unless its entry lists more
            declaration.put("endpoints", endpoints != null ? endpoints
                    : DEFAULT_ENDPOINTS.stream().filter(script.endpoints()::contains).map(e -> e.path).toList());
            declaration.put("params", params != null ? params : script.params());
            declaration.put("renames", renames != null ? renames : script.renames());
            return ProviderInfo.of(declaration);
        }
    }

    private static volatile CompatibleProviders builtIn;

    private final Map<String, Entry> entries;

    CompatibleProviders(Map<String, Entry> entries) {
        this.entries = entries;
    }

    /** The catalogue packed with litellm.java. */
    public static CompatibleProviders builtIn() {
        if (builtIn == null) builtIn = parse(BuiltInYaml.load(RESOURCE));
        return builtIn;
    }

    @SuppressWarnings("unchecked")
    static CompatibleProviders parse(Map<String, Map<String, Object>> yaml) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        yaml.forEach((name, m) -> {
            for (String key : m.keySet())
                if (!KEYS.contains(key)) throw new IllegalArgumentException(RESOURCE + ": " + name + ": unknown key '" + key + "'; known: " + KEYS);
            Entry entry = new Entry(name, (String) m.get("api_base"), m.get("api_base_env"), (String) m.get("api_key_env"),
                    Boolean.TRUE.equals(m.get("key_optional")), m.get("endpoints"), m.get("params"), m.get("renames"));
            entry.info(ProviderInfo.DEFAULT, v -> null); // endpoint names and the like fail here, at load
            entries.put(name, entry);
        });
        return new CompatibleProviders(entries);
    }

    /** The entry of a provider; null when the catalogue does not list it. */
    public Entry get(String provider) {
        return entries.get(provider);
    }

    public Set<String> names() {
        return entries.keySet();
    }
}
