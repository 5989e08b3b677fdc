package litellm.provider;

import litellm.provider.ModelNames;
import litellm.provider.ModelTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** providers/models.yaml: bare names resolve to their provider as in LiteLLM; context windows and prices. */
class ModelTableTest {
    static final ModelTable TABLE = ModelTable.builtIn();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "gpt-3.5-turbo, openai", "gpt-4o-mini, openai", "gpt-4-0125-preview, openai", "text-embedding-ada-002, openai", "o1-mini, openai",
            "claude-2, anthropic", "claude-instant-1, anthropic", "claude-3-haiku-20240307, anthropic",
            "command-nightly, cohere", "command, cohere", "command-r, cohere", "embed-english-v3.0, cohere",
            "j2-ultra, ai21", "j2-light, ai21", "jamba-1.5-large, ai21",
            "chat-bison, palm", "text-bison, palm", "chat-bison-001, palm",
            "gemini-pro, gemini", "gemini-1.5-flash, gemini",
    })
    void bareNamesResolveToTheirProvider(String name, String provider) {
        assertEquals(new ModelNames.Resolved(provider, name), ModelNames.resolve(name, p -> false));
    }

    @Test
    void prefixedNamesNameTheirProviderAndUnknownBareNamesNone() {
        Set<String> providers = Set.of("groq", "huggingface", "openai");
        assertEquals(new ModelNames.Resolved("groq", "llama3-70b-8192"), ModelNames.resolve("groq/llama3-70b-8192", providers::contains));
        assertEquals(new ModelNames.Resolved("huggingface", "bigcode/starcoder"), ModelNames.resolve("huggingface/bigcode/starcoder", providers::contains));
        assertEquals(new ModelNames.Resolved("openai", "gpt-4"), ModelNames.resolve("openai/gpt-4", providers::contains));
        assertNull(ModelNames.resolve("llama3-70b-8192", providers::contains));
        assertNull(ModelNames.resolve("nosuch/model", providers::contains));
    }

    @ParameterizedTest(name = "{0}/{1}: {2} tokens, {3} and {4} USD a token")
    @CsvSource({
            "openai, gpt-3.5-turbo, 16385, 1.5e-6, 2.0e-6",
            "openai, gpt-4, 8192, 3.0e-5, 6.0e-5",
            "anthropic, claude-2, 100000, 8.0e-6, 2.4e-5",
            "cohere, command-nightly, 4096, 1.0e-6, 2.0e-6",
            "ai21, j2-ultra, 8192, 1.5e-5, 1.5e-5",
            "palm, chat-bison, 8192, 1.25e-7, 1.25e-7",
            "gemini, gemini-pro, 32760, 3.5e-7, 1.05e-6",
            "groq, llama3-70b-8192, 8192, 5.9e-7, 7.9e-7",
            "mistral, mistral-tiny, 32000, 2.5e-7, 2.5e-7",
    })
    void contextWindowAndPricesAreLiteLlms(String provider, String model, int window, double input, double output) {
        assertEquals(window, TABLE.contextWindow(provider, model));
        var m = TABLE.model(provider, model);
        assertEquals(input, m.inputCostPerToken());
        assertEquals(output, m.outputCostPerToken());
    }

    @Test
    void costIsTokensTimesPrices() {
        assertEquals(0.06, TABLE.model("openai", "gpt-4").cost(1000, 500), 1e-12);
        assertEquals(1000 * 5.9e-7 + 100 * 7.9e-7, TABLE.model("groq", "llama3-70b-8192").cost(1000, 100), 1e-15);
        assertNull(TABLE.model("openai", "no-such-model"));
        assertNull(TABLE.contextWindow("gemini", "gpt-4"), "a model is looked up under its own provider");
    }

    @Test
    void everyEntryHasAWindowAndAnInputPrice() {
        assertTrue(TABLE.all().size() > 50);
        for (var m : TABLE.all()) {
            assertNotNull(m.contextWindow(), m.provider() + "/" + m.name());
            assertNotNull(m.inputCostPerToken(), m.provider() + "/" + m.name());
            assertTrue(m.mode() == null || Set.of("completion", "embedding").contains(m.mode()), m.name());
        }
    }
}
