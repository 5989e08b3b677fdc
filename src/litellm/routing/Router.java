package litellm.routing;

import litellm.error.LlmError;
import litellm.shared.RedisLink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;

/**
 * Picks the deployment for each request, and on failure retries on another, cools failing ones down
 * and falls back to other models: LiteLLM's Router, as its config describes it.
 */
public final class Router {
    private static final Logger log = LoggerFactory.getLogger(Router.class);
    /** The longest Retry-After honoured, so that a client never waits minutes. */
    private static final long MAX_RETRY_AFTER_MILLIS = 30_000;

    /**
     * @param numRetries   further attempts after a retryable failure, each on another deployment when there is one
     * @param allowedFails failures a deployment may have in a minute before it cools down
     * @param fallbacks    model name -> the model names to try, in order, once its retries are spent
     * @param contextWindowFallbacks the same, for prompts too long for the model
     * @param defaultFallbacks the fallbacks of a model that has none of its own (LiteLLM's default_fallbacks)
     * @param retryAfter   the least time before a deployment is tried again (LiteLLM's retry_after)
     */
    public record Policy(RoutingStrategy strategy, int numRetries, int allowedFails, Duration cooldown,
                         Map<String, List<String>> fallbacks, Map<String, List<String>> contextWindowFallbacks,
                         List<String> defaultFallbacks, Duration retryAfter) {
        public static final Policy DEFAULT = new Policy(RoutingStrategy.SIMPLE_SHUFFLE, 0, 3, Duration.ofSeconds(60), Map.of(), Map.of(),
                List.of(), Duration.ZERO);

        /** The models to try, in order, once {@code model}'s retries are spent. */
        List<String> fallbacksOf(String model) {
            List<String> own = fallbacks.get(model);
            return own != null ? own : defaultFallbacks.stream().filter(name -> !name.equals(model)).toList();
        }
    }

    /** One try of a request on one deployment. */
    @FunctionalInterface
    public interface Attempt<T> {
        T call(Deployment deployment);
    }

    /** The model a request's model name is served by (a config's first model for an unknown or no name). */
    private final UnaryOperator<String> resolve;
    /** A served model's deployments; null for a name no deployment has. */
    private final Function<String, List<DeploymentSlot>> groups;
    private final List<String> modelNames;
    private final boolean hasDefault;
    private final Policy policy;
    private final DeploymentEvents events;
    private final Map<String, Set<String>> accessGroups;

    private Router(UnaryOperator<String> resolve, Function<String, List<DeploymentSlot>> groups, List<String> modelNames,
                   boolean hasDefault, Policy policy, DeploymentEvents events, Map<String, Set<String>> accessGroups) {
        this.resolve = resolve;
        this.groups = groups;
        this.modelNames = modelNames;
        this.hasDefault = hasDefault;
        this.policy = policy;
        this.events = events;
        this.accessGroups = accessGroups;
    }

    /** {@code --model X}: every request goes to X, whatever model it names; /models lists X's name. */
    public static Router fixed(Deployment deployment) {
        List<DeploymentSlot> only = List.of(new DeploymentSlot(deployment));
        return new Router(name -> deployment.modelName(), name -> only, List.of(deployment.modelName()), false, Policy.DEFAULT, DeploymentEvents.NONE,
                accessGroupsOf(List.of(deployment)));
    }

    /** The Java API without a server: each request's model name is itself the deployment, as in litellm.completion(). */
    public static Router byModelName(Function<String, Deployment> fromName) {
        Map<String, List<DeploymentSlot>> cache = new ConcurrentHashMap<>();
        return new Router(name -> name, name -> cache.computeIfAbsent(name, n -> List.of(new DeploymentSlot(fromName.apply(n)))), List.of(), false, Policy.DEFAULT,
                DeploymentEvents.NONE, Map.of());
    }

    /** A config's model_list: deployments grouped by model_name; a request for an unknown or no model goes to the first. */
    public static Router of(List<Deployment> deployments, Policy policy) {
        return of(deployments, policy, DeploymentEvents.NONE);
    }

    /** @param events told of each try's outcome (the Prometheus callback's deployment metrics) */
    public static Router of(List<Deployment> deployments, Policy policy, DeploymentEvents events) {
        return of(deployments, policy, events, null);
    }

    /**
     * @param events told of each try's outcome (the Prometheus callback's deployment metrics)
     * @param shared the Redis through which the deployments' usage, load and cooldowns are every instance's
     *               (router_settings.redis_*); null: this instance alone
     */
    public static Router of(List<Deployment> deployments, Policy policy, DeploymentEvents events, RedisLink shared) {
        return of(deployments, policy, events, shared, null);
    }

