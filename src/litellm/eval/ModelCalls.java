package litellm.eval;

import litellm.LiteLLM;
import litellm.cache.ResponseCache;
import litellm.error.LlmError;
import litellm.openai.Endpoint;
import litellm.openai.TokenCounter;
import litellm.provider.ModelTable;
import litellm.routing.Deployment;
import litellm.template.PromptTemplates;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;

/**
 * Asks models through the Java API ({@link LiteLLM}): at most {@code concurrency} calls in flight per model, each
 * model with its own limit so that a slow one never holds up the others, and the answer cache around each call.
 * The cache keeps answers apart by what serves the model (provider, model id, API base) and by sample, so that
 * {@code --repeat 3} asks three times and a rerun asks nothing.
 */
public final class ModelCalls {
    private final LiteLLM llm;
    private final Path cacheDir;
    private final int concurrency;
    private final Map<String, Semaphore> slots = new ConcurrentHashMap<>();
    private final Map<String, Served> served = new ConcurrentHashMap<>();
    private final Map<String, ResponseCache> caches = new ConcurrentHashMap<>();

    /** What serves a model, worked out once: its cache namespace and prices, or why no call can reach it. */
    private record Served(String namespace, ModelTable.Model prices, String problem) {}

    /** @param cacheDir the answer cache's folder; null: no cache (--no-cache) */
    public ModelCalls(LiteLLM llm, Path cacheDir, int concurrency) {
        this.llm = llm;
        this.cacheDir = cacheDir;
        this.concurrency = concurrency;
    }

    /** The answer to a chat request (its {@code model} names the model), from the cache or by a call. */
    public Answer ask(String model, int sample, Map<String, Object> request) {
        Served s = served.computeIfAbsent(model, this::served);
        if (s.problem() != null) return Answer.failed(s.problem(), null);
        ResponseCache.Lookup cache = cacheDir == null ? ResponseCache.Lookup.NONE
                : caches.computeIfAbsent(s.namespace() + "#" + sample, ns -> ResponseCache.inFolder(cacheDir, ns)).start(Endpoint.CHAT, request);
        Map<String, Object> hit = cache.hit();
        if (hit != null) return answer(request, hit, null, s.prices(), true);
        Semaphore slot = slots.computeIfAbsent(model, m -> new Semaphore(concurrency, true));
        slot.acquireUninterruptibly();
        long start = System.nanoTime();
        try {
            Map<String, Object> response = llm.completion(new LinkedHashMap<>(request));
            long millis = (System.nanoTime() - start) / 1_000_000;
            Answer answer = answer(request, response, millis, s.prices(), false);
            if (answer.error() == null) cache.store(response);
            return answer;
        } catch (LlmError e) {
            return Answer.failed(e.status() + " " + e.getMessage(), (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException e) { // a bug, not an answer: reported in the model's row all the same
            return Answer.failed("internal error: " + e, (System.nanoTime() - start) / 1_000_000);
        } finally {
            slot.release();
        }
    }

    /** Why no call can reach {@code model} (not in the config, no provider by that name); null when one may. */
    public String problem(String model) {
        return served.computeIfAbsent(model, this::served).problem();
    }

    /** A judge's verdict, for {@link JudgeScorer}: its first sample, cached as any answer. */
    public String judge(String model, Map<String, Object> request) throws ScoreError {
        Answer a = ask(model, 0, request);
        if (a.error() != null) throw new ScoreError("the judge " + model + " did not answer: " + a.error());
        return a.reply();
    }

    private Served served(String model) {
        List<String> names = llm.modelNames();
        if (!names.isEmpty() && !names.contains(model))
            return new Served(null, null, "the config has no model_name '" + model + "' (it has " + String.join(", ", names) + ")");
        try {
            List<Deployment> deployments = llm.setup().router().deployments(model);
            // loaded now, before any call is timed: the first call's latency is then the model's, not the script compiler's
            deployments.stream().map(Deployment::provider).distinct().forEach(llm.providers()::get);
            String namespace = deployments.stream().map(d -> d.provider() + "/" + d.model() + "@" + Optional.ofNullable(d.apiBase()).orElse(""))
                    .collect(Collectors.joining(","));
            return new Served(namespace, deployments.isEmpty() ? null : deployments.get(0).prices(), null);
        } catch (LlmError e) {
            return new Served(null, null, e.status() + " " + e.getMessage());
        }
    }

    private static Answer answer(Map<String, Object> request, Map<String, Object> response, Long millis, ModelTable.Model prices, boolean cached) {
        if (!(response.get("choices") instanceof List<?> choices) || choices.isEmpty() || !(choices.get(0) instanceof Map<?, ?> choice))
            return Answer.failed("the answer has no choices", millis);
        Object message = choice.get("message");
        String reply = message instanceof Map<?, ?> m ? PromptTemplates.text(m.get("content")) : null;
        Map<String, Object> usage = TokenCounter.usage(Endpoint.CHAT, request, response);
        long in = tokens(usage, "prompt_tokens"), out = tokens(usage, "completion_tokens");
        return new Answer(reply == null ? "" : reply, null, millis, in, out, prices == null ? null : prices.cost(in, out), cached);
    }

    private static long tokens(Map<String, Object> usage, String key) {
        return usage != null && usage.get(key) instanceof Number n ? n.longValue() : 0;
    }
}
