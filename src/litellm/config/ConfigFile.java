package litellm.config;

import litellm.cache.CacheSettings;
import litellm.callbacks.Budget;
import litellm.callbacks.Callbacks;
import litellm.provider.ModelNames;
import litellm.routing.Deployment;
import litellm.routing.RoutingStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Reads a LiteLLM {@code config.yaml}: the same keys, the same meaning, checked strictly so that a
 * typo stops start-up with file, line, column and path instead of being silently ignored.
 */
public final class ConfigFile {
    private static final Logger log = LoggerFactory.getLogger(ConfigFile.class);
    private static final String ENV_PREFIX = "os.environ/";

    private static final Set<String> TOP = Set.of("model_list", "litellm_settings", "router_settings", "general_settings", "environment_variables");
    private static final Set<String> MODEL_ENTRY = Set.of("model_name", "litellm_params", "model_info", "tpm", "rpm");
    private static final Set<String> LITELLM_SETTINGS_USED = Set.of("drop_params", "set_verbose", "request_timeout", "num_retries",
            "fallbacks", "context_window_fallbacks", "default_fallbacks", "api_base", "success_callback", "failure_callback", "callbacks",
            "cache", "cache_params", "max_budget", "budget_duration");
    /** LiteLLM settings accepted so that existing configs load, but with no effect here (said once in the log). */
    private static final Set<String> LITELLM_SETTINGS_IGNORED = Set.of("telemetry", "json_logs", "modify_params");
    private static final Set<String> CACHE_PARAMS = Set.of("type", "host", "port", "password", "url", "namespace", "ttl",
            "default_in_memory_ttl", "default_in_redis_ttl", "supported_call_types");
    private static final Set<String> ROUTER_SETTINGS = Set.of("routing_strategy", "num_retries", "allowed_fails", "cooldown_time", "timeout",
            "default_fallbacks", "retry_after", "redis_host", "redis_port", "redis_password");
    /** Router settings accepted with no effect: this proxy keeps its deployments' state in its own memory. */
    private static final Set<String> ROUTER_SETTINGS_IGNORED = Set.of("redis_host", "redis_port", "redis_password");
    private static final Set<String> GENERAL_SETTINGS = Set.of("master_key", "allow_client_side_credentials", "max_request_size_mb",
            "database_url", "otel");
    /** General settings accepted with no effect: no database, no OpenTelemetry export. */
    private static final Set<String> GENERAL_SETTINGS_IGNORED = Set.of("database_url", "otel");

    private ConfigFile() {}

