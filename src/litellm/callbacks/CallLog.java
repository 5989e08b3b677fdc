package litellm.callbacks;

import litellm.openai.Endpoint;
import litellm.error.LlmError;
import litellm.openai.TokenCounter;
import litellm.provider.ModelTable;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One finished call, as the success and failure callbacks see it.
 *
 * @param id         the call's id (LiteLLM's {@code litellm_call_id}): a new trace's id unless the request names one
 * @param provider   the provider that served it, e.g. {@code openai}; null when no deployment was tried
 * @param model      the model as its provider was asked for it, e.g. {@code gpt-3.5-turbo}; null when no deployment was tried
 * @param modelGroup the model name clients asked for, e.g. the config's {@code model_name}
 * @param apiBase    the deployment's, with any key in its query masked; null for the provider's default
 * @param request    the client's request body, unchanged
 * @param response   the OpenAI response object (for a stream, assembled from its chunks); null on failure
 * @param error      why the call failed; null on success
 * @param firstChunk when a stream's first chunk went out; null for an answer sent whole
 * @param cacheHit   the response cache answered (no provider was called)
 * @param prices     the model's prices per token: the deployment's own (litellm_params input_cost_per_token and
 *                   output_cost_per_token, as LiteLLM's custom pricing), else providers/models.yaml's; null when unknown
 */
public record CallLog(String id, Endpoint endpoint, String provider, String model, String modelGroup, String apiBase,
                      Map<String, Object> request, Map<String, Object> response, LlmError error,
                      Instant start, Instant end, Instant firstChunk, boolean cacheHit, ModelTable.Model prices) {
    public boolean failed() {
        return error != null;
    }

    /**
     * What the call cost in USD, from its token usage and {@link #prices}, as LiteLLM's response_cost; a chat or
     * completion without usage (a stream that did not ask for it) has its tokens counted. Null when the model's price
     * is not known, or the answer came from the cache.
     */
    public Double cost() {
        if (prices == null || cacheHit || response == null) return null;
        long prompt, completion;
        if (response.get("usage") instanceof Map<?, ?> usage) {
            prompt = usage.get("prompt_tokens") instanceof Number n ? n.longValue() : 0;
            completion = usage.get("completion_tokens") instanceof Number n ? n.longValue() : 0;
        } else if (endpoint != Endpoint.EMBEDDINGS) {
            prompt = request.get("messages") instanceof List<?> messages ? TokenCounter.countMessages(messages)
                    : request.get("prompt") instanceof String text ? TokenCounter.count(text) : 0;
            completion = 0;
            if (response.get("choices") instanceof List<?> choices)
                for (Object c : choices)
                    if (c instanceof Map<?, ?> choice)
                        completion += TokenCounter.count(choice.get("message") instanceof Map<?, ?> m && m.get("content") instanceof String s ? s
                                : choice.get("text") instanceof String s ? s : null);
        } else {
            return null;
        }
        return prices.cost(prompt, completion);
    }

    /** The call as plain maps, lists and strings, for a script to write as JSON. */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", id);
        map.put("call_type", callType());
        map.put("provider", provider);
        map.put("model", model);
        map.put("model_group", modelGroup);
        map.put("api_base", apiBase);
        map.put("request", request);
        map.put("response", response);
        map.put("error", error == null ? null : Map.of("status", error.status(), "type", String.valueOf(error.type()), "message", String.valueOf(error.getMessage())));
        map.put("start_time", start.toString());
        map.put("end_time", end.toString());
        map.put("completion_start_time", firstChunk == null ? null : firstChunk.toString());
        map.put("cache_hit", cacheHit);
        map.put("response_cost", cost());
        return map;
    }

    /** LiteLLM's call type, which names the trace and the generation: litellm-completion, litellm-embedding... */
    public String callType() {
        return switch (endpoint) {
            case CHAT -> "completion";
            case COMPLETIONS -> "text_completion";
            case EMBEDDINGS -> "embedding";
        };
    }
}
