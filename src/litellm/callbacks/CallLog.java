package litellm.callbacks;

import litellm.openai.Endpoint;
import litellm.error.LlmError;
import litellm.openai.TokenCounter;
import litellm.provider.ModelTable;

import java.time.Instant;
import java.util.LinkedHashMap;
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
 * @param response   the response object in the endpoint's API, OpenAI's or Anthropic's (for a stream, assembled from its
 *                   events); null on failure
 * @param error      why the call failed; null on success
 * @param firstChunk when a stream's first chunk went out; null for an answer sent whole
 * @param cacheHit   the response cache answered (no provider was called)
 * @param prices     the model's prices per token: the deployment's own (litellm_params input_cost_per_token and
 *                   output_cost_per_token, as LiteLLM's custom pricing), else providers/models.yaml's; null when unknown
 * @param modelId        the deployment's id (model_info's id, else a hash of its settings); null when none was tried
 * @param requestedModel the model the request named, as it named it
 * @param attemptStart   when the deployment that answered was called (its try's start); null when none was tried
 * @param upstreamHeaders the upstream's rate-limit headers ({@code x-ratelimit-remaining-requests}...); empty for none
 * @param cacheKey       the call's key in the response cache (a hit or a miss); null when the cache does not take it
 * @param traceContext   the client's W3C trace context ({@code traceparent}, {@code tracestate}); empty when it sent none
 * @param caller         the virtual key that made the call; null when the proxy has no keys
 */
public record CallLog(String id, Endpoint endpoint, String provider, String model, String modelGroup, String apiBase,
                      Map<String, Object> request, Map<String, Object> response, LlmError error,
                      Instant start, Instant end, Instant firstChunk, boolean cacheHit, ModelTable.Model prices,
                      String modelId, String requestedModel, Instant attemptStart, Map<String, String> upstreamHeaders, String cacheKey, Caller caller,
                      Map<String, String> traceContext) {
    public boolean failed() {
        return error != null;
    }

    /**
     * The call's token usage in OpenAI's shape ({@code prompt_tokens}, {@code completion_tokens}, {@code total_tokens}):
     * the upstream's, else counted ({@code "counted": true}), as for a stream that did not ask for usage. Each call
     * counts again: call it once and pass it on ({@link #cost(Map)}). Null when there is no answer.
     */
    public Map<String, Object> usage() {
        return TokenCounter.usage(endpoint, request, response);
    }

    /**
     * What the call cost in USD, from its token usage ({@link #usage()}, counted when the upstream reported none) and
     * {@link #prices}, as LiteLLM's response_cost; for images, audio, moderations and rerank, per unit ({@link UnitCost}). Null when the model's price is not known, or the answer came from
     * the cache.
     */
    public Double cost() {
        if (cacheHit || response == null) return null;
        if (UnitCost.priced(endpoint)) return UnitCost.of(endpoint, provider, model, request, response);
        return prices == null ? null : cost(usage());
    }

    /** {@link #cost()} from a usage already worked out. */
    public Double cost(Map<String, Object> usage) {
        if (UnitCost.priced(endpoint)) return cacheHit ? null : UnitCost.of(endpoint, provider, model, request, response);
        if (prices == null || cacheHit || usage == null) return null;
        return prices.cost(usage);
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
        Map<String, Object> usage = usage();
        map.put("usage", usage);
        map.put("error", error == null ? null : Map.of("status", error.status(), "type", String.valueOf(error.type()), "message", String.valueOf(error.getMessage())));
        map.put("start_time", start.toString());
        map.put("end_time", end.toString());
        map.put("completion_start_time", firstChunk == null ? null : firstChunk.toString());
        map.put("cache_hit", cacheHit);
        map.put("response_cost", cost(usage));
        return map;
    }

    /** LiteLLM's call type, which names the trace and the generation: litellm-completion, litellm-embedding... */
    public String callType() {
        return switch (endpoint) {
            case CHAT -> "completion";
            case COMPLETIONS -> "text_completion";
            case EMBEDDINGS -> "embedding";
            case RESPONSES -> "responses";
            case MESSAGES -> "anthropic_messages";
            case COUNT_TOKENS -> "count_tokens";
            case IMAGES -> "image_generation";
            case TRANSCRIPTIONS -> "transcription";
            case TRANSLATIONS -> "translation";
            case SPEECH -> "speech";
            case MODERATIONS -> "moderation";
            case RERANK -> "rerank";
        };
    }
}
