package litellm.provider;

import java.util.function.Predicate;

/**
 * Splits a LiteLLM model name into provider and model id: {@code huggingface/bigcode/starcoder} is
 * provider {@code huggingface}, model {@code bigcode/starcoder}; a bare name such as
 * {@code gpt-3.5-turbo} or {@code claude-2} is looked up in the model table ({@code providers/models.yaml}),
 * as LiteLLM does.
 */
public final class ModelNames {
    public record Resolved(String provider, String model) {}

    private ModelNames() {}

    /**
     * @param providerExists whether a provider of a given name exists (a script or a catalogue entry)
     * @return the provider and model id, or null when the name names no provider
     */
    public static Resolved resolve(String name, Predicate<String> providerExists) {
        int slash = name.indexOf('/');
        if (slash > 0) {
            String prefix = name.substring(0, slash);
            if (providerExists.test(prefix)) return new Resolved(prefix, name.substring(slash + 1));
        }
        String provider = ModelTable.builtIn().bareProvider(name);
        return provider == null ? null : new Resolved(provider, name);
    }
}
