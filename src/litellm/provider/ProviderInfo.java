package litellm.provider;

import litellm.openai.Endpoint;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a provider script declares with {@code info(...)} at its top.
 *
 * @param apiBase    the base URL used when neither the deployment nor {@code apiBaseEnv} gives one
 * @param apiBaseEnv environment variable that may hold the base URL
 * @param apiKeyEnv  environment variable that holds the key when the deployment has none
 * @param stream     how the upstream streams: sse, ndjson, or none (the core then cuts the whole answer into chunks)
 * @param endpoints  the OpenAI operations the provider serves
 * @param params     the OpenAI request parameters the provider understands; empty means all
 */
public record ProviderInfo(String apiBase, String apiBaseEnv, String apiKeyEnv, Stream stream,
                           Set<Endpoint> endpoints, Set<String> params) {

    public enum Stream { SSE, NDJSON, NONE }

    private static final Set<String> KEYS = Set.of("apiBase", "apiBaseEnv", "apiKeyEnv", "stream", "endpoints", "params");

    public static final ProviderInfo DEFAULT = new ProviderInfo(null, null, null, Stream.SSE, EnumSet.of(Endpoint.CHAT), Set.of());

    /** Reads an {@code info(...)} map; unknown keys and values are errors, so typos show at load time. */
    public static ProviderInfo of(Map<String, Object> m) {
        for (String key : m.keySet())
            if (!KEYS.contains(key)) throw new IllegalArgumentException("info(): unknown key '" + key + "'; known keys: " + KEYS);
        return new ProviderInfo(str(m.get("apiBase")), str(m.get("apiBaseEnv")), str(m.get("apiKeyEnv")),
                stream(m.getOrDefault("stream", "sse")), endpoints(m.get("endpoints")), strings(m.get("params")));
    }

    private static Stream stream(Object value) {
        try {
            return Stream.valueOf(String.valueOf(value).toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("info(): stream must be one of sse, ndjson, none; got '" + value + "'");
        }
    }

    private static Set<Endpoint> endpoints(Object value) {
        if (value == null) return EnumSet.of(Endpoint.CHAT);
        Set<Endpoint> set = EnumSet.noneOf(Endpoint.class);
        for (String path : strings(value)) {
            set.add(Arrays.stream(Endpoint.values()).filter(e -> e.path.equals(path)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("info(): unknown endpoint '" + path + "'; known: chat/completions, completions, embeddings")));
        }
        return set;
    }

    private static Set<String> strings(Object value) {
        if (value == null) return Set.of();
        Collection<?> items = value instanceof Collection<?> c ? c : List.of(value);
        return items.stream().map(String::valueOf).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static String str(Object value) {
        return value == null ? null : value.toString();
    }
}
