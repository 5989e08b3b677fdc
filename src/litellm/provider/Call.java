package litellm.provider;

import litellm.openai.Endpoint;
import litellm.openai.OpenAiObjects;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * What a provider script gets for one request: the OpenAI operation, the client's request body
 * (a mutable copy, defaults applied), and the deployment's resolved model, base URL and key.
 * {@code state} is the script's own scratch space for this one request, e.g. what a stream's
 * first event told it (the script instance itself serves every request at once).
 * {@code followUps} makes follow-up calls within the request's deadline ({@link #send}).
 */
public record Call(Endpoint endpoint, String model, Map<String, Object> body, boolean stream,
                   String apiBase, String apiKey, String apiVersion, Map<String, Object> params,
                   Map<String, Object> state, FollowUps followUps) {

    public Call {
        if (followUps == null) followUps = FollowUps.NONE;
    }

    /** A call without follow-up calls. */
    public Call(Endpoint endpoint, String model, Map<String, Object> body, boolean stream,
                String apiBase, String apiKey, String apiVersion, Map<String, Object> params, Map<String, Object> state) {
        this(endpoint, model, body, stream, apiBase, apiKey, apiVersion, params, state, FollowUps.NONE);
    }

    public Call(Endpoint endpoint, String model, Map<String, Object> body, boolean stream,
                String apiBase, String apiKey, String apiVersion, Map<String, Object> params) {
        this(endpoint, model, body, stream, apiBase, apiKey, apiVersion, params, new HashMap<>(), FollowUps.NONE);
    }

    /** A follow-up call to the upstream, e.g. {@code call.send(url: prediction.urls.get, method: 'GET', headers: auth)}: its parsed JSON answer. */
    public Object send(Map<String, Object> request) {
        return followUps.send(request);
    }

    /** The time left before this request's deadline (request_timeout). */
    public Duration timeLeft() {
        return followUps.timeLeft();
    }

    /** A deployment setting (litellm_params) or, failing that, the request's own value. */
    public Object param(String name) {
        Object v = params.get(name);
        return v != null ? v : body.get(name);
    }

    public boolean isChat() { return endpoint == Endpoint.CHAT; }
    public boolean isCompletion() { return endpoint == Endpoint.COMPLETIONS; }
    public boolean isEmbedding() { return endpoint == Endpoint.EMBEDDINGS; }

    /** Without the key, the body or the params (which hold AWS secrets): a Groovy error that prints its arguments prints this. */
    @Override
    public String toString() {
        return "Call[" + endpoint + " " + model + " at " + apiBase + (stream ? ", streamed" : "") + "]";
    }

    /** True when the client asked for a final usage chunk ({@code stream_options.include_usage}). */
    public boolean includeUsage() {
        return OpenAiObjects.includeUsage(body);
    }
}
