package litellm.engine;

import litellm.openai.Endpoint;
import litellm.openai.OpenAiObjects;

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

    static long totalTokens(Map<String, Object> response) {
        return response.get("usage") instanceof Map<?, ?> u && u.get("total_tokens") instanceof Number n ? n.longValue() : 0;
    }
}