    /**
     * @param providerExists whether a provider script of a given name exists, to resolve model names
     * @param env            the process environment (System::getenv)
     */
    public static ProxyConfig load(Path file, Predicate<String> providerExists, Function<String, String> env) throws ConfigError {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigError(file + ": cannot read: " + e.getMessage());
        }
        return parse(file.toString(), text, providerExists, env);
    }

    public static ProxyConfig parse(String file, String text, Predicate<String> providerExists, Function<String, String> env) throws ConfigError {
        YamlValue root = YamlValue.parse(file, text);
        if (root == null || root.isNull()) throw new ConfigError(file + ": the config is empty; it needs a model_list");
        Map<String, YamlValue> top = root.mapping(TOP);

        Map<String, String> environment = new LinkedHashMap<>();
        if (top.containsKey("environment_variables"))
            for (var e : top.get("environment_variables").mapping(null).entrySet()) environment.put(e.getKey(), e.getValue().string());
        Function<String, String> lookup = name -> environment.containsKey(name) ? environment.get(name) : env.apply(name);

        if (!top.containsKey("model_list")) throw root.error("model_list is missing: it lists the models the proxy serves");
        List<Deployment> deployments = new ArrayList<>();
        for (YamlValue entry : top.get("model_list").sequence()) deployments.add(deployment(entry, providerExists, lookup));
        if (deployments.isEmpty()) throw top.get("model_list").error("model_list is empty");

        return new ProxyConfig(List.copyOf(deployments), Map.copyOf(environment),
                litellmSettings(top.get("litellm_settings"), lookup), routerSettings(top.get("router_settings")),
                generalSettings(top.get("general_settings"), lookup));
    }

    private static Deployment deployment(YamlValue entry, Predicate<String> providerExists, Function<String, String> env) throws ConfigError {
        Map<String, YamlValue> fields = entry.mapping(MODEL_ENTRY);
        if (!fields.containsKey("model_name")) throw entry.error("model_name is missing");
        if (!fields.containsKey("litellm_params")) throw entry.error("litellm_params is missing");
        String name = fields.get("model_name").string();
        Map<String, Object> params = new LinkedHashMap<>();
        YamlValue model = null;
        for (var e : fields.get("litellm_params").mapping(null).entrySet()) {
            if (e.getKey().equals("model")) model = e.getValue();
            params.put(e.getKey(), resolveEnv(e.getValue(), e.getValue().plain(), env));
        }
        if (model == null) throw fields.get("litellm_params").error("model is missing: the provider's model, e.g. huggingface/HuggingFaceH4/zephyr-7b-beta");
        ModelNames.Resolved resolved = ModelNames.resolve(model.string(), providerExists);
        if (resolved == null) throw model.error("cannot tell which provider serves '" + model.string() + "': write it as <provider>/<model>");
        for (String key : List.of("api_base", "api_key", "api_version"))
            if (params.get(key) != null && !(params.get(key) instanceof String)) throw fields.get("litellm_params").mapping(null).get(key).error("expected a string");
        for (String key : List.of("rpm", "tpm", "weight", "timeout", "stream_timeout", "temperature", "max_tokens",
                "input_cost_per_token", "output_cost_per_token"))
            if (params.get(key) != null && !(params.get(key) instanceof Number)) throw fields.get("litellm_params").mapping(null).get(key).error("expected a number");
        if (params.get("headers") != null && !(params.get("headers") instanceof Map)) throw fields.get("litellm_params").mapping(null).get("headers").error("expected a mapping of header names to values");
        for (String key : List.of("rpm", "tpm")) // LiteLLM also takes these beside litellm_params
            if (fields.containsKey(key)) params.putIfAbsent(key, fields.get(key).number());
        if (fields.containsKey("model_info")) fields.get("model_info").mapping(null);

        String apiBase = (String) params.remove("api_base");
        String apiKey = (String) params.remove("api_key");
        String apiVersion = (String) params.remove("api_version");
        params.remove("model");
        return new Deployment(name, resolved.provider(), resolved.model(), apiBase, apiKey, apiVersion, params);
    }

    /** {@code os.environ/NAME} anywhere in a value becomes the variable's value; a missing one is an error naming it. */
    @SuppressWarnings("unchecked")
    private static Object resolveEnv(YamlValue at, Object value, Function<String, String> env) throws ConfigError {
        if (value instanceof String s && s.startsWith(ENV_PREFIX)) {
            String name = s.substring(ENV_PREFIX.length());
            String resolved = env.apply(name);
            if (resolved == null) throw at.error("the environment variable " + name + " (from " + s + ") is not set");
            return resolved;
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (var e : ((Map<String, Object>) m).entrySet()) out.put(e.getKey(), resolveEnv(at, e.getValue(), env));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) out.add(resolveEnv(at, o, env));
            return out;
        }
        return value;
    }

    private static ProxyConfig.LitellmSettings litellmSettings(YamlValue section, Function<String, String> env) throws ConfigError {
        if (section == null || section.isNull()) return new ProxyConfig.LitellmSettings(null, null, null, null, null, null, null, null, List.of(), List.of(), Map.of(), null, null, null);
        Set<String> known = new java.util.HashSet<>(LITELLM_SETTINGS_USED);
        known.addAll(LITELLM_SETTINGS_IGNORED);
        Map<String, YamlValue> s = section.mapping(known);
        warnIgnored("litellm_settings", s, LITELLM_SETTINGS_IGNORED);
        return new ProxyConfig.LitellmSettings(
                s.containsKey("drop_params") ? s.get("drop_params").bool() : null,
                s.containsKey("set_verbose") ? s.get("set_verbose").bool() : null,
                s.containsKey("request_timeout") ? positive(s.get("request_timeout")) : null,
                s.containsKey("num_retries") ? s.get("num_retries").integer() : null,
                fallbacks(s.get("fallbacks")), fallbacks(s.get("context_window_fallbacks")), names(s.get("default_fallbacks")),
                s.containsKey("api_base") ? s.get("api_base").string() : null,
                callbacks(s, "success_callback", env), callbacks(s, "failure_callback", env), callbackEnvironment(env),
                s.containsKey("cache") && s.get("cache").bool() ? cache(s.get("cache_params"), env) : null,
                s.containsKey("max_budget") ? positive(s.get("max_budget"), "a positive number of USD") : null, duration(s.get("budget_duration")));
    }

    private static Duration duration(YamlValue value) throws ConfigError {
        if (value == null || value.isNull()) return null;
        try {
            return Budget.duration(String.valueOf(value.plain()));
        } catch (IllegalArgumentException e) {
            throw value.error("expected " + e.getMessage());
        }
    }

    /** cache_params, with LiteLLM's defaults: redis at REDIS_HOST:REDIS_PORT (localhost:6379), every call type. */
    private static CacheSettings cache(YamlValue section, Function<String, String> env) throws ConfigError {
        Map<String, YamlValue> p = section == null || section.isNull() ? Map.of() : section.mapping(CACHE_PARAMS);
        String type = p.containsKey("type") ? p.get("type").string() : "redis";
        if (!CacheSettings.TYPES.contains(type))
            throw p.get("type").error("cache type '" + type + "' is not one litellm.java has; it has " + CacheSettings.TYPES);
        String host = p.containsKey("host") ? p.get("host").string() : Objects.requireNonNullElse(env.apply("REDIS_HOST"), "localhost");
        String port = p.containsKey("port") ? String.valueOf(p.get("port").integer()) : Objects.requireNonNullElse(env.apply("REDIS_PORT"), "6379");
        String password = p.containsKey("password") ? (String) resolveEnv(p.get("password"), p.get("password").string(), env) : env.apply("REDIS_PASSWORD");
        if (p.containsKey("url")) { // redis://[:password@]host:port
            URI url = URI.create(p.get("url").string());
            host = url.getHost();
            port = String.valueOf(url.getPort() < 0 ? 6379 : url.getPort());
            if (url.getUserInfo() != null) password = url.getUserInfo().substring(url.getUserInfo().indexOf(':') + 1);
        }
        YamlValue ttl = p.get("ttl") != null ? p.get("ttl") : p.get(type.equals("local") ? "default_in_memory_ttl" : "default_in_redis_ttl");
        Set<String> callTypes = CacheSettings.ALL_CALL_TYPES;
        if (p.containsKey("supported_call_types")) {
            Set<String> given = new java.util.HashSet<>();
            for (YamlValue t : p.get("supported_call_types").sequence()) given.add(t.string());
            callTypes = Set.copyOf(given);
        }
        int portNumber;
        try {
            portNumber = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            String message = "the Redis port '" + port + "' (REDIS_PORT) is not a number";
            throw section == null || section.isNull() ? new ConfigError(message) : section.error(message);
        }
        return new CacheSettings(type, ttl == null ? null : Duration.ofMillis((long) (positive(ttl) * 1000)), callTypes, host, portNumber,
                password, p.containsKey("namespace") ? p.get("namespace").string() : null);
    }

    /** What the callbacks read from the environment, read once here, where the config's environment_variables count. */
    private static Map<String, String> callbackEnvironment(Function<String, String> env) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : Callbacks.ENVIRONMENT)
            if (env.apply(name) != null) values.put(name, env.apply(name));
        return Map.copyOf(values);
    }

    /** A callback list, with {@code callbacks} (LiteLLM's name for both at once) added; a built-in one's settings are checked now. */
    private static List<String> callbacks(Map<String, YamlValue> settings, String key, Function<String, String> env) throws ConfigError {
        List<String> names = new ArrayList<>();
        for (String k : List.of(key, "callbacks")) {
            YamlValue value = settings.get(k);
            if (value == null || value.isNull()) continue;
            for (YamlValue name : value.sequence()) {
                try {
                    Callbacks.check(name.string(), env); // at its own line and column when it fails
                } catch (IllegalArgumentException e) {
                    throw name.error(e.getMessage());
                }
            }
            names(value).stream().filter(n -> !names.contains(n)).forEach(names::add);
        }
        return List.copyOf(names);
    }

    private static ProxyConfig.RouterSettings routerSettings(YamlValue section) throws ConfigError {
        if (section == null || section.isNull()) return new ProxyConfig.RouterSettings(null, null, null, null, null, null, null);
        Map<String, YamlValue> s = section.mapping(ROUTER_SETTINGS);
        warnIgnored("router_settings", s, ROUTER_SETTINGS_IGNORED);
        String strategy = null;
        if (s.containsKey("routing_strategy")) {
            strategy = s.get("routing_strategy").string();
            if (RoutingStrategy.named(strategy) == null)
                throw s.get("routing_strategy").error("unknown routing_strategy '" + strategy + "'; one of " + RoutingStrategy.names());
        }
        return new ProxyConfig.RouterSettings(strategy,
                s.containsKey("num_retries") ? s.get("num_retries").integer() : null,
                s.containsKey("allowed_fails") ? s.get("allowed_fails").integer() : null,
                s.containsKey("cooldown_time") ? s.get("cooldown_time").number() : null,
                s.containsKey("timeout") ? positive(s.get("timeout")) : null,
                names(s.get("default_fallbacks")), s.containsKey("retry_after") ? s.get("retry_after").number() : null);
    }

    /** A list of model names; null when not given. */
    private static List<String> names(YamlValue value) throws ConfigError {
        if (value == null || value.isNull()) return null;
        List<String> names = new ArrayList<>();
        for (YamlValue name : value.sequence()) names.add(name.string());
        return List.copyOf(names);
    }

    private static ProxyConfig.GeneralSettings generalSettings(YamlValue section, Function<String, String> env) throws ConfigError {
        if (section == null || section.isNull()) return new ProxyConfig.GeneralSettings(null, false, null);
        Map<String, YamlValue> s = section.mapping(GENERAL_SETTINGS);
        warnIgnored("general_settings", s, GENERAL_SETTINGS_IGNORED);
        String key = null;
        if (s.containsKey("master_key") && !s.get("master_key").isNull())
            key = (String) resolveEnv(s.get("master_key"), s.get("master_key").string(), env);
        Double maxRequestSizeMb = null;
        if (s.containsKey("max_request_size_mb")) {
            maxRequestSizeMb = positive(s.get("max_request_size_mb"), "a positive number of MB");
            if (maxRequestSizeMb >= 2048) throw s.get("max_request_size_mb").error("expected less than 2048 MB: the proxy reads a body into one array");
        }
        return new ProxyConfig.GeneralSettings(key,
                s.containsKey("allow_client_side_credentials") && s.get("allow_client_side_credentials").bool(), maxRequestSizeMb);
    }

    private static void warnIgnored(String section, Map<String, YamlValue> settings, Set<String> ignored) {
        for (String key : settings.keySet())
            if (ignored.contains(key)) log.warn("{}.{} is accepted but has no effect in litellm.java", section, key);
    }

    /** {@code [{model_a: [model_b, ...]}, ...]} */
    private static List<Map<String, List<String>>> fallbacks(YamlValue value) throws ConfigError {
        if (value == null || value.isNull()) return null;
        List<Map<String, List<String>>> out = new ArrayList<>();
        for (YamlValue item : value.sequence()) {
            Map<String, List<String>> rule = new LinkedHashMap<>();
            for (var e : item.mapping(null).entrySet()) {
                List<String> targets = new ArrayList<>();
                for (YamlValue t : e.getValue().sequence()) targets.add(t.string());
                rule.put(e.getKey(), List.copyOf(targets));
            }
            out.add(rule);
        }
        return out;
    }

    private static double positive(YamlValue v) throws ConfigError {
        return positive(v, "a positive number of seconds");
    }

    private static double positive(YamlValue v, String expected) throws ConfigError {
        double d = v.number();
        if (d <= 0) throw v.error("expected " + expected);
        return d;
    }
}
