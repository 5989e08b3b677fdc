package litellm.callbacks;

import litellm.openai.Endpoint;
import litellm.routing.DeploymentEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * LiteLLM's {@code litellm_settings.success_callback} and {@code failure_callback}: where finished calls are logged;
 * and its {@code max_budget}, which counts each call's cost ({@link Budget}).
 * {@code langfuse}, {@code prometheus} and {@code otel} are built in; any other name is a Groovy script of that name in the user's folder of callbacks
 * ({@link ScriptLogger}), as LiteLLM's custom callbacks are Python modules; a name with neither is accepted, so that
 * a config loads, and does nothing.
 */
public final class Callbacks {
    private static final Logger log = LoggerFactory.getLogger(Callbacks.class);
    public static final Callbacks NONE = new Callbacks(List.of(), List.of(), null, List.of());
    /** The callbacks litellm.java can send to without a script. */
    private static final Set<String> BUILT_IN = Set.of("langfuse", "prometheus", "otel");
    /** The folder of callback scripts, when not ~/.litellm/callbacks. */
    private static final String SCRIPTS_FOLDER = "LITELLM_CALLBACKS";
    /** The environment variables they read: Langfuse's, and the folder of callback scripts. */
    public static final List<String> ENVIRONMENT = Stream.of(LangfuseLogger.Credentials.ENVIRONMENT, OtelLogger.Settings.ENVIRONMENT, List.of(SCRIPTS_FOLDER))
            .flatMap(List::stream).toList();

    private final List<CallLogger> onSuccess;
    private final List<CallLogger> onFailure;
    private final Budget budget;
    private final List<String> successNames;

    private Callbacks(List<CallLogger> onSuccess, List<CallLogger> onFailure, Budget budget, List<String> successNames) {
        this.onSuccess = onSuccess;
        this.onFailure = onFailure;
        this.budget = budget;
        this.successNames = successNames;
    }

    /**
     * @param env    where a callback reads its settings (LANGFUSE_PUBLIC_KEY...)
     * @param budget the proxy's max_budget, which every call's cost counts against; null for none
     * @throws IllegalArgumentException when a callback's settings are missing
     */
    public static Callbacks of(List<String> success, List<String> failure, Function<String, String> env, Budget budget) {
        if (success.isEmpty() && failure.isEmpty() && budget == null) return NONE;
        Map<String, CallLogger> loggers = new LinkedHashMap<>();
        List<CallLogger> onSuccess = new ArrayList<>(loggers(success, loggers, env));
        if (budget != null) onSuccess.add(budget);
        return new Callbacks(List.copyOf(onSuccess), loggers(failure, loggers, env), budget, List.copyOf(success));
    }

    /** These callbacks and {@code logger}, which is given every call, succeeded or failed (the spend of virtual keys). */
    public Callbacks and(CallLogger logger) {
        return new Callbacks(Stream.concat(onSuccess.stream(), Stream.of(logger)).toList(),
                Stream.concat(onFailure.stream(), Stream.of(logger)).toList(), budget, successNames);
    }

    /** @throws IllegalArgumentException when a built-in callback's settings are missing, or a callback script does not load */
    public static void check(String name, Function<String, String> env) {
        Path scripts = ScriptLogger.folder(env);
        if (name.equals("langfuse")) LangfuseLogger.Credentials.from(env);
        else if (name.equals("otel")) OtelLogger.Settings.from(env);
        else if (ScriptLogger.exists(scripts, name)) ScriptLogger.check(scripts, name);
    }

    private static List<CallLogger> loggers(List<String> names, Map<String, CallLogger> made, Function<String, String> env) {
        Path scripts = ScriptLogger.folder(env);
        List<CallLogger> out = new ArrayList<>();
        for (String name : names) {
            if (name.equals("langfuse")) out.add(made.computeIfAbsent(name, n -> LangfuseLogger.of(LangfuseLogger.Credentials.from(env))));
            else if (name.equals("otel")) out.add(made.computeIfAbsent(name, n -> OtelLogger.of(OtelLogger.Settings.from(env))));
            else if (name.equals("prometheus")) out.add(made.computeIfAbsent(name, n -> PrometheusMetrics.instance()));
            else if (ScriptLogger.exists(scripts, name)) out.add(made.computeIfAbsent(name, n -> ScriptLogger.of(scripts, n)));
            else log.warn("callback '{}' does nothing: it is neither built in ({}) nor a script {}.groovy in {}",
                        name, BUILT_IN, ScriptLogger.scriptName(name), scripts);
        }
        return List.copyOf(out);
    }

    /** The success callbacks' names, as the config gives them (/health/readiness shows them). */
    public List<String> successNames() {
        return successNames;
    }

    /** The Prometheus metrics when {@code prometheus} is one of the callbacks, else null: GET /metrics serves them. */
    public PrometheusMetrics prometheus() {
        return Stream.concat(onSuccess.stream(), onFailure.stream()).filter(l -> l instanceof PrometheusMetrics)
                .map(l -> (PrometheusMetrics) l).findFirst().orElse(null);
    }

    /** Who the router tells of each deployment's tries: the Prometheus metrics when configured, else nobody. */
    public DeploymentEvents deploymentEvents() {
        PrometheusMetrics p = prometheus();
        return p == null ? DeploymentEvents.NONE : p;
    }

    /**
     * Sends what the callbacks and the budget have queued: when the proxy stops, once the calls in flight have
     * finished (the JVM's own exit sends it too, but may run before they finish).
     */
    public static void flushQueued() {
        CallQueue.flushAll();
    }

    /**
     * A call starting now; {@link LoggedCall#NONE} when nothing is logged.
     *
     * @throws litellm.error.LlmError (400) when the proxy's budget is spent
     */
    public LoggedCall start(Endpoint endpoint, Map<String, Object> request, CallTrace trace) {
        if (budget != null) budget.check();
        return onSuccess.isEmpty() && onFailure.isEmpty() ? LoggedCall.NONE : new LoggedCall(this, endpoint, request, trace);
    }

    void succeeded(CallLog call) {
        for (CallLogger l : onSuccess) l.log(call);
    }

    void failed(CallLog call) {
        for (CallLogger l : onFailure) l.log(call);
    }
}
