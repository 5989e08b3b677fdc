package litellm.openai;

/** The OpenAI operations the proxy serves; {@link #path} is the path under an API base. */
public enum Endpoint {
    CHAT("chat/completions", "messages", "choices"),
    COMPLETIONS("completions", "prompt", "choices"),
    EMBEDDINGS("embeddings", "input", "data"),
    /** OpenAI's Responses API: served natively where a provider declares it, else translated onto chat (litellm.responses). */
    RESPONSES("responses", "input", "output");

    public final String path;
    /** The field that carries the input, which a request must have. */
    public final String inputField;
    /** The field that carries an answer's results, always a list: an answer without it is no answer of this operation. */
    public final String resultsField;

    Endpoint(String path, String inputField, String resultsField) {
        this.path = path;
        this.inputField = inputField;
        this.resultsField = resultsField;
    }
}
