package litellm.server;

import jakarta.servlet.http.HttpServletResponse;
import litellm.callbacks.CallTrace;
import litellm.http.Secrets;
import litellm.routing.Deployment;
import litellm.runtime.Version;

import java.util.Map;

/**
 * LiteLLM's response headers, on every answer to a call (whole, streamed, or an error): which call it was, which
 * deployment served it, what it cost, the retries and fallbacks it took, and the upstream's rate limits. No key: the
 * api base has any key in its query masked, and the deployment's id is model_info's or a hash.
 */
final class LitellmHeaders {
    private LitellmHeaders() {}

    static void write(HttpServletResponse res, CallTrace trace) {
        res.setHeader("x-litellm-call-id", trace.id());
        res.setHeader("x-litellm-version", Version.VERSION);
        res.setHeader("x-litellm-attempted-retries", String.valueOf(trace.retries()));
        res.setHeader("x-litellm-attempted-fallbacks", String.valueOf(trace.fallbacks()));
        Deployment d = trace.deployment();
        if (d != null) {
            res.setHeader("x-litellm-model-id", d.id());
            res.setHeader("x-litellm-model-group", d.modelName());
            if (d.apiBase() != null) res.setHeader("x-litellm-model-api-base", Secrets.maskKnown(Secrets.maskUrl(d.apiBase())));
        }
        if (trace.cacheHit()) {
            res.setHeader("x-litellm-cache-key", trace.cacheKey());
            res.setHeader("x-litellm-response-cost", "0.0"); // nothing was called
        } else if (trace.cost() != null) {
            res.setHeader("x-litellm-response-cost", String.valueOf(trace.cost()));
        }
        for (Map.Entry<String, String> h : trace.upstreamHeaders().entrySet()) res.setHeader(h.getKey(), h.getValue());
    }
}
