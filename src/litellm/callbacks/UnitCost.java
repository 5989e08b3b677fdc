package litellm.callbacks;

import litellm.openai.Endpoint;
import litellm.provider.ModelTable;
import litellm.provider.ModelTable.UnitPrices;

import java.util.List;
import java.util.Map;

/**
 * What a call of an operation priced per unit rather than per token costs, as LiteLLM prices it: an image per pixel
 * (or per image) of the size and quality asked for, a transcription per second of audio, speech per character of its
 * input, a rerank per search unit; a moderation nothing. Prices are providers/models.yaml's {@code unit_prices}.
 */
public final class UnitCost {
    private static final String DEFAULT_SIZE = "1024x1024";
    private static final String DEFAULT_QUALITY = "standard";

    private UnitCost() {}

    /** Whether {@code endpoint}'s calls are priced per unit (here) rather than per token. */
    public static boolean priced(Endpoint endpoint) {
        return !endpoint.takesModelParams() && !endpoint.anthropic();
    }

    /** USD for a call of {@code endpoint} answered by {@code model} of {@code provider}; null when the model's price is not known. */
    public static Double of(Endpoint endpoint, String provider, String model, Map<String, Object> request, Map<String, Object> response) {
        if (endpoint == Endpoint.MODERATIONS) return 0.0;
        if (provider == null || model == null || response == null) return null;
        return switch (endpoint) {
            case IMAGES -> image(provider, model, request, response);
            case TRANSCRIPTIONS, TRANSLATIONS -> {
                UnitPrices p = prices(provider, model);
                // the duration comes with verbose_json; a plain json or text answer does not say it, and costs 0
                yield p == null || p.perSecond() == null ? null : p.perSecond() * number(response.get("duration"), 0);
            }
            case SPEECH -> {
                UnitPrices p = prices(provider, model);
                yield p == null || p.perCharacter() == null || !(request.get("input") instanceof String input) ? null : p.perCharacter() * input.length();
            }
            case RERANK -> {
                UnitPrices p = prices(provider, model);
                yield p == null || p.perQuery() == null ? null : p.perQuery() * searchUnits(response);
            }
            default -> null;
        };
    }

    /** LiteLLM's keys for an image: {@code <quality>/<size>/<model>}, then {@code <size>/<model>}, then the model's own. */
    private static Double image(String provider, String model, Map<String, Object> request, Map<String, Object> response) {
        String size = request.get("size") instanceof String s ? s : DEFAULT_SIZE;
        String quality = request.get("quality") instanceof String q ? q : DEFAULT_QUALITY;
        String sizeKey = size.replace("x", "-x-");
        UnitPrices p = prices(provider, quality + "/" + sizeKey + "/" + model);
        if (p == null) p = prices(provider, sizeKey + "/" + model);
        if (p == null) p = prices(provider, model);
        if (p == null) return null;
        long images = response.get("data") instanceof List<?> data ? data.size() : 1;
        if (p.perImage() != null) return p.perImage() * images;
        if (p.perPixel() == null) return null;
        return p.perPixel() * pixels(size) * images;
    }

    private static long pixels(String size) {
        String[] sides = size.split("x");
        try {
            return sides.length == 2 ? Long.parseLong(sides[0].trim()) * Long.parseLong(sides[1].trim()) : 0;
        } catch (NumberFormatException e) {
            return 0; // "auto" (gpt-image-1): the size is the model's choice
        }
    }

    /** Cohere's billed search units; one when the answer does not say. */
    private static double searchUnits(Map<String, Object> response) {
        if (response.get("meta") instanceof Map<?, ?> meta && meta.get("billed_units") instanceof Map<?, ?> billed)
            return number(billed.get("search_units"), 1);
        return 1;
    }

    private static UnitPrices prices(String provider, String key) {
        return ModelTable.builtIn().unitPrices(provider, key);
    }

    private static double number(Object value, double otherwise) {
        return value instanceof Number n ? n.doubleValue() : otherwise;
    }
}
