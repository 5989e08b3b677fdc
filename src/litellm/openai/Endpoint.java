package litellm.openai;

/**
 * The operations the proxy serves on a model: OpenAI's, and Anthropic's Messages API ({@link #anthropic()});
 * {@link #path} is the path under an API base.
 */
public enum Endpoint {
    CHAT("chat/completions", "messages", "choices"),
    COMPLETIONS("completions", "prompt", "choices"),
    EMBEDDINGS("embeddings", "input", "data"),
    /** OpenAI's Responses API: served natively where a provider declares it, else translated onto chat (litellm.responses). */
    RESPONSES("responses", "input", "output"),
    /** Anthropic's Messages API, for any model: Anthropic's own natively, the others through chat. */
    MESSAGES("messages", "messages", "content"),
    /** Anthropic's count of a Messages request's input tokens: {"input_tokens": N}, no results list. */
    COUNT_TOKENS("messages/count_tokens", "messages", null),
    IMAGES("images/generations", "prompt", "data"),
    /** A multipart upload ({@link #multipart()}); the answer is {"text": ...}, whatever format the upstream wrote it in. */
    TRANSCRIPTIONS("audio/transcriptions", "file", null),
    TRANSLATIONS("audio/translations", "file", null),
    /** JSON in, audio out: the upstream's bytes passed on as they arrive ({@link #binaryAnswer()}). */
    SPEECH("audio/speech", "input", null),
    MODERATIONS("moderations", "input", "results"),
    /** LiteLLM's rerank, in Cohere's shape: a query and documents in, {"results": [{"index", "relevance_score"}]} out. */
    RERANK("rerank", "query", "results");

    public final String path;
    /** The field that carries the input, which a request must have. */
    public final String inputField;
    /** The field that carries an answer's results, always a list: an answer without it is no answer of this operation; null where an answer has no list. */
    public final String resultsField;

    Endpoint(String path, String inputField, String resultsField) {
        this.path = path;
        this.inputField = inputField;
        this.resultsField = resultsField;
    }

    /** Its request is a multipart form with a file (an audio upload), not JSON. */
    public boolean multipart() {
        return this == TRANSCRIPTIONS || this == TRANSLATIONS;
    }

    /** Its answer is bytes of the upstream's content type (audio), passed on as they arrive, not JSON. */
    public boolean binaryAnswer() {
        return this == SPEECH;
    }

    /**
     * Its request carries the text-generation parameters (sampling defaults, a provider's declared {@code params} and
     * {@code renames}); the other operations' parameters are their own, passed on for the upstream to check.
     */
    public boolean takesModelParams() {
        return this == CHAT || this == COMPLETIONS || this == EMBEDDINGS || this == RESPONSES;
    }

    /** Anthropic's: its own request and answer shapes, errors and stream events, served at /v1/{@link #path} only. */
    public boolean anthropic() {
        return this == MESSAGES || this == COUNT_TOKENS;
    }
}
