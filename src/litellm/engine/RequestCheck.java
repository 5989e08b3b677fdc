package litellm.engine;

import litellm.anthropic.MessagesRequest;
import litellm.error.LlmError;
import litellm.openai.Endpoint;
import litellm.openai.RequestValidator;
import litellm.responses.ResponsesRequest;

import java.util.Map;

/** The first stage: the request is checked once, before the cache, the callbacks or any routing see it. */
final class RequestCheck {
    private RequestCheck() {}

    /** @return the model the request asks for (null: the default one) */
    static String check(Endpoint endpoint, Map<String, Object> request, Setup s) {
        if (endpoint.anthropic()) MessagesRequest.check(request, endpoint == Endpoint.MESSAGES, s.router().hasDefault());
        else RequestValidator.check(endpoint, request, s.router().hasDefault());
        if (endpoint == Endpoint.RESPONSES) ResponsesRequest.check(request);
        if (s.credentials() == RequestCredentials.REFUSED)
            for (String key : ClientCredentials.KEYS)
                if (request.containsKey(key))
                    throw LlmError.badRequest("'" + key + "' cannot be set by a client: the proxy holds the upstream settings"
                            + " (general_settings.allow_client_side_credentials allows it)", key, "client_credentials_not_allowed");
        return (String) request.get("model");
    }
}
