package litellm.callbacks;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.StatefulMetric;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import litellm.error.LlmError;
import litellm.http.Secrets;
import litellm.log.RareWarning;
import litellm.routing.Deployment;
import litellm.routing.DeploymentEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * LiteLLM's Prometheus metrics ({@code callbacks: ["prometheus"]}), under its names and with its labels, through the
 * Prometheus Java client: the proxy's requests and failures, latencies, tokens, spend, the response cache, and each
 * deployment's state and the rate limits its upstream reports. The labels of virtual keys (hashed_api_key, api_key_alias, team,
 * team_alias, user, user_email) are the calling key's. The budget metrics of keys, teams and users, and a key's requests
 * and tokens left this minute, are read from the keys when /metrics is scraped ({@link BudgetReading}), as LiteLLM's
 * job that emits them for every key and team.
 */
public final class PrometheusMetrics implements CallLogger, DeploymentEvents {
    /** LiteLLM's buckets, in seconds. */
    private static final double[] LATENCY_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 420, 600};
    private static final int SERIES_KEPT = 10_000;
    private static final double HEALTHY = 0, PARTIAL_OUTAGE = 1, COMPLETE_OUTAGE = 2;

    // LiteLLM's label names
    private static final String END_USER = "end_user", USER = "user", USER_EMAIL = "user_email", KEY_HASH = "hashed_api_key",
            KEY_ALIAS = "api_key_alias", TEAM = "team", TEAM_ALIAS = "team_alias", REQUESTED_MODEL = "requested_model",
            MODEL = "model", LITELLM_MODEL_NAME = "litellm_model_name", MODEL_ID = "model_id", API_BASE = "api_base",
            API_PROVIDER = "api_provider", EXCEPTION_STATUS = "exception_status", EXCEPTION_CLASS = "exception_class",
            STATUS_CODE = "status_code", ROUTE = "route", MODEL_GROUP = "model_group", CLIENT_IP = "client_ip", USER_AGENT = "user_agent";
    private static final String[] DEPLOYMENT = {LITELLM_MODEL_NAME, MODEL_ID, API_BASE, API_PROVIDER};
    private static final String[] TOKENS = {END_USER, KEY_HASH, KEY_ALIAS, MODEL, TEAM, TEAM_ALIAS, USER, USER_EMAIL, REQUESTED_MODEL, MODEL_ID};
    private static final String[] LATENCY = {MODEL, KEY_HASH, KEY_ALIAS, TEAM, TEAM_ALIAS, REQUESTED_MODEL, END_USER, USER, MODEL_ID};
    private static final String[] CACHE = {MODEL, KEY_HASH, KEY_ALIAS, TEAM, TEAM_ALIAS, END_USER, USER, MODEL_ID};
    private static final String[] REMAINING = {MODEL_GROUP, API_PROVIDER, API_BASE, LITELLM_MODEL_NAME, KEY_HASH, KEY_ALIAS, MODEL_ID};

    private static volatile PrometheusMetrics instance;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final ExpositionFormats formats = ExpositionFormats.init();
    /** litellm_deployment_state's data point of each deployment, by its id. */
    private final Map<String, GaugeDataPoint> states = new ConcurrentHashMap<>();
    private static final Logger log = LoggerFactory.getLogger(PrometheusMetrics.class);
    private final RareWarning failed = new RareWarning(1000);
    /** The data points of each series counted lately. */
    private final Map<Series, Points> seriesPoints = new ConcurrentHashMap<>();

    private final Labelled<CounterDataPoint> totalRequests = counter("litellm_proxy_total_requests_metric", "Total number of requests made to the proxy server",
            END_USER, KEY_HASH, KEY_ALIAS, REQUESTED_MODEL, TEAM, TEAM_ALIAS, USER, STATUS_CODE, USER_EMAIL, ROUTE, CLIENT_IP, USER_AGENT, MODEL_ID);
    private final Labelled<CounterDataPoint> failedRequests = counter("litellm_proxy_failed_requests_metric", "Total number of failed responses from proxy",
            END_USER, KEY_HASH, KEY_ALIAS, REQUESTED_MODEL, TEAM, TEAM_ALIAS, USER, USER_EMAIL, EXCEPTION_STATUS, EXCEPTION_CLASS, ROUTE, CLIENT_IP, USER_AGENT, MODEL_ID);
    private final Labelled<DistributionDataPoint> totalLatency = histogram("litellm_request_total_latency_metric", "Total latency (seconds) for a request to LiteLLM",
            END_USER, KEY_HASH, KEY_ALIAS, REQUESTED_MODEL, TEAM, TEAM_ALIAS, USER, MODEL, MODEL_ID);
    private final Labelled<DistributionDataPoint> apiLatency = histogram("litellm_llm_api_latency_metric", "Total latency (seconds) for a models LLM API call", LATENCY);
    private final Labelled<DistributionDataPoint> timeToFirstToken = histogram("litellm_llm_api_time_to_first_token_metric", "Time to first token for a models LLM API call", LATENCY);
    private final Labelled<CounterDataPoint> inputTokens = counter("litellm_input_tokens_metric", "Total number of input tokens from LLM requests", TOKENS);
    private final Labelled<CounterDataPoint> outputTokens = counter("litellm_output_tokens_metric", "Total number of output tokens from LLM requests", TOKENS);
    private final Labelled<CounterDataPoint> totalTokens = counter("litellm_total_tokens_metric", "Total number of input + output tokens from LLM requests", TOKENS);
    private final Labelled<CounterDataPoint> spend = counter("litellm_spend_metric", "Total spend on LLM requests",
            END_USER, KEY_HASH, KEY_ALIAS, MODEL, TEAM, TEAM_ALIAS, USER, USER_EMAIL, CLIENT_IP, USER_AGENT, MODEL_ID, API_PROVIDER);
    private final Labelled<GaugeDataPoint> remainingTeamBudget = gauge("litellm_remaining_team_budget_metric", "Remaining budget for team", TEAM, TEAM_ALIAS);
    private final Labelled<GaugeDataPoint> teamMaxBudget = gauge("litellm_team_max_budget_metric", "Maximum budget set for team", TEAM, TEAM_ALIAS);
    private final Labelled<GaugeDataPoint> teamBudgetHours = gauge("litellm_team_budget_remaining_hours_metric",
            "Remaining days for team budget to be reset", TEAM, TEAM_ALIAS);
    private final Labelled<GaugeDataPoint> remainingKeyBudget = gauge("litellm_remaining_api_key_budget_metric", "Remaining budget for api key",
            KEY_HASH, KEY_ALIAS);
    private final Labelled<GaugeDataPoint> keyMaxBudget = gauge("litellm_api_key_max_budget_metric", "Maximum budget set for api key", KEY_HASH, KEY_ALIAS);
    private final Labelled<GaugeDataPoint> keyBudgetHours = gauge("litellm_api_key_budget_remaining_hours_metric",
            "Remaining hours for api key budget to be reset", KEY_HASH, KEY_ALIAS);
    private final Labelled<GaugeDataPoint> remainingUserBudget = gauge("litellm_remaining_user_budget_metric", "Remaining budget for user", USER);
    private final Labelled<GaugeDataPoint> userMaxBudget = gauge("litellm_user_max_budget_metric", "Maximum budget set for user", USER);
    private final Labelled<GaugeDataPoint> userBudgetHours = gauge("litellm_user_budget_remaining_hours_metric",
            "Remaining hours for user budget to be reset", USER);
    private final Labelled<GaugeDataPoint> keyRequestsForModel = gauge("litellm_remaining_api_key_requests_for_model",
            "Remaining Requests API Key can make for model (model based rpm limit on key)", KEY_HASH, KEY_ALIAS, MODEL);
    private final Labelled<GaugeDataPoint> keyTokensForModel = gauge("litellm_remaining_api_key_tokens_for_model",
            "Remaining Tokens API Key can make for model (model based tpm limit on key)", KEY_HASH, KEY_ALIAS, MODEL);
    /** The model groups each key (by its hash) has called, for its requests and tokens left per model. */
    private final Map<String, Set<String>> keyModels = new ConcurrentHashMap<>();
    private final Labelled<GaugeDataPoint> remainingRequests = gauge("litellm_remaining_requests_metric", "remaining requests for model, returned from LLM API Provider", REMAINING);
    private final Labelled<GaugeDataPoint> remainingTokens = gauge("litellm_remaining_tokens_metric", "remaining tokens for model, returned from LLM API Provider", REMAINING);
    private final Labelled<CounterDataPoint> cacheHits = counter("litellm_cache_hits_metric", "Total number of LiteLLM cache hits", CACHE);
    private final Labelled<CounterDataPoint> cacheMisses = counter("litellm_cache_misses_metric", "Total number of LiteLLM cache misses", CACHE);
    private final Labelled<CounterDataPoint> cachedTokens = counter("litellm_cached_tokens_metric", "Total tokens served from LiteLLM cache", CACHE);
    private final Labelled<GaugeDataPoint> deploymentState = gauge("litellm_deployment_state",
            "LLM Deployment Analytics - The state of the deployment: 0 = healthy, 1 = partial outage, 2 = complete outage", DEPLOYMENT);
    private final Labelled<CounterDataPoint> cooledDown = counter("litellm_deployment_cooled_down",
            "LLM Deployment Analytics - Number of times a deployment has been cooled down by LiteLLM load balancing logic",
            LITELLM_MODEL_NAME, MODEL_ID, API_BASE, API_PROVIDER, EXCEPTION_STATUS);

    private PrometheusMetrics() {}

    /** The JVM's one set: a reloaded config keeps counting where the last one was. */
    static PrometheusMetrics instance() {
        PrometheusMetrics m = instance;
        if (m != null) return m;
        synchronized (PrometheusMetrics.class) {
            if (instance == null) instance = new PrometheusMetrics();
            return instance;
        }
    }

    /**
     * A finished call, counted on its own thread: a few additions into data points found once per series, cheaper
     * there than handed to another thread, which then reads the call from memory gone cold.
     */
    @Override
    public void log(CallLog call) {
        try {
            record(call);
        } catch (RuntimeException e) { // an odd call must not fail, nor stop the counting of the others
            if (failed.due()) log.warn("prometheus: a call could not be counted ({} so far): {}", failed.count(), e.toString());
        }
    }

    /**
     * The metrics in the format the scraper asks for in its Accept header (Prometheus' text format, or OpenMetrics),
     * every call finished until now counted.
     *
     * @param budgets every key's, team's and user's budget now (none without virtual keys)
     */
    public synchronized Scrape scrape(String accept, List<BudgetReading> budgets) {
        budgets(budgets, System.currentTimeMillis());
        ExpositionFormatWriter writer = formats.findWriter(accept);
        if (!writer.isAvailable()) writer = formats.getPrometheusTextFormatWriter(); // protobuf: not on the class path
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // into memory: cannot happen
        }
        return new Scrape(writer.getContentType(), out.toByteArray());
    }

    public record Scrape(String contentType, byte[] body) {}

    /** On the request's path: each deployment's data point is looked up by its id, its labels made once. */
    @Override
    public void succeeded(Deployment d) {
        state(d).set(HEALTHY);
    }

    @Override
    public void failed(Deployment d, LlmError error, boolean cooled) {
        state(d).set(cooled ? COMPLETE_OUTAGE : PARTIAL_OUTAGE);
        if (cooled) cooledDown.metric().labelValues(append(deploymentLabels(d), String.valueOf(error.status()))).inc();
    }

    private GaugeDataPoint state(Deployment d) {
        return states.computeIfAbsent(d.id(), id -> deploymentState.metric().labelValues(deploymentLabels(d)));
    }

    private static String[] deploymentLabels(Deployment d) {
        return new String[]{d.provider() + "/" + d.model(), d.id(), d.apiBase() == null ? "" : Secrets.maskUrl(d.apiBase()), d.provider()};
    }

    private static String[] append(String[] labels, String last) {
        String[] all = Arrays.copyOf(labels, labels.length + 1);
        all[labels.length] = last;
        return all;
    }

    /** The budget gauges, made again from the readings: a key, team or user deleted since the last scrape is gone. */
    private void budgets(List<BudgetReading> budgets, long now) {
        for (var g : List.of(remainingTeamBudget, teamMaxBudget, teamBudgetHours, remainingKeyBudget, keyMaxBudget, keyBudgetHours,
                remainingUserBudget, userMaxBudget, userBudgetHours, keyRequestsForModel, keyTokensForModel))
            g.metric().clear();
        for (BudgetReading b : budgets) {
            String[] labels = b.owner() == BudgetReading.Owner.USER ? new String[]{b.id()} : new String[]{b.id(), orEmpty(b.alias())};
            var gauges = switch (b.owner()) {
                case KEY -> List.of(remainingKeyBudget, keyMaxBudget, keyBudgetHours);
                case TEAM -> List.of(remainingTeamBudget, teamMaxBudget, teamBudgetHours);
                case USER -> List.of(remainingUserBudget, userMaxBudget, userBudgetHours);
            };
            // LiteLLM's: no max budget leaves +Inf remaining and no max; no reset, no hours
            gauges.get(0).metric().labelValues(labels).set(b.maxBudget() == null ? Double.POSITIVE_INFINITY : b.maxBudget() - b.spend());
            if (b.maxBudget() != null) gauges.get(1).metric().labelValues(labels).set(b.maxBudget());
            if (b.resetAt() != null) gauges.get(2).metric().labelValues(labels).set((b.resetAt() - now) / 3_600_000.0);
            if (b.owner() == BudgetReading.Owner.KEY)
                for (String model : keyModels.getOrDefault(b.id(), Set.of())) {
                    String[] perModel = {b.id(), orEmpty(b.alias()), model};
                    // LiteLLM's for a key without the limit: sys.maxsize
                    keyRequestsForModel.metric().labelValues(perModel).set(b.remainingRequests() == null ? Long.MAX_VALUE : b.remainingRequests());
                    keyTokensForModel.metric().labelValues(perModel).set(b.remainingTokens() == null ? Long.MAX_VALUE : b.remainingTokens());
                }
        }
    }

    private void record(CallLog call) {
        Points p = points(call);
        if (call.caller() != null && call.modelGroup() != null)
            keyModels.computeIfAbsent(call.caller().keyHash(), k -> ConcurrentHashMap.newKeySet()).add(call.modelGroup());
        p.of(totalRequests).inc();
        if (call.failed()) p.of(failedRequests).inc();
        p.of(totalLatency).observe(seconds(call.start(), call.end()));
        if (call.cacheKey() != null) p.of(call.cacheHit() ? cacheHits : cacheMisses).inc();
        Map<String, Object> usage = call.usage();
        if (call.cacheHit()) {
            if (usage != null) p.of(cachedTokens).inc(tokens(usage, "total_tokens"));
            return;
        }
        if (call.attemptStart() != null && !call.failed()) p.of(apiLatency).observe(seconds(call.attemptStart(), call.end()));
        if (call.attemptStart() != null && call.firstChunk() != null) p.of(timeToFirstToken).observe(seconds(call.attemptStart(), call.firstChunk()));
        if (usage != null) {
            p.of(inputTokens).inc(tokens(usage, "prompt_tokens"));
            p.of(outputTokens).inc(tokens(usage, "completion_tokens"));
            p.of(totalTokens).inc(tokens(usage, "total_tokens"));
            Double cost = call.cost(usage);
            if (cost != null) p.of(spend).inc(cost);
        }
        remaining(remainingRequests, call.upstreamHeaders().get("x-ratelimit-remaining-requests"), p);
        remaining(remainingTokens, call.upstreamHeaders().get("x-ratelimit-remaining-tokens"), p);
    }

    /** What tells one call's label values from another's: calls with equal ones count into the same data points. */
    private record Series(Caller caller, Object endUser, String requestedModel, String modelGroup, String model, String provider,
                          String modelId, String apiBase, String route, int status) {
        static Series of(CallLog call) {
            return new Series(call.caller(), call.request() == null ? null : call.request().get("user"), call.requestedModel(),
                    call.modelGroup(), call.model(), call.provider(), call.modelId(), call.apiBase(), call.endpoint().path,
                    call.failed() ? call.error().status() : 0);
        }
    }

    /**
     * The data points of one {@link Series}, each found by its label values the first time it counts: counting a call
     * is then a lookup by identity, where finding each metric's data point by its label values took most of it.
     * A data point is made only when it counts, so a metric the call does not touch shows no series of zeros.
     */
    private static final class Points {
        private final Map<String, String> labels;
        private final Map<Labelled<?>, DataPoint> found = new ConcurrentHashMap<>();

        Points(Map<String, String> labels) {
            this.labels = labels;
        }

        @SuppressWarnings("unchecked")
        <D extends DataPoint> D of(Labelled<D> metric) {
            return (D) found.computeIfAbsent(metric, m -> m.of(labels));
        }
    }

    private Points points(CallLog call) {
        Series series = Series.of(call);
        Points p = seriesPoints.get(series);
        if (p != null) return p;
        if (seriesPoints.size() >= SERIES_KEPT) seriesPoints.clear(); // end users are many: their points stay in the metrics
        p = new Points(labels(call));
        seriesPoints.put(series, p);
        return p;
    }

    private static void remaining(Labelled<GaugeDataPoint> gauge, String header, Points p) {
        if (header == null) return;
        try {
            p.of(gauge).set(Double.parseDouble(header.trim()));
        } catch (NumberFormatException notANumber) {
            // an upstream's odd header is no reason to lose the call's other metrics
        }
    }

    /** Every label's value for this call; the client's address and user agent are empty for now. */
    private static Map<String, String> labels(CallLog call) {
        Map<String, String> l = new HashMap<>();
        for (String empty : List.of(CLIENT_IP, USER_AGENT)) l.put(empty, "");
        Caller key = call.caller(); // null without virtual keys
        l.put(KEY_HASH, key == null ? "" : orEmpty(key.keyHash()));
        l.put(KEY_ALIAS, key == null ? "" : orEmpty(key.keyAlias()));
        l.put(TEAM, key == null ? "" : orEmpty(key.teamId()));
        l.put(TEAM_ALIAS, key == null ? "" : orEmpty(key.teamAlias()));
        l.put(USER, key == null ? "" : orEmpty(key.userId()));
        l.put(USER_EMAIL, key == null ? "" : orEmpty(key.userEmail()));
        Object endUser = call.request() == null ? null : call.request().get("user");
        l.put(END_USER, endUser == null ? "" : endUser.toString());
        l.put(REQUESTED_MODEL, orEmpty(call.requestedModel()));
        l.put(MODEL_GROUP, orEmpty(call.modelGroup()));
        l.put(MODEL, call.model() != null ? call.model() : orEmpty(call.requestedModel())); // a cache hit's: the model asked for
        l.put(LITELLM_MODEL_NAME, call.provider() == null ? "" : call.provider() + "/" + call.model());
        l.put(MODEL_ID, orEmpty(call.modelId()));
        l.put(API_BASE, orEmpty(call.apiBase()));
        l.put(API_PROVIDER, orEmpty(call.provider()));
        l.put(ROUTE, "/" + call.endpoint().path);
        l.put(STATUS_CODE, call.failed() ? String.valueOf(call.error().status()) : "200");
        l.put(EXCEPTION_STATUS, call.failed() ? String.valueOf(call.error().status()) : "");
        l.put(EXCEPTION_CLASS, call.failed() ? exceptionClass(call) : "");
        return l;
    }

    /** LiteLLM's name for a failure: the provider, capitalised, and OpenAI's exception class, e.g. Openai.RateLimitError. */
    private static String exceptionClass(CallLog call) {
        String name = switch (call.error().status()) {
            case 400 -> "BadRequestError";
            case 401 -> "AuthenticationError";
            case 403 -> "PermissionDeniedError";
            case 404 -> "NotFoundError";
            case 408, 504 -> "Timeout";
            case 422 -> "UnprocessableEntityError";
            case 429 -> "RateLimitError";
            case 499 -> "ClientDisconnected";
            case 502 -> "APIConnectionError";
            case 503 -> "ServiceUnavailableError";
            default -> call.error().status() >= 500 ? "InternalServerError" : "APIError";
        };
        String p = call.provider();
        return p == null || p.isEmpty() ? name : Character.toUpperCase(p.charAt(0)) + p.substring(1) + "." + name;
    }

    /** A metric with its label names, in LiteLLM's order: its data point for a call's label values. */
    private record Labelled<D extends DataPoint>(StatefulMetric<D, ?> metric, String[] names) {
        D of(Map<String, String> values) {
            String[] ordered = new String[names.length];
            for (int i = 0; i < names.length; i++) ordered[i] = values.get(names[i]);
            return metric.labelValues(ordered);
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static long tokens(Map<String, Object> usage, String key) {
        return usage.get(key) instanceof Number n ? n.longValue() : 0;
    }

    private static double seconds(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toNanos()) / 1e9;
    }

    private Labelled<CounterDataPoint> counter(String name, String help, String... labels) {
        return new Labelled<>(Counter.builder().name(name).help(help).labelNames(labels).withoutExemplars().register(registry), labels);
    }

    private Labelled<GaugeDataPoint> gauge(String name, String help, String... labels) {
        return new Labelled<>(Gauge.builder().name(name).help(help).labelNames(labels).withoutExemplars().register(registry), labels);
    }

    private Labelled<DistributionDataPoint> histogram(String name, String help, String... labels) {
        return new Labelled<>(Histogram.builder().name(name).help(help).labelNames(labels).classicOnly().classicUpperBounds(LATENCY_BUCKETS)
                .withoutExemplars().register(registry), labels);
    }
}
