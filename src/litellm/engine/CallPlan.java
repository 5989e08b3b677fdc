package litellm.engine;

import litellm.config.Settings;
import litellm.error.LlmError;
import litellm.http.AwsSigner;
import litellm.http.Secrets;
import litellm.http.UpstreamRequest;
import litellm.openai.Endpoint;
import litellm.provider.Call;
import litellm.provider.ProviderInfo;
import litellm.provider.ProviderScript;
import litellm.provider.ProviderScripts;
import litellm.responses.NativeRequest;
import litellm.routing.Deployment;
import litellm.runtime.Env;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The prepare stage: one deployment's call, ready to send. The provider script turned the request into its own
 * (URL, headers, body), signed when the provider wants AWS's signature; or the script answered it itself ({@link #answer}).
 *
 * @param timeout the deployment's timeout, which the call and its follow-up calls share
 * @param answer  the script's own answer (no upstream call), else null
 */
record CallPlan(Call call, ProviderScript script, ProviderInfo info, String provider,
                UpstreamRequest request, byte[] body, Duration timeout, Map<String, Object> answer) {
    private static final Logger log = LoggerFactory.getLogger(CallPlan.class);

    static CallPlan prepare(Endpoint endpoint, Map<String, Object> request, Deployment d, Settings settings, boolean stream,
                            ProviderScripts providers, Sender sender) {
        ProviderScript script = providers.get(d.provider()).script();
        ProviderInfo info = providers.info(d.provider(), script);
        if (!info.endpoints().contains(endpoint))
            throw LlmError.badRequest("the model '" + d.modelName() + "' (" + d.provider() + "/" + d.model() + ") does not support /" + endpoint.path
                    + ": provider '" + d.provider() + "' serves " + info.endpoints().stream().map(e -> "/" + e.path).toList(), "model", "unsupported_endpoint");

        Map<String, Object> body = endpoint.anthropic() || !endpoint.takesModelParams() ? RequestBody.passedOn(request, endpoint, stream)
                : RequestBody.build(request, d, info, settings, stream);
        if (endpoint == Endpoint.RESPONSES) body = NativeRequest.body(body, request);
        String apiBase = apiBase(d, info);
        Duration timeout = timeout(d, settings, stream);
        FollowUpCalls followUps = new FollowUpCalls(sender, d, script, settings, timeout);
        Call call = new Call(endpoint, d.model(), body, stream, apiBase, apiKey(d, info, apiBase), d.apiVersion(), d.params(), new HashMap<>(), followUps);
        followUps.of(call);

        Object answer = script.answer(call);
        if (answer != null) return new CallPlan(call, script, info, d.provider(), null, null, timeout, ScriptResults.map(answer, "answer"));
        if (apiBase == null)
            throw LlmError.badRequest("provider '" + d.provider() + "' needs an api_base (--api_base or the deployment's api_base)", "api_base", "missing_api_base");
        UpstreamRequest upstream = UpstreamRequest.from(request(script, call, d.provider())).withHeaders(d.param("headers"));
        byte[] bytes = upstream.bodyBytes();
        // Signing covers the final request; a script that set its own Authorization (e.g. an API key) is not signed.
        if (info.signsWithAws() && upstream.headers().keySet().stream().noneMatch("authorization"::equalsIgnoreCase))
            upstream = AwsSigner.sign(upstream, bytes, call.params(), info.service());
        return new CallPlan(call, script, info, d.provider(), upstream, bytes, timeout, null);
    }

    /**
     * The script's request() for the call. A script that fails on a request the validator let through (a field of
     * a type it does not expect) cannot send it: a 400, as for a parameter the provider does not take. The answer names
     * the script's line; the log also has the exception's message, the call's key masked in it.
     */
    private static Object request(ProviderScript script, Call call, String provider) {
        try {
            return script.request(call);
        } catch (LlmError e) {
            throw e;
        } catch (Exception e) { // a script may throw a checked exception undeclared: a JSON parser's, for arguments that are no JSON
            String where = ScriptResults.failure(e);
            log.warn("{}'s script could not translate a request ({}): {}", provider, where, Secrets.masked(e, Collections.singletonList(call.apiKey())).getMessage());
            throw LlmError.badRequest("provider '" + provider + "' cannot take this request (" + where + "): a field has a shape its API has no place for",
                    null, "unsupported_request");
        }
    }

    /** What is left of the request's deadline for the next upstream call; a timeout error once it has passed. */
    Duration remaining() {
        return Sender.remaining(call, request, timeout);
    }

    private static String apiBase(Deployment d, ProviderInfo info) {
        String base = d.apiBase();
        if (base == null) base = Env.first(info.apiBaseEnv());
        if (base == null) base = info.apiBase();
        return base == null ? null : withoutTrailingSlashes(base);
    }

    /** {@code base} without its trailing slashes; no regex, as this runs on every request. */
    private static String withoutTrailingSlashes(String base) {
        int end = base.length();
        while (end > 0 && base.charAt(end - 1) == '/') end--;
        return base.substring(0, end);
    }

    private static String apiKey(Deployment d, ProviderInfo info, String apiBase) {
        String key = d.apiKey();
        if (ClientCredentials.hostChosenByClient(d)) return key;
        if (key == null && info.apiKeyEnv() != null) key = Env.get(info.apiKeyEnv());
        if (key == null && info.apiKeyEnv() != null && info.apiBase() != null && withoutTrailingSlashes(info.apiBase()).equals(apiBase))
            throw LlmError.authentication("no API key for " + d.provider() + ": set " + info.apiKeyEnv() + " or the deployment's api_key");
        return key;
    }

    /** The deployment's own timeout (stream_timeout for streams), else the proxy's request_timeout. */
    private static Duration timeout(Deployment d, Settings settings, boolean stream) {
        Object t = stream && d.param("stream_timeout") != null ? d.param("stream_timeout") : d.param("timeout");
        return t instanceof Number n ? Duration.ofMillis((long) (n.doubleValue() * 1000)) : settings.requestTimeout();
    }
}
