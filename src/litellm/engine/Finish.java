package litellm.engine;

import litellm.anthropic.MessageReplay;
import litellm.openai.Endpoint;
import litellm.openai.OpenAiObjects;
import litellm.openai.TokenCounter;
import litellm.provider.ModelTable;
import litellm.routing.Deployment;

import java.util.List;
import java.util.Map;

/** The finish stage: the response as the client asked for it, whatever the upstream gave. */
final class Finish {
    private Finish() {}

    /** Embeddings come back as base64 when the request asked for encoding_format: base64. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> response(Endpoint endpoint, Map<String, Object> request, Map<String, Object> response) {
        if (endpoint == Endpoint.EMBEDDINGS && "base64".equals(request.get("encoding_format"))
                && response.get("data") instanceof List<?> data) {
            for (Object item : data)
                if (item instanceof Map<?, ?> m && m.get("embedding") instanceof List<?> vector)
                    ((Map<String, Object>) m).put("embedding", OpenAiObjects.base64Floats((List<? extends Number>) vector));
        }
        return response;
    }

    /** An answer that came whole (the cache's, a script's own) as the events of a stream of it, in the endpoint's API. */
    static List<Map<String, Object>> asStream(Endpoint endpoint, Map<String, Object> response, boolean includeUsage) {
        return endpoint == Endpoint.MESSAGES ? MessageReplay.events(response) : OpenAiObjects.toChunks(endpoint, response, includeUsage);
    }

    /** What a whole answer cost in USD, as LiteLLM's response_cost; null when the deployment's prices are not known. */
    static Double cost(Endpoint endpoint, Map<String, Object> request, Map<String, Object> response, Deployment d) {
        ModelTable.Model prices = d == null ? null : d.prices();
        if (prices == null) return null;
        Map<String, Object> usage = TokenCounter.usage(endpoint, request, response);
        return usage == null ? null : prices.cost(usage);
    }

    /** The tokens an answer used, for usage-based routing: OpenAI's total, or Anthropic's input and output. */
    static long totalTokens(Map<String, Object> response) {
        if (!(response.get("usage") instanceof Map<?, ?> u)) return 0;
        if (u.get("total_tokens") instanceof Number n) return n.longValue();
        return u.get("input_tokens") instanceof Number in && u.get("output_tokens") instanceof Number out ? in.longValue() + out.longValue() : 0;
    }
}
