package litellm.provider;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model table of {@code providers/models.yaml}: which provider serves a bare model name, and
 * each well-known model's context window and price per token, as in LiteLLM's model list.
 */
public final class ModelTable {
    /** One model's entry; a null limit or price means the table does not say. */
    public record Model(String provider, String name, Integer contextWindow, Integer maxOutputTokens,
                        Double inputCostPerToken, Double outputCostPerToken, String mode) {
        /** USD for a call with these token counts; null when the table has no price. */
        public Double cost(long promptTokens, long completionTokens) {
            if (inputCostPerToken == null && outputCostPerToken == null) return null;
            return promptTokens * orZero(inputCostPerToken) + completionTokens * orZero(outputCostPerToken);
        }

        /** USD for a call's usage in OpenAI's shape (prompt_tokens, completion_tokens); null when the table has no price. */
        public Double cost(Map<String, Object> usage) {
            return cost(tokens(usage, "prompt_tokens"), tokens(usage, "completion_tokens"));
        }

        private static long tokens(Map<String, Object> usage, String key) {
            return usage.get(key) instanceof Number n ? n.longValue() : 0;
        }

        static double orZero(Double d) {
            return d == null ? 0 : d;
        }
    }

    /**
     * The prices of an operation priced per unit rather than per token, under LiteLLM's names; a null price means the
     * table does not say.
     *
     * @param perPixel     images: USD per pixel of each image (input_cost_per_pixel)
     * @param perImage     images: USD per image (output_cost_per_image)
     * @param perSecond    transcriptions: USD per second of audio (input_cost_per_second plus output_cost_per_second)
     * @param perCharacter speech: USD per character of the input (input_cost_per_character)
     * @param perQuery     rerank: USD per search unit, one query of up to 100 documents (input_cost_per_query)
     */
    public record UnitPrices(Double perPixel, Double perImage, Double perSecond, Double perCharacter, Double perQuery) {
        static UnitPrices of(Map<String, Object> m) {
            Double in = number(m.get("input_cost_per_second")), out = number(m.get("output_cost_per_second"));
            return new UnitPrices(number(m.get("input_cost_per_pixel")), number(m.get("output_cost_per_image")),
                    in == null && out == null ? null : Model.orZero(in) + Model.orZero(out),
                    number(m.get("input_cost_per_character")), number(m.get("input_cost_per_query")));
        }
    }

    private static final String RESOURCE = "/providers/models.yaml";
    private static volatile ModelTable builtIn;

    /** provider -> model id -> entry. */
    private final Map<String, Map<String, Model>> models;
    /** provider -> the bare-name prefixes it serves. */
    private final Map<String, List<String>> barePrefixes;
    /** provider -> LiteLLM's key (a model, or an image size's and quality's variant of one) -> its prices per unit. */
    private final Map<String, Map<String, UnitPrices>> unitPrices;

    ModelTable(Map<String, Map<String, Model>> models, Map<String, List<String>> barePrefixes, Map<String, Map<String, UnitPrices>> unitPrices) {
        this.models = models;
        this.barePrefixes = barePrefixes;
        this.unitPrices = unitPrices;
    }

    /** The table packed with litellm.java. */
    public static ModelTable builtIn() {
        if (builtIn == null) builtIn = parse(BuiltInYaml.load(RESOURCE));
        return builtIn;
    }

    @SuppressWarnings("unchecked")
    static ModelTable parse(Map<String, Object> yaml) {
        Map<String, List<String>> prefixes = new LinkedHashMap<>();
        ((Map<String, List<Object>>) yaml.getOrDefault("bare_prefixes", Map.of()))
                .forEach((provider, list) -> prefixes.put(provider, list.stream().map(String::valueOf).toList()));
        Map<String, Map<String, Model>> models = new LinkedHashMap<>();
        ((Map<String, Map<Object, Map<String, Object>>>) yaml.getOrDefault("models", Map.of())).forEach((provider, entries) -> {
            Map<String, Model> byName = new LinkedHashMap<>();
            entries.forEach((name, m) -> byName.put(String.valueOf(name), new Model(provider, String.valueOf(name),
                    integer(m.get("context_window")), integer(m.get("max_output_tokens")),
                    number(m.get("input_cost_per_token")), number(m.get("output_cost_per_token")), (String) m.get("mode"))));
            models.put(provider, byName);
        });
        Map<String, Map<String, UnitPrices>> units = new LinkedHashMap<>();
        ((Map<String, Map<Object, Map<String, Object>>>) yaml.getOrDefault("unit_prices", Map.of())).forEach((provider, entries) -> {
            Map<String, UnitPrices> byKey = new LinkedHashMap<>();
            entries.forEach((key, m) -> byKey.put(String.valueOf(key), UnitPrices.of(m)));
            units.put(provider, byKey);
        });
        return new ModelTable(models, prefixes, units);
    }

    /**
     * The provider of a bare name: the provider that lists it, else the one with the longest
     * matching prefix; null when the table does not know the name.
     */
    public String bareProvider(String name) {
        for (String provider : barePrefixes.keySet())
            if (models.getOrDefault(provider, Map.of()).containsKey(name)) return provider;
        String best = null;
        int bestLength = 0;
        for (var e : barePrefixes.entrySet())
            for (String prefix : e.getValue())
                if (name.startsWith(prefix) && prefix.length() > bestLength) {
                    best = e.getKey();
                    bestLength = prefix.length();
                }
        return best;
    }

    /** The entry for a model of a provider ({@code groq}, {@code llama3-70b-8192}); null when not listed. */
    public Model model(String provider, String model) {
        return models.getOrDefault(provider, Map.of()).get(model);
    }

    /** The per-unit prices under LiteLLM's key for a provider ({@code openai}, {@code hd/1024-x-1024/dall-e-3}); null when not listed. */
    public UnitPrices unitPrices(String provider, String key) {
        return unitPrices.getOrDefault(provider, Map.of()).get(key);
    }

    /** Every entry, provider by provider. */
    public List<Model> all() {
        return models.values().stream().flatMap(m -> m.values().stream()).toList();
    }

    /** The most input tokens the model takes, for context_window_fallbacks; null when not listed. */
    public Integer contextWindow(String provider, String model) {
        Model m = model(provider, model);
        return m == null ? null : m.contextWindow();
    }

    private static Integer integer(Object v) {
        return v instanceof Number n ? n.intValue() : v == null ? null : Integer.valueOf(v.toString());
    }

    /** YAML 1.1 reads {@code 5e-7} (no dot) as text; both forms are numbers here. */
    private static Double number(Object v) {
        return v instanceof Number n ? n.doubleValue() : v == null ? null : Double.valueOf(v.toString());
    }
}
