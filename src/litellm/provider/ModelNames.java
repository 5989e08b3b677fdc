package litellm.provider;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Splits a LiteLLM model name into provider and model id: {@code huggingface/bigcode/starcoder} is
 * provider {@code huggingface}, model {@code bigcode/starcoder}; a bare name such as
 * {@code gpt-3.5-turbo} or {@code claude-2} is looked up in the model table ({@code providers/models.yaml}),
 * as LiteLLM does. LiteLLM's provider names that are served under another name here ({@code ollama_chat}) or not at
 * all are in {@code providers/provider-names.yaml}.
 */
public final class ModelNames {
    public record Resolved(String provider, String model) {}

    private static final String RESOURCE = "/providers/provider-names.yaml";

    /** The names of providers-names.yaml. */
    private record LiteLlmNames(Map<String, String> sameAs, Set<String> notSupported) {
        @SuppressWarnings("unchecked")
        static LiteLlmNames load() {
            Map<String, Object> yaml = BuiltInYaml.load(RESOURCE);
            return new LiteLlmNames(Map.copyOf((Map<String, String>) yaml.get("same_as")),
                    Set.copyOf((List<String>) yaml.get("not_supported")));
        }
    }

    private static volatile LiteLlmNames names;

    private ModelNames() {}

    private static LiteLlmNames names() {
        if (names == null) names = LiteLlmNames.load();
        return names;
    }

    /**
     * @param providerExists whether a provider of a given name exists (a script or a catalogue entry)
     * @return the provider and model id, or null when the name names no provider
     */
    public static Resolved resolve(String name, Predicate<String> providerExists) {
        int slash = name.indexOf('/');
        if (slash > 0) {
            String prefix = name.substring(0, slash);
            if (providerExists.test(prefix)) return new Resolved(prefix, name.substring(slash + 1));
            String same = names().sameAs().get(prefix);
            if (same != null && providerExists.test(same)) return new Resolved(same, name.substring(slash + 1));
        }
        String provider = ModelTable.builtIn().bareProvider(name);
        return provider == null ? null : new Resolved(provider, name);
    }

    /**
     * Why a name {@link #resolve} cannot serve names no provider, in one line, when its prefix is one of LiteLLM's
     * providers that has none here; null otherwise.
     */
    public static String notSupported(String name) {
        int slash = name.indexOf('/');
        if (slash <= 0 || !names().notSupported().contains(name.substring(0, slash))) return null;
        return "'" + name + "': " + name.substring(0, slash) + " is a LiteLLM provider that litellm.java does not support"
                + " (the README's Providers section lists those it does)";
    }
}
