package litellm.callbacks;

import litellm.openai.Endpoint;
import litellm.openai.LlmError;

import java.time.Instant;
import java.util.Map;

/**
 * One finished call, as the success and failure callbacks see it.
 *
 * @param id         the call's id (LiteLLM's {@code litellm_call_id}): a new trace's id unless the request names one
 * @param model      the model as its provider was asked for it, e.g. {@code gpt-3.5-turbo}; null when no deployment was tried
 * @param modelGroup the model name clients asked for, e.g. the config's {@code model_name}
 * @param request    the client's request body, unchanged
 * @param response   the OpenAI response object (for a stream, assembled from its chunks); null on failure
 * @param error      why the call failed; null on success
 * @param firstChunk when a stream's first chunk went out; null for an answer sent whole
 */
public record CallLog(String id, Endpoint endpoint, String model, String modelGroup, String apiBase,
                      Map<String, Object> request, Map<String, Object> response, LlmError error,
                      Instant start, Instant end, Instant firstChunk) {
    public boolean failed() {
        return error != null;
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
