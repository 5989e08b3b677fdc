package litellm.engine;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

import static java.util.Map.entry;

/**
 * LiteLLM's error mapping ({@code litellm_core_utils/exception_mapping_utils.py}), provider family by family, as one
 * table: an upstream's error whose family, status and text a rule takes reaches the client with the rule's status
 * and code (its type is OpenAI's for that status), whatever script serves the provider. The first rule that takes
 * an error wins; an error no rule takes keeps its status and code. It runs only on errors: a successful call never
 * reaches it.
 *
 * <p>Where LiteLLM maps a wrong key to 400 (AI21, Aleph Alpha, a Hugging Face token) or a Vertex AI 403 to 400, the
 * table gives 401 and 403: invalid credentials are a 401 and a denied access a 403, whatever the provider.
 */
final class ErrorTable {
    private ErrorTable() {}

    /** What the client gets: a status and, where it says more than the status, OpenAI's code. */
    private record Outcome(int status, String code) {}

    private static final Outcome UNAUTHORIZED = new Outcome(401, "invalid_api_key");
    private static final Outcome DENIED = new Outcome(403, null);
    private static final Outcome CONTEXT_TOO_LONG = new Outcome(400, "context_length_exceeded");
    private static final Outcome CONTENT_POLICY = new Outcome(400, "content_policy_violation");
    private static final Outcome BAD_REQUEST = new Outcome(400, null);
    private static final Outcome NOT_FOUND = new Outcome(404, null);
    private static final Outcome TIMEOUT = new Outcome(408, null);
    private static final Outcome RATE_LIMITED = new Outcome(429, null);
    private static final Outcome SERVER_ERROR = new Outcome(500, null);
    private static final Outcome UNAVAILABLE = new Outcome(503, null);

    private static final IntPredicate ANY = s -> true;
    /** A 4xx LiteLLM has no class of its own for (409, 413, 415, 422, 424...): its BadRequestError. */
    private static final IntPredicate OTHER_4XX = s -> s >= 400 && s < 500 && s != 400 && s != 401 && s != 403 && s != 404 && s != 408 && s != 429;

    private static IntPredicate is(int... statuses) {
        return s -> Arrays.stream(statuses).anyMatch(x -> x == s);
    }

    /** LiteLLM's families: providers it maps alike. A provider not named here is OpenAI-compatible ("openai"). */
    private static final Map<String, String> FAMILIES = Map.ofEntries(
            entry("anthropic", "anthropic"), entry("anthropic_text", "anthropic"),
            entry("bedrock", "bedrock"), entry("bedrock_mantle", "bedrock"),
            entry("sagemaker", "sagemaker"), entry("sagemaker_chat", "sagemaker"),
            entry("gemini", "google"), entry("vertex_ai", "google"), entry("vertex_ai_beta", "google"), entry("palm", "google"),
            entry("cohere", "cohere"), entry("cohere_chat", "cohere"),
            entry("azure", "azure"), entry("azure_text", "azure"),
            entry("replicate", "replicate"), entry("huggingface", "huggingface"), entry("ai21", "ai21"),
            entry("together_ai", "together_ai"), entry("ollama", "ollama"), entry("ollama_chat", "ollama"),
            entry("cloudflare", "cloudflare"), entry("aleph_alpha", "aleph_alpha"), entry("nlp_cloud", "nlp_cloud"),
            entry("watsonx", "openai_like"), entry("databricks", "openai_like"), entry("predibase", "openai_like"));

    static String family(String provider) {
        return FAMILIES.getOrDefault(provider, "openai");
    }

    /** LiteLLM's words for a prompt longer than the model's context (its is_error_str_context_window_exceeded). */
    private static final String[] CONTEXT_WORDS = {"context_length_exceeded", "exceed context limit", "this model's maximum context length is",
            "model's maximum context limit", "is longer than the model's context length", "input tokens exceed the configured limit",
            "`inputs` tokens + `max_new_tokens` must be", "exceeds the available context size", "exceeds the maximum number of tokens allowed",
            "current length is…while limit is", "maximum input length is…tokens",
            "too large for model with…maximum context length"}; // the last: Mistral's, which LiteLLM does not list

