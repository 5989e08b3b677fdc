package litellm.openai;

/** The OpenAI operations the proxy serves; {@link #path} is the path under an API base. */
public enum Endpoint {
    CHAT("chat/completions", "messages"),
    COMPLETIONS("completions", "prompt"),
    EMBEDDINGS("embeddings", "input"),
    /** OpenAI's Responses API: served natively where a provider declares it, else translated onto chat (litellm.responses). */
    RESPONSES("responses", "input");

    public final String path;
    /** The field that carries the input, which a request must have. */
    public final String inputField;

    Endpoint(String path, String inputField) {
        this.path = path;
        this.inputField = inputField;
    }
}
