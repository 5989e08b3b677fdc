package litellm.engine;

import litellm.anthropic.MessageReplay;
import litellm.callbacks.UnitCost;
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

    /**
     * An answer that came whole (the cache's, a script's own) as the events of a stream of it, in the endpoint's API;
     * ending with its usage when the client asked for it ({@link #countedUsage} when the answer has none).
     */
    static List<Map<String, Object>> asStream(Endpoint endpoint, Map<String, Object> request, Map<String, Object> response) {
        if (endpoint == Endpoint.MESSAGES) return MessageReplay.events(response);
        List<Map<String, Object>> chunks = OpenAiObjects.toChunks(endpoint, response, OpenAiObjects.includeUsage(request));
        Map<String, Object> counted = countedUsage(endpoint, request, response);
        if (counted != null) chunks.add(counted);
        return chunks;
    }

    /** True when a stream must end with a usage chunk: a chat or completion stream whose client asked for it. */
    static boolean endsWithUsage(Endpoint endpoint, Map<String, Object> request) {
        return (endpoint == Endpoint.CHAT || endpoint == Endpoint.COMPLETIONS) && OpenAiObjects.includeUsage(request);
    }

    /**
     * The usage chunk a stream ends with when its client asked for usage ({@code stream_options.include_usage}) and
     * the upstream sent none (older vLLM, llama.cpp, a provider script that reports none): counted with the tokenizer
     * from the request and the answer the chunks made, as LiteLLM's stream builder does. Null when the answer has a
     * usage of its own (the upstream's always wins) or the client did not ask.
     */
    static Map<String, Object> countedUsage(Endpoint endpoint, Map<String, Object> request, Map<String, Object> answer) {
        if (!endsWithUsage(endpoint, request) || answer.get("usage") != null) return null;
        String object = endpoint == Endpoint.CHAT ? "chat.completion.chunk" : "text_completion";
        String id = answer.get("id") != null ? answer.get("id").toString() : OpenAiObjects.newId("chatcmpl-");
        long created = answer.get("created") instanceof Number n ? n.longValue() : OpenAiObjects.now();
        return OpenAiObjects.usageChunk(id, object, created, String.valueOf(answer.get("model")), TokenCounter.counted(endpoint, request, answer));
    }

    /** What a whole answer cost in USD, as LiteLLM's response_cost; null when the deployment's prices are not known. */
    static Double cost(Endpoint endpoint, Map<String, Object> request, Map<String, Object> response, Deployment d) {
        if (UnitCost.priced(endpoint)) return d == null ? null : UnitCost.of(endpoint, d.provider(), d.model(), request, response);
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