    private static final List<ErrorRule> RULES = List.of(
            // Invalid or unknown credentials: 401, whatever status the provider answered
            rule("google", ANY, UNAUTHORIZED, "api key not valid", "api_key_invalid"),
            rule("bedrock", ANY, UNAUTHORIZED, "the security token included in the request is invalid", "unrecognizedclientexception",
                    "unable to locate credentials", "invalidsignatureexception", "the request signature we calculated does not match"),
            rule("sagemaker", ANY, UNAUTHORIZED, "unable to locate credentials", "unrecognizedclientexception", "invalidsignatureexception"),
            rule("anthropic", ANY, UNAUTHORIZED, "invalid api key", "invalid x-api-key"),
            rule("cohere", ANY, UNAUTHORIZED, "invalid api token", "no api key provided."),
            rule("replicate", ANY, UNAUTHORIZED, "incorrect authentication token"),
            rule("azure", ANY, UNAUTHORIZED, "invalid subscription key"),
            rule("together_ai", ANY, UNAUTHORIZED, "invalid private key", "api key doesn't match expected format."),
            rule("huggingface", ANY, UNAUTHORIZED, "a valid user token is required"),
            rule("ai21", ANY, UNAUTHORIZED, "bad or missing api token."),
            rule("aleph_alpha", ANY, UNAUTHORIZED, "invalidtoken", "no token provided"),
            rule("cloudflare", ANY, UNAUTHORIZED, "authentication error"),
            rule("openai_like", ANY, UNAUTHORIZED, "authorization denied for"),
            rule("nlp_cloud", is(401, 403), UNAUTHORIZED),
            rule("", is(401), UNAUTHORIZED),

            // Access denied: 403
            rule("bedrock", ANY, DENIED, "accessdeniedexception"),

            // A prompt longer than the model's context: 400 context_length_exceeded (context_window_fallbacks take it)
            rule("anthropic", ANY, CONTEXT_TOO_LONG, "prompt is too long", "prompt: length"),
            rule("bedrock", ANY, CONTEXT_TOO_LONG, "too many tokens", "expected maxlength:", "input is too long", "prompt is too long",
                    "prompt: length: 1..", "too many input tokens", "prompt tokens (…) exceed model maximum ("),
            rule("sagemaker together_ai", ANY, CONTEXT_TOO_LONG, "`inputs` tokens + `max_new_tokens` must be <=", "instance type with more cpu capacity or memory"),
            rule("google", ANY, CONTEXT_TOO_LONG, "400 request payload size exceeds"),
            rule("cohere", ANY, CONTEXT_TOO_LONG, "too many tokens"),
            rule("replicate", ANY, CONTEXT_TOO_LONG, "input is too long"),
            rule("huggingface", ANY, CONTEXT_TOO_LONG, "length limit exceeded"),
            rule("ai21", ANY, CONTEXT_TOO_LONG, "prompt has too many tokens"),
            rule("azure", ANY, CONTEXT_TOO_LONG, "this model's maximum context length is", "context_length_exceeded"),
            rule("aleph_alpha", ANY, CONTEXT_TOO_LONG, "this is longer than the model's maximum context length"),
            rule("nlp_cloud", ANY, CONTEXT_TOO_LONG, "input text length should not exceed"),
            rule("openai openai_like google anthropic", ANY, CONTEXT_TOO_LONG, CONTEXT_WORDS),

            // Refused by a content policy: 400 content_policy_violation
            rule("azure", ANY, CONTENT_POLICY, "content_policy_violation", "responsibleaipolicyviolation",
                    "the response was filtered due to the prompt triggering azure openai's content management",
                    "your task failed as a result of our safety system", "the model produced invalid content", "content_filter_policy",
                    "your request was rejected as a result of our safety system"),
            rule("anthropic", ANY, CONTENT_POLICY, "content filtering policy"),
            rule("google", ANY, CONTENT_POLICY, "the response was blocked.", "output blocked by content filtering policy"),
            rule("openai", ANY, CONTENT_POLICY, "invalid_request_error…content_policy_violation", "content_policy_violation…invalid_request_error",
                    "invalid prompt…violating our usage policy", "request was rejected as a result of the safety system"),

            // Rate limits and quotas: 429
            rule("openai", ANY, RATE_LIMITED, "rate limit", "rate_limit", "rate-limit", "service tier capacity exceeded", "request too large"),
            rule("openai_like", ANY, RATE_LIMITED, "token_quota_reached"),
            rule("bedrock", ANY, RATE_LIMITED, "throttlingexception"),
            rule("replicate", ANY, RATE_LIMITED, "request was throttled"),
            rule("huggingface", ANY, RATE_LIMITED, "rate limit reached"),
            rule("google", ANY, RATE_LIMITED, "429 quota exceeded", "quota exceeded for", "resource exhausted", "resource_exhausted",
                    "429 unable to submit request because the service is temporarily out of capacity."),
            rule("nlp_cloud", is(402), RATE_LIMITED),

            // Overloaded and failing providers: LiteLLM's InternalServerError (500) and ServiceUnavailableError (503)
            rule("anthropic", ANY, SERVER_ERROR, "overloaded_error", "overloaded"),
            rule("anthropic", is(529), SERVER_ERROR),
            rule("google", ANY, SERVER_ERROR, "the model is overloaded.", "500 internal server error", "none unknown error.", "content has no parts."),
            rule("google", is(502), SERVER_ERROR),
            rule("azure cohere", ANY, SERVER_ERROR, "internal server error", "unexpected server error"),
            rule("openai", ANY, SERVER_ERROR, "web server is returning an unknown error", "the server had an error processing your request."),
            rule("openai_like", ANY, SERVER_ERROR, "the server received an invalid response from an upstream server."),
            rule("bedrock", ANY, SERVER_ERROR, "could not process image"),
            rule("bedrock sagemaker replicate", is(500), UNAVAILABLE),
            rule("nlp_cloud", is(504, 520), UNAVAILABLE),

            // Not found, timeouts and bad requests LiteLLM names apart from their status
            rule("azure", ANY, NOT_FOUND, "deploymentnotfound"),
            rule("openai", ANY, NOT_FOUND, "invalid_request_error…model_not_found", "model_not_found…invalid_request_error"),
            rule("together_ai", is(524), TIMEOUT),
            rule("nlp_cloud", is(522, 524), TIMEOUT),
            rule("ollama", ANY, BAD_REQUEST, "no such file or directory"),
            rule("cohere", is(498), BAD_REQUEST),
            rule("openai azure ai21 together_ai openai_like sagemaker", is(422, 424), BAD_REQUEST),
            rule("anthropic bedrock google ollama sagemaker together_ai openai_like nlp_cloud", OTHER_4XX, BAD_REQUEST));

    private static ErrorRule rule(String families, IntPredicate when, Outcome to, String... words) {
        return new ErrorRule(families.isBlank() ? Set.of() : Set.of(families.split(" ")), when, List.of(words), to.status(), to.code());
    }

    /** The rule that takes an error of {@code provider} with {@code status} and {@code text}; null when none does. */
    static ErrorRule find(String provider, int status, String text) {
        String family = family(provider), lower = text.toLowerCase(Locale.ROOT);
        for (ErrorRule r : RULES) if (r.matches(family, status, lower)) return r;
        return null;
    }
}
