package litellm.provider;

import java.util.List;
import java.util.function.Predicate;

/**
 * Splits a LiteLLM model name into provider and model id: {@code huggingface/bigcode/starcoder} is
 * provider {@code huggingface}, model {@code bigcode/starcoder}; a bare name such as
 * {@code gpt-3.5-turbo} or {@code claude-2} is looked up by its prefix, as LiteLLM does.
 */
public final class ModelNames {
    public record Resolved(String provider, String model) {}

    /** Bare-name prefixes and the provider that serves them (LiteLLM's own model lists). */
    private static final List<String[]> BARE_PREFIXES = List.of(
            new String[]{"gpt-", "openai"}, new String[]{"o1", "openai"}, new String[]{"o3", "openai"}, new String[]{"o4", "openai"},
            new String[]{"chatgpt-", "openai"}, new String[]{"text-embedding-", "openai"}, new String[]{"davinci", "openai"},
            new String[]{"babbage", "openai"}, new String[]{"text-davinci", "openai"}, new String[]{"claude-", "anthropic"},
            new String[]{"command", "cohere"}, new String[]{"embed-", "cohere"}, new String[]{"j2-", "ai21"},
            new String[]{"jamba", "ai21"}, new String[]{"chat-bison", "palm"}, new String[]{"text-bison", "palm"},
            new String[]{"gemini-", "gemini"});

    private ModelNames() {}

    /**
     * @param providerExists whether a provider script of a given name exists
     * @return the provider and model id, or null when the name names no provider
     */
    public static Resolved resolve(String name, Predicate<String> providerExists) {
        int slash = name.indexOf('/');
        if (slash > 0) {
            String prefix = name.substring(0, slash);
            if (providerExists.test(prefix)) return new Resolved(prefix, name.substring(slash + 1));
        }
        for (String[] rule : BARE_PREFIXES)
            if (name.startsWith(rule[0])) return new Resolved(rule[1], name);
        return null;
    }
}