    /**
     * A reloaded config's router: each deployment the edit left as it was keeps its slot of {@code previous} (its
     * cooldown, calls in flight, latency and this minute's usage); a changed or new one starts afresh.
     *
     * @param previous the router the config served with until now; null for none
     */
    public static Router of(List<Deployment> deployments, Policy policy, DeploymentEvents events, RedisLink shared, Router previous) {
        Map<Deployment, Deque<DeploymentSlot>> kept = previous == null ? Map.of() : previous.slotsByDeployment();
        Map<String, List<DeploymentSlot>> byName = new LinkedHashMap<>();
        for (Deployment d : deployments) {
            SharedDeployment sharedState = shared == null ? null : SharedDeployment.of(shared, d);
            Deque<DeploymentSlot> same = kept.get(d);
            DeploymentSlot slot = same != null && !same.isEmpty() && same.peek().sharesThrough(sharedState) ? same.poll()
                    : new DeploymentSlot(d, sharedState);
            byName.computeIfAbsent(d.modelName(), n -> new ArrayList<>()).add(slot);
        }
        String first = byName.keySet().iterator().next();
        java.util.stream.Stream.of(policy.fallbacks().values().stream().flatMap(List::stream),
                        policy.contextWindowFallbacks().values().stream().flatMap(List::stream), policy.defaultFallbacks().stream())
                .flatMap(names -> names).filter(name -> !byName.containsKey(name)).distinct()
                .forEach(name -> log.warn("the fallback model '{}' is not in model_list: it is skipped", name));
        return new Router(name -> byName.containsKey(name) ? name : first, byName::get, List.copyOf(byName.keySet()), true, policy, events,
                accessGroupsOf(deployments));
    }

    public List<String> modelNames() {
        return modelNames;
    }

    /** This router's slots by their deployment (two alike in a list, in their order). */
    private Map<Deployment, Deque<DeploymentSlot>> slotsByDeployment() {
        Map<Deployment, Deque<DeploymentSlot>> slots = new HashMap<>();
        for (String name : modelNames)
            for (DeploymentSlot slot : groups.apply(name)) slots.computeIfAbsent(slot.deployment, d -> new ArrayDeque<>()).add(slot);
        return slots;
    }

    /**
     * LiteLLM's model access groups: each name a deployment's {@code model_info.access_groups} lists, with the model
     * names in it. A key or team whose {@code models} names a group may call every model of the group.
     */
    public Map<String, Set<String>> accessGroups() {
        return accessGroups;
    }

    private static Map<String, Set<String>> accessGroupsOf(List<Deployment> deployments) {
        Map<String, Set<String>> groups = new LinkedHashMap<>();
        for (Deployment d : deployments)
            if (d.modelInfo().get("access_groups") instanceof List<?> names)
                for (Object group : names) groups.computeIfAbsent(String.valueOf(group), g -> new LinkedHashSet<>()).add(d.modelName());
        Map<String, Set<String>> frozen = new LinkedHashMap<>();
        groups.forEach((group, models) -> frozen.put(group, Set.copyOf(models)));
        return java.util.Collections.unmodifiableMap(frozen);
    }

    /**
     * The deployments a request for {@code model} goes to first (before any fallback); for a config, an unknown name's
     * are the first model's. @throws LlmError when the name names no provider (the Java API's router)
     */
    public List<Deployment> deployments(String model) {
        List<DeploymentSlot> group = groups.apply(resolve.apply(model));
        return group == null ? List.of() : group.stream().map(slot -> slot.deployment).toList();
    }

    /** True when a request may leave out its model (a config's first model serves it). */
    public boolean hasDefault() {
        return hasDefault;
    }

    /**
     * Runs {@code attempt} on a deployment of {@code model}; on a retryable failure tries again (another
     * deployment, with backoff), then the model's fallbacks. Nothing is retried once {@code started}
     * says the client has received part of the answer.
     *
     * @param tokens the tokens an answer used, for usage-based routing
     */
    public <T> T run(String model, Attempt<T> attempt, BooleanSupplier started, ToLongFunction<T> tokens) {
        List<String> chain = new ArrayList<>();
        chain.add(resolve.apply(model));
        chain.addAll(policy.fallbacksOf(chain.get(0)));
        LlmError last = null;
        for (int i = 0; i < chain.size(); i++) {
            List<DeploymentSlot> group = groups.apply(chain.get(i));
            if (group == null) continue;
            try {
                return runOnGroup(chain.get(i), group, attempt, started, tokens);
            } catch (LlmError e) {
                last = e;
                if (started.getAsBoolean()) throw e;
                if (isContextWindowError(e) && policy.contextWindowFallbacks().containsKey(chain.get(i))) {
                    chain = new ArrayList<>(chain.subList(0, i + 1));
                    chain.addAll(policy.contextWindowFallbacks().get(chain.get(i)));
                } else if (!fallsBack(e)) {
                    throw e;
                }
                if (i + 1 < chain.size()) log.info("{} failed ({}); falling back to {}", chain.get(i), e.getMessage(), chain.get(i + 1));
            }
        }
        throw last != null ? last : LlmError.badRequest("no deployment serves model '" + model + "'", "model", "model_not_found");
    }

