package litellm.provider;

import litellm.http.StreamEvent;
import groovy.lang.Script;
import litellm.json.Json;
import litellm.error.LlmError;
import litellm.openai.OpenAiObjects;
import litellm.openai.TokenCounter;
import litellm.template.PromptTemplates;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The base of every {@code providers/*.groovy} script. A script declares itself with
 * {@code info(...)} and maps requests and responses by defining some of these hooks:
 * <pre>
 * def request(Call call)                      // the upstream HTTP call: [url:, headers:, body:] (method POST unless given)
 * def response(Call call, body)               // upstream JSON body -> OpenAI response object
 * def streamEvent(Call call, StreamEvent e)   // one upstream stream event -> an OpenAI chunk, a list of them, or null;
 *                                             // the event itself when it already is an OpenAI chunk (relayed unparsed)
 * def errorMessage(Call call, int status, body) // the message to show for an upstream error body
 * def answer(Call call)                       // for models that run in the proxy: the OpenAI response, no HTTP
 * boolean streams(Call call)                  // false when this call's model cannot stream: the core then
 *                                             //   calls it once and cuts the answer into chunks
 * </pre>
 * Any hook may make follow-up upstream calls with {@code call.send([url:, method:, headers:, body:])}
 * (polling a job, a first step before the main call); they share the request's deadline.
 * The helpers below build OpenAI objects so that scripts stay short.
 */
public abstract class ProviderScript extends Script {
    /** The hook names; a method of one of these names must override the hook, or the script does not load. */
    public static final List<String> HOOKS = List.of("request", "response", "streamEvent", "errorMessage", "answer", "streams");

    private ProviderInfo info = ProviderInfo.DEFAULT;
    private PromptTemplates templates = new PromptTemplates();
    private boolean answersUnchanged;
    private java.util.function.Function<String, ProviderScript> providers = name -> {
        throw LlmError.internal("provider scripts are not loaded");
    };

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

    /**
     * True when the script has no response hook: its upstream answers in OpenAI's format already (openai.groovy), so
     * the proxy may pass a long answer to the client as it arrives instead of holding it. Set when the script loads.
     */
    public boolean answersUnchanged() {
        return answersUnchanged;
    }

    void answersUnchanged(boolean unchanged) {
        this.answersUnchanged = unchanged;
    }

    /** Set by {@link ProviderScripts} when the script loads: how {@link #provider} finds another script. */
    void providers(java.util.function.Function<String, ProviderScript> lookup) {
        this.providers = lookup;
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
            for (String key : List.of("message", "detail", "error_message")) {
                Object value = m.get(key);
                if (value instanceof String s) return s;
                if (value != null) return Json.text(value); // validation errors (pydantic/FastAPI) come as objects or lists
            }
        }
        return body instanceof String s && !s.isBlank() ? s : null;
    }

    public Object answer(Call call) {
        return null;
    }

    public boolean streams(Call call) {
        return true;
    }

    // Helpers for scripts.

    /** The prompt string for text-generation models: chat messages rendered with the model's template. */
    protected String prompt(Call call) {
        return templates.prompt(call.model(), call.body(), call::param);
    }

    /**
     * Another provider's script (as loaded now), whose hooks a script may call with its own call: for a provider that
     * serves other providers' APIs at its own URLs with its own credentials (vertex_ai: Gemini's and Anthropic's).
     */
    protected ProviderScript provider(String name) {
        return providers.apply(name);
    }

    /** Tokens in a text (tiktoken's cl100k_base), for usage when the backend reports none. */
    protected int countTokens(String text) {
        return TokenCounter.count(text);
    }

    protected String env(String name) {
        return litellm.runtime.Env.get(name);
    }

    /**
     * {@code base} with {@code versionPath} (e.g. {@code /v1beta}) added when it names a host only: LiteLLM's base
     * variables for some providers hold the host (GEMINI_API_BASE=https://generativelanguage.googleapis.com), where
     * the script's own default ends with the API's version.
     */
    protected String withVersion(String base, String versionPath) {
        return java.net.URI.create(base).getRawPath().isEmpty() ? base + versionPath : base;
    }

    /** The AWS region for a call, as the core signs it (for {@code info(sign: 'aws-sigv4')} providers' URLs). */
    protected String awsRegion(Call call) {
        return litellm.http.AwsSigner.region(call.params());
    }

    /**
     * A multipart/form-data body for {@code request()}'s {@code body:}: an audio upload passed on. The call's
     * {@code file} is the client's uploaded file; other fields are written as text.
     */
    protected litellm.http.FormBody form(Map<String, ?> fields) {
        return new litellm.http.FormBody(fields);
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

    /** A text completion chunk carrying {@code text} for choice 0. */
    protected Map<String, Object> textChunk(Call call, String id, String text, String finishReason) {
        return OpenAiObjects.textChunk(id, OpenAiObjects.now(), call.model(), 0, text, finishReason);
    }

    /** A rough token count (about 4 characters a token) for usage when an upstream reports none. */
    protected long estimateTokens(String text) {
        return text == null ? 0 : (text.length() + 3) / 4;
    }

    /**
     * One id for all chunks of a stream, for upstreams whose events carry none: made on the first
     * event, kept in the call (the same object for every event of one stream).
     */
    protected String streamId(Call call) {
        return (String) call.state().computeIfAbsent(STREAM_ID, k -> OpenAiObjects.newId(call.isChat() ? "chatcmpl-" : "cmpl-"));
    }

    /** True for the stream's first event only: for the {@code role} that OpenAI sends on the first delta. */
    protected boolean firstEvent(Call call) {
        return call.state().putIfAbsent(STREAM_STARTED, true) == null;
    }

    private static final String STREAM_ID = "litellm.stream_id", STREAM_STARTED = "litellm.stream_started";

    /**
     * A tool call's arguments (OpenAI sends a JSON string) as an object, for APIs that take them parsed;
     * a 400 naming the call when they are not a JSON object.
     */
    @SuppressWarnings("unchecked")
    protected Map<String, Object> toolArguments(Map<String, Object> toolCall) {
        Map<String, Object> function = (Map<String, Object>) toolCall.get("function");
        Object args = function == null ? null : function.get("arguments");
        try {
            return args == null || args.toString().isBlank() ? new LinkedHashMap<>() : Json.parseObject(args.toString());
        } catch (IOException e) {
            throw LlmError.badRequest("the arguments of tool call " + toolCall.get("id") + " are not a JSON object: " + args, "messages");
        }
    }

    /** A tool result as an object, for APIs that take results as objects: a JSON object as it is, other text as {@code {output: text}}. */
    protected Map<String, Object> toolOutput(Object content) {
        String text = PromptTemplates.text(content);
        if (text != null && text.strip().startsWith("{")) {
            try {
                return Json.parseObject(text);
            } catch (IOException notJson) {
                // text that merely starts with a brace
            }
        }
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("output", text);
        return output;
    }

    /**
     * The body for one of OpenAI's reasoning models (o1, o3, o4-mini, gpt-5), which refuse {@code max_tokens}
     * ("not compatible with o-series models"): {@code max_tokens} renamed {@code max_completion_tokens}, as LiteLLM
     * sends it; a client's own {@code max_completion_tokens} wins. Which models those are is the script's to say.
     */
    protected Map<String, Object> withMaxCompletionTokens(Map<String, Object> body) {
        if (body.get("max_tokens") == null) return body;
        Map<String, Object> renamed = new LinkedHashMap<>(body);
        renamed.putIfAbsent("max_completion_tokens", renamed.remove("max_tokens"));
        return renamed;
    }

    /**
     * Claude's thinking blocks on an OpenAI message, as LiteLLM returns them: their text joined in
     * {@code reasoning_content}, the blocks themselves (signatures, redacted data) in {@code thinking_blocks},
     * which clients send back in the next turn. Nothing when there are none.
     */
    protected void addThinkingBlocks(Map<String, Object> message, List<?> blocks) {
        if (blocks == null || blocks.isEmpty()) return;
        StringBuilder text = new StringBuilder();
        for (Object block : blocks) if (block instanceof Map<?, ?> b && b.get("thinking") instanceof String t) text.append(t);
        message.put("reasoning_content", text.toString());
        message.put("thinking_blocks", blocks);
    }

    /** A chat chunk carrying {@code delta} for choice 0. */
    protected Map<String, Object> chatChunk(Call call, String id, Map<String, Object> delta, String finishReason) {
        return OpenAiObjects.chatChunk(id, OpenAiObjects.now(), call.model(), delta, finishReason);
    }
}
