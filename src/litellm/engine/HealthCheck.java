package litellm.engine;

import litellm.callbacks.CallTrace;
import litellm.error.LlmError;
import litellm.http.Secrets;
import litellm.openai.Endpoint;
import litellm.routing.Deployment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * LiteLLM's {@code GET /health}: a tiny call to every deployment (or one model's), all at once, each within the
 * deployment's own timeout and all within {@link #LIMIT}; the answer lists the healthy and the unhealthy ones, with
 * no key. A deployment's model_info.mode says which call: {@code embedding}, {@code completion}, else a chat. Not
 * routed: no retry, no cooldown, no callback.
 */
final class HealthCheck {
    /** LiteLLM's limit on a health check. */
    static final Duration LIMIT = Duration.ofSeconds(60);
    private static final String PROMPT = "test from litellm";

    private HealthCheck() {}

    static Map<String, Object> run(Setup s, Attempt attempt, String model) {
        List<Deployment> deployments = new ArrayList<>();
        for (String name : s.router().modelNames())
            if (model == null || model.equals(name)) deployments.addAll(s.router().deployments(name));
        if (model != null && deployments.isEmpty()) throw LlmError.badRequest("no deployment serves model '" + model + "'", "model", "model_not_found");
        List<Map<String, Object>> healthy = new ArrayList<>(), unhealthy = new ArrayList<>();
        // Not closed with try-with-resources: close() would wait for a call past the limit that ignores its interrupt
        ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<Future<?>> running = deployments.stream().map(d -> calls.submit(() -> call(s, attempt, d))).<Future<?>>map(f -> f).toList();
            long deadline = System.nanoTime() + LIMIT.toNanos();
            for (int i = 0; i < deployments.size(); i++) {
                String error = outcome(running.get(i), deadline);
                Map<String, Object> endpoint = endpoint(deployments.get(i));
                if (error == null) {
                    healthy.add(endpoint);
                } else {
                    endpoint.put("error", error);
                    unhealthy.add(endpoint);
                }
            }
            running.forEach(f -> f.cancel(true)); // those past the limit
        } finally {
            calls.shutdown();
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("healthy_endpoints", healthy);
        answer.put("unhealthy_endpoints", unhealthy);
        answer.put("healthy_count", healthy.size());
        answer.put("unhealthy_count", unhealthy.size());
        return answer;
    }

    private static void call(Setup s, Attempt attempt, Deployment d) {
        Object mode = d.modelInfo().get("mode");
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("model", d.modelName());
        Endpoint endpoint = switch (String.valueOf(mode)) {
            case "embedding" -> {
                request.put("input", List.of(PROMPT));
                yield Endpoint.EMBEDDINGS;
            }
            case "completion" -> {
                request.put("prompt", PROMPT);
                request.put("max_tokens", 5);
                yield Endpoint.COMPLETIONS;
            }
            default -> {
                request.put("messages", List.of(Map.of("role", "user", "content", PROMPT)));
                request.put("max_tokens", 5);
                yield Endpoint.CHAT;
            }
        };
        attempt.whole(endpoint, request, d, s.settings(), new CallTrace(), null);
    }

    /** Null when the call answered; else why not, with the proxy's secrets masked. */
    private static String outcome(Future<?> call, long deadline) {
        try {
            call.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return null;
        } catch (TimeoutException e) {
            return "no answer within " + LIMIT.toSeconds() + " s";
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return Secrets.maskKnown(cause instanceof LlmError l ? l.status() + " " + l.getMessage() : String.valueOf(cause));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** A deployment as LiteLLM's health answer names it: its model and api base, never its key. */
    private static Map<String, Object> endpoint(Deployment d) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("model", d.provider() + "/" + d.model());
        e.put("model_name", d.modelName());
        e.put("model_id", d.id());
        if (d.apiBase() != null) e.put("api_base", Secrets.maskKnown(Secrets.maskUrl(d.apiBase())));
        if (d.apiVersion() != null) e.put("api_version", d.apiVersion());
        return e;
    }
}