    private <T> T runOnGroup(String model, List<DeploymentSlot> group, Attempt<T> attempt, BooleanSupplier started, ToLongFunction<T> tokens) {
        Set<DeploymentSlot> tried = new HashSet<>();
        LlmError last = null;
        for (int attemptNo = 0; attemptNo <= policy.numRetries(); attemptNo++) {
            DeploymentSlot slot = pick(model, group, tried);
            // Another deployment is tried at once; the same one again only after a backoff (or its Retry-After).
            if (!tried.add(slot)) backoff(attemptNo - 1, last, policy.retryAfter());
            long start = System.nanoTime();
            slot.begin();
            try {
                T result = attempt.call(slot.deployment);
                slot.succeeded(System.nanoTime() - start, result == null ? 0 : tokens.applyAsLong(result));
                events.succeeded(slot.deployment);
                return result;
            } catch (LlmError e) {
                last = e;
                if (!retryable(e)) {
                    slot.ended();
                    throw e;
                }
                // One deployment alone is never cooled down: that would only turn its errors into longer outages.
                boolean alone = group.size() == 1;
                long retryAfterNanos = Math.min(retryAfterMillis(e.retryAfter()), MAX_RETRY_AFTER_MILLIS) * 1_000_000;
                boolean cooled = slot.failed(policy.allowedFails(), alone ? 0 : policy.cooldown().toNanos(), alone ? 0 : retryAfterNanos, System.nanoTime() - start);
                events.failed(slot.deployment, e, cooled);
                if (started.getAsBoolean() || attemptNo == policy.numRetries()) throw e;
            } catch (RuntimeException e) {
                slot.ended();
                throw e;
            }
        }
        throw last;
    }

    /** An untried deployment that is not cooling down, chosen by the strategy; else any that may take it. */
    private DeploymentSlot pick(String model, List<DeploymentSlot> group, Set<DeploymentSlot> tried) {
        long now = System.nanoTime();
        // Usually none is cooling down and none has been tried yet: no copies of the group then.
        List<DeploymentSlot> available = group.stream().noneMatch(s -> s.coolingDown(now)) ? group : group.stream().filter(s -> !s.coolingDown(now)).toList();
        if (available.isEmpty()) {
            long wait = group.stream().mapToLong(DeploymentSlot::coolUntil).min().orElse(now) - now;
            throw new LlmError(429, "rate_limit_error", "every deployment of '" + model + "' is cooling down after failures",
                    null, "no_deployments_available", seconds(wait));
        }
        List<DeploymentSlot> fresh = tried.isEmpty() ? available : available.stream().filter(s -> !tried.contains(s)).toList();
        // Even a model with one deployment goes through the strategy: usage-based routing keeps it to its rpm/tpm.
        DeploymentSlot chosen = fresh.isEmpty() ? null : policy.strategy().pick(fresh);
        if (chosen == null) chosen = policy.strategy().pick(available);
        if (chosen == null) {
            long wait = available.stream().mapToLong(DeploymentSlot::windowEndsIn).min().orElse(0);
            throw new LlmError(429, "rate_limit_error", "every deployment of '" + model + "' is at its rpm/tpm limit this minute",
                    null, "rate_limit_exceeded", seconds(wait));
        }
        return chosen;
    }

    /** A Retry-After value: whole seconds, at least 1. */
    private static String seconds(long nanos) {
        return String.valueOf(Math.max(1, (nanos + 999_999_999) / 1_000_000_000));
    }

    /** Worth another try: rate limits, timeouts, connection failures and server errors. */
    static boolean retryable(LlmError e) {
        int s = e.status();
        return s == 408 || s == 409 || s == 429 || s >= 500;
    }

    /** Worth another model: what a retry would fix, and a deployment that refuses us (key, access, model). */
    static boolean fallsBack(LlmError e) {
        return retryable(e) || e.status() == 401 || e.status() == 403 || e.status() == 404;
    }

    /** A prompt too long for the model: the code the error table gives every provider's (engine/ErrorTable). */
    static boolean isContextWindowError(LlmError e) {
        return "context_length_exceeded".equals(e.code());
    }

    /** Exponential backoff with jitter; the upstream's Retry-After when it gave one (capped, so a client never waits minutes). */
    private static void backoff(int attemptNo, LlmError e, Duration atLeast) {
        long millis = retryAfterMillis(e.retryAfter());
        if (millis < 0) millis = (long) (250 * Math.pow(2, attemptNo) * (0.5 + ThreadLocalRandom.current().nextDouble()));
        millis = Math.max(millis, atLeast.toMillis());
        try {
            Thread.sleep(Math.min(millis, MAX_RETRY_AFTER_MILLIS));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw e;
        }
    }

    /** Retry-After as seconds or as an HTTP date; -1 when absent or unreadable. */
    static long retryAfterMillis(String retryAfter) {
        if (retryAfter == null || retryAfter.isBlank()) return -1;
        try {
            return (long) (Double.parseDouble(retryAfter.trim()) * 1000);
        } catch (NumberFormatException notSeconds) {
            try {
                return Math.max(0, ZonedDateTime.parse(retryAfter.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli() - System.currentTimeMillis());
            } catch (RuntimeException notADate) {
                return -1;
            }
        }
    }
}
