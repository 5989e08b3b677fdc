package litellm.openai;

/**
 * The operations the proxy serves on a model: OpenAI's, and Anthropic's Messages API ({@link #anthropic()});
 * {@link #path} is the path under an API base.
 */
public enum Endpoint {
    CHAT("chat/completions", "messages"),
    COMPLETIONS("completions", "prompt"),
    EMBEDDINGS("embeddings", "input"),
    /** Anthropic's Messages API, for any model: Anthropic's own natively, the others through chat. */
    MESSAGES("messages", "messages"),
    /** Anthropic's count of a Messages request's input tokens. */
    COUNT_TOKENS("messages/count_tokens", "messages");

    public final String path;
    /** The field that carries the input, which a request must have. */
    public final String inputField;

    Endpoint(String path, String inputField) {
        this.path = path;
        this.inputField = inputField;
    }

    /** Anthropic's: its own request and answer shapes, errors and stream events, served at /v1/{@link #path} only. */
    public boolean anthropic() {
        return this == MESSAGES || this == COUNT_TOKENS;
    }
}
