package litellm.responses;

import java.util.List;
import java.util.Map;

/**
 * The body a provider that serves the Responses API itself gets (OpenAI, Azure): the request as it came, with the
 * proxy's defaults (given in chat's terms: --max_tokens, a deployment's max_tokens or stop) put in the Responses API's
 * terms or left out, and the request's metadata, which the Responses API keeps with the response.
 */
public final class NativeRequest {
    /** Chat parameters the Responses API does not take, which only the proxy's defaults could have added. */
    private static final List<String> CHAT_ONLY = List.of("max_tokens", "max_completion_tokens", "stop", "presence_penalty",
            "frequency_penalty", "seed", "n", "logit_bias", "response_format");

    private NativeRequest() {}

    /** @param body the provider's body as the core prepared it (a mutable copy of the request) */
    public static Map<String, Object> body(Map<String, Object> body, Map<String, Object> request) {
        Object max = body.get("max_tokens") != null ? body.get("max_tokens") : body.get("max_completion_tokens");
        if (max != null) body.putIfAbsent("max_output_tokens", max);
        CHAT_ONLY.forEach(body::remove);
        if (request.get("metadata") != null) body.put("metadata", request.get("metadata"));
        return body;
    }
}
