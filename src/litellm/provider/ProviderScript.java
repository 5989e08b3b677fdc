package litellm.provider;

import groovy.lang.Script;
import litellm.openai.OpenAiObjects;
import litellm.template.PromptTemplates;

import java.util.List;
import java.util.Map;

/**
 * The base of every {@code providers/*.groovy} script. A script declares itself with
 * {@code info(...)} and maps requests and responses by defining some of these hooks:
 * <pre>
 * def request(Call call)                      // the upstream HTTP call: [url:, headers:, body:] (method POST unless given)
 * def response(Call call, body)               // upstream JSON body -> OpenAI response object
 * def streamEvent(Call call, StreamEvent e)   // one upstream stream event -> an OpenAI chunk, a list of them, or null
 * def errorMessage(Call call, int status, body) // the message to show for an upstream error body
 * def answer(Call call)                       // for models that run in the proxy: the OpenAI response, no HTTP
 * </pre>
 * The helpers below build OpenAI objects so that scripts stay short.
 */
public abstract class ProviderScript extends Script {
    /** The hook names; a method of one of these names must override the hook, or the script does not load. */
    public static final List<String> HOOKS = List.of("request", "response", "streamEvent", "errorMessage", "answer");

    private ProviderInfo info = ProviderInfo.DEFAULT;
    private PromptTemplates templates = new PromptTemplates();

    /** Called once, at the top of the script. */
    protected void info(Map<String, Object> declaration) {
        this.info = ProviderInfo.of(declaration);
    }

    public ProviderInfo providerInfo() {
        return info;
    }

    /** Set by {@link ProviderScripts} when the script loads. */
    void templates(PromptTemplates templates) {
        this.templates = templates;
    }

    public Object request(Call call) {
        return null;
    }

    public Object response(Call call, Object body) {
        return body;
    }

    public Object streamEvent(Call call, StreamEvent event) {
        return event.getJson();
    }

    /** OpenAI's {@code error.message}, or the common shapes other APIs use. */
    public Object errorMessage(Call call, int status, Object body) {
        if (body instanceof Map<?, ?> m) {
            Object error = m.get("error");
            if (error instanceof Map<?, ?> e && e.get("message") != null) return e.get("message");
            if (error instanceof String s) return s;
            for (String key : List.of("message", "detail", "error_message"))
                if (m.get(key) instanceof String s) return s;
        }
        return body instanceof String s && !s.isBlank() ? s : null;
    }

    public Object answer(Call call) {
        return null;
    }

    // Helpers for scripts.

    /** The prompt string for text-generation models: chat messages rendered with the model's template. */
    protected String prompt(Call call) {
        return templates.prompt(call);
    }

    protected String env(String name) {
        return System.getenv(name);
    }

    /** The AWS region for a call, as the core signs it (for {@code info(sign: 'aws-sigv4')} providers' URLs). */
    protected String awsRegion(Call call) {
        return litellm.upstream.AwsSigner.region(call);
    }

    protected Map<String, Object> usage(long promptTokens, long completionTokens) {
        return OpenAiObjects.usage(promptTokens, completionTokens);
    }

    protected Map<String, Object> chatResponse(Call call, String content, String finishReason, Map<String, Object> usage) {
        return OpenAiObjects.chatCompletion(call.model(), content, finishReason, usage);
    }

    protected Map<String, Object> textResponse(Call call, String text, String finishReason, Map<String, Object> usage) {
        return OpenAiObjects.textCompletion(call.model(), text, finishReason, usage);
    }

    protected Map<String, Object> embeddingResponse(Call call, List<? extends List<? extends Number>> vectors, Map<String, Object> usage) {
        return OpenAiObjects.embeddings(call.model(), vectors, usage);
    }

    /** A chat chunk carrying {@code delta} for choice 0. */
    protected Map<String, Object> chatChunk(Call call, String id, Map<String, Object> delta, String finishReason) {
        return OpenAiObjects.chatChunk(id, OpenAiObjects.now(), call.model(), delta, finishReason);
    }
}
