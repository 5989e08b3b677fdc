package litellm.openai;

import litellm.error.LlmError;

import java.util.List;
import java.util.Map;

import static litellm.openai.RequestValidator.invalidType;
import static litellm.openai.RequestValidator.missing;

/**
 * The checks of the operations that generate no text (images, audio, moderations, rerank): the input they cannot do
 * without, in OpenAI's (and, for rerank, Cohere's) words. Their other parameters are the upstream's to check.
 */
final class OperationRequests {
    private OperationRequests() {}

    static void check(Endpoint endpoint, Map<String, Object> body) {
        if (Boolean.TRUE.equals(body.get("stream")) || "true".equals(body.get("stream")))
            throw LlmError.badRequest("/" + endpoint.path + " is not served as a stream; leave out 'stream'", "stream", "unsupported_parameter");
        switch (endpoint) {
            case IMAGES -> text(body, "prompt");
            case SPEECH -> text(body, "input");
            case TRANSCRIPTIONS, TRANSLATIONS -> {
                Object file = body.get("file");
                if (file == null) throw LlmError.badRequest("Missing required parameter: 'file' (the audio file, a part of the"
                        + " multipart/form-data body with a filename).", "file", "missing_required_parameter");
                if (!(file instanceof UploadedFile))
                    throw LlmError.badRequest("Invalid type for 'file': expected a file (a multipart part with a filename), but got text instead.",
                            "file", "invalid_type");
            }
            case MODERATIONS -> {
                Object input = body.get("input");
                if (input == null) throw missing("input");
                if (!(input instanceof String || input instanceof List<?>)) throw invalidType("input", "a string or an array", input);
            }
            case RERANK -> {
                text(body, "query");
                Object documents = body.get("documents");
                if (documents == null) throw missing("documents");
                if (!(documents instanceof List<?> list) || list.stream().anyMatch(d -> !(d instanceof String || d instanceof Map<?, ?>)))
                    throw invalidType("documents", "an array of strings or objects", documents);
                Object topN = body.get("top_n");
                if (topN != null && !(topN instanceof Integer n && n > 0))
                    throw LlmError.badRequest("Invalid 'top_n': expected a positive integer, but got " + RequestValidator.describe(topN) + " instead.",
                            "top_n", "invalid_value");
            }
            default -> throw new IllegalArgumentException(endpoint + " generates text: RequestValidator checks it");
        }
    }

    private static void text(Map<String, Object> body, String field) {
        Object value = body.get(field);
        if (value == null) throw missing(field);
        if (!(value instanceof String)) throw invalidType(field, "a string", value);
    }
}
