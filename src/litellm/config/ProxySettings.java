package litellm.config;

import litellm.cache.CacheSettings;
import litellm.callbacks.Budget;
import litellm.callbacks.Callbacks;
import litellm.routing.Router;
import litellm.routing.RoutingStrategy;
import litellm.shared.RedisAddress;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Every proxy-wide setting, typed, and the one place that decides where each comes from: {@link #decide}, one
 * line per setting. The order is: the command line, then router_settings, then litellm_settings, then the
 * environment (the config's environment_variables over the process's), then the default; a setting skips the
 * sources that do not have it (the timeout is {@code --request_timeout}, router_settings.timeout,
 * litellm_settings.request_timeout, 600 s; a Redis host is cache_params.host, REDIS_HOST, localhost).
 * A switch such as {@code --drop_params} only turns a setting on: left off, the config decides.
 *
 * @param calls     the defaults of each call (timeout, drop_params...)
 * @param routing   retries, cool-downs, fallbacks
 * @param apiBase   the api_base of each deployment that has none of its own; null: none
 * @param access    who may call the proxy
 * @param clients   what a client's request may take: its size, the time its head and its body may take to arrive
 * @param callbacks where finished calls are logged
 * @param cache     the response cache; null when off
 * @param budget    what the proxy may spend; null: no limit
 * @param shared    the Redis through which instances share their deployments' usage, load and cooldowns, and their
 *                  spend (router_settings.redis_*); null: each instance on its own
 */
public record ProxySettings(Settings calls, Router.Policy routing, String apiBase, Access access, ClientLimits clients,
                            CallbackSettings callbacks, CacheSettings cache, BudgetSettings budget, RedisAddress shared) {

    /**
     * general_settings: when masterKey is set, clients must present it (or a virtual key); whether a request may bring
     * its own api_base / api_key; the PostgreSQL of virtual keys and spend (database_url, else DATABASE_URL; null: with
     * a master key, a file in the user's folder); the header a client's key comes in instead of Authorization
     * (litellm_key_header_name; null: Authorization, api-key or x-api-key).
     */
    public record Access(String masterKey, boolean allowClientSideCredentials, String databaseUrl, String keyHeaderName) {}

    /**
     * general_settings: what one request of a client may take.
     *
     * @param maxRequestSizeMb the largest request body read, in MB (null: the server's default)
     * @param headerTimeout    the time a request's head (its request line and headers) may take to arrive whole,
     *                         from its first byte (nginx's client_header_timeout)
     * @param bodyTimeout      the time its body may take to arrive whole, from the end of its head
     */
    public record ClientLimits(Double maxRequestSizeMb, Duration headerTimeout, Duration bodyTimeout) {
        /** nginx's default for both: a minute, ample for a large body on a slow link, short for a client that trickles. */
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
        public static final ClientLimits DEFAULT = new ClientLimits(null, DEFAULT_TIMEOUT, DEFAULT_TIMEOUT);
    }

    /**
     * @param success     success_callback and callbacks (LiteLLM's name for both at once)
     * @param failure     failure_callback and callbacks
     * @param environment the environment variables the callbacks read (LANGFUSE_HOST...), as the config saw them
     */
    public record CallbackSettings(List<String> success, List<String> failure, Map<String, String> environment) {}

    /** @param period null: for good */
    public record BudgetSettings(double maxUsd, Duration period) {}

    /** The settings of a proxy started without a config ({@code --model}): the command line, then the defaults. */
    public static ProxySettings of(Flags flags) {
        try {
            return decide(flags, Section.none(), Section.none(), Section.none(), name -> null);
        } catch (ConfigError e) {
            throw new IllegalStateException(e); // no config, nothing to refuse
        }
    }

    /** Each setting from its sources, in order; then a key of a section that no line read is an error. */
    static ProxySettings decide(Flags cli, Section litellm, Section router, Section general, Function<String, String> env) throws ConfigError {
        Settings calls = new Settings(
                cli.number("temperature"),
                cli.integer("max_tokens"),
                first(cli.seconds("request_timeout"), router.seconds("timeout"), litellm.seconds("request_timeout"), Settings.DEFAULT_TIMEOUT),
                first(cli.bool("drop_params"), litellm.bool("drop_params"), false),
                first(cli.bool("add_function_to_prompt"), false),
                first(cli.bool("debug"), litellm.bool("set_verbose"), false),
                (long) (first(sizeMb(general, "max_response_size_mb"), (double) Settings.DEFAULT_MAX_RESPONSE_SIZE_MB) * (1 << 20)));
        Router.Policy defaults = Router.Policy.DEFAULT;
        Router.Policy routing = new Router.Policy(
                first(strategy(router), defaults.strategy()),
                first(router.integer("num_retries"), litellm.integer("num_retries"), defaults.numRetries()),
                first(router.integer("allowed_fails"), defaults.allowedFails()),
                first(router.duration("cooldown_time"), defaults.cooldown()),
                fallbacks(litellm.value("fallbacks")),
                fallbacks(litellm.value("context_window_fallbacks")),
                first(router.names("default_fallbacks"), litellm.names("default_fallbacks"), defaults.defaultFallbacks()),
                first(router.duration("retry_after"), defaults.retryAfter()));
        String apiBase = first(cli.string("api_base"), litellm.string("api_base"));
        Access access = new Access(first(general.secret("master_key"), env.apply("LITELLM_MASTER_KEY")), first(general.bool("allow_client_side_credentials"), false),
                first(general.secret("database_url"), env.apply("DATABASE_URL")), general.string("litellm_key_header_name"));
        ClientLimits clients = new ClientLimits(sizeMb(general, "max_request_size_mb"),
                first(general.seconds("client_header_timeout"), ClientLimits.DEFAULT_TIMEOUT),
                first(general.seconds("client_body_timeout"), ClientLimits.DEFAULT_TIMEOUT));
        CallbackSettings callbacks = new CallbackSettings(callbacks(litellm, "success_callback", env), callbacks(litellm, "failure_callback", env),
                callbackEnvironment(env));
        YamlValue cacheParams = litellm.value("cache_params");
        CacheSettings cache = first(litellm.bool("cache"), false) ? cache(Section.of(cacheParams, env), env) : null;
        Double maxBudget = litellm.positive("max_budget", "a positive number of USD");
        Duration budgetPeriod = budgetDuration(litellm.value("budget_duration"));
        BudgetSettings budget = maxBudget == null ? null : new BudgetSettings(maxBudget, budgetPeriod);

        boolean sharing = router.has("redis_host") | router.has("redis_port") | router.has("redis_password") | router.has("redis_url");
        RedisAddress shared = sharing ? redis(router, "redis_", null, null, null) : null;

        litellm.bool("json_logs"); // checked here; read before the load by ConfigFile.jsonLogs, so that the load's own lines are JSON too
        litellm.done("telemetry", "modify_params");
        router.done();
        general.done("otel"); // no OpenTelemetry export
        return new ProxySettings(calls, routing, apiBase, access, clients, callbacks, cache, budget, shared);
    }

    /** The first value given; null when none is. */
    @SafeVarargs
    static <T> T first(T... values) {
        for (T value : values) if (value != null) return value;
        return null;
    }

    /** A body size limit: a body read whole is one array (or one string, once parsed), so it stays under 2 GB. */
    private static Double sizeMb(Section general, String key) throws ConfigError {
        Double mb = general.positive(key, "a positive number of MB");
        if (mb != null && mb >= 2048)
            throw general.value(key).error("expected less than 2048 MB: the proxy reads a body into one array");
        return mb;
    }

    private static RoutingStrategy strategy(Section router) throws ConfigError {
        YamlValue value = router.value("routing_strategy");
        if (value == null) return null;
        RoutingStrategy strategy = RoutingStrategy.named(value.string());
        if (strategy == null) throw value.error("unknown routing_strategy '" + value.string() + "'; one of " + RoutingStrategy.names());
        return strategy;
    }

    /** cache_params, with LiteLLM's defaults: redis at REDIS_HOST:REDIS_PORT (localhost:6379), every call type. */
    private static CacheSettings cache(Section p, Function<String, String> env) throws ConfigError {
        YamlValue typeValue = p.value("type");
        String type = first(p.string("type"), "redis");
        if (!CacheSettings.TYPES.contains(type))
            throw typeValue.error("cache type '" + type + "' is not one litellm.java has; it has " + CacheSettings.TYPES);
        RedisAddress redis = redis(p, "", env.apply("REDIS_HOST"), env.apply("REDIS_PORT"), env.apply("REDIS_PASSWORD"));
        Duration memoryTtl = p.seconds("default_in_memory_ttl"), redisTtl = p.seconds("default_in_redis_ttl");
        Duration ttl = first(p.seconds("ttl"), type.equals("local") ? memoryTtl : redisTtl);
        List<String> callTypes = p.names("supported_call_types");
        String namespace = p.string("namespace");
        p.done();
        return new CacheSettings(type, ttl, callTypes == null ? CacheSettings.ALL_CALL_TYPES : Set.copyOf(new HashSet<>(callTypes)),
                redis.host(), redis.port(), redis.password(), namespace);
    }

    /**
     * A Redis as LiteLLM names it: {@code <prefix>host}, {@code <prefix>port} and {@code <prefix>password}, or
     * {@code <prefix>url} ({@code redis://[:password@]host:port}), which wins; each value may be {@code os.environ/NAME}.
     * The defaults are the environment's (REDIS_HOST...), then localhost:6379.
     */
    private static RedisAddress redis(Section p, String prefix, String defaultHost, String defaultPort, String defaultPassword) throws ConfigError {
        String host = first(p.secret(prefix + "host"), defaultHost, "localhost");
        YamlValue givenPort = p.value(prefix + "port");
        String port = first(givenPort == null || givenPort.isNull() ? null : p.secret(prefix + "port"), defaultPort, "6379");
        String password = first(p.secret(prefix + "password"), defaultPassword);
        String url = p.secret(prefix + "url");
        if (url != null) { // redis://[:password@]host:port
            URI uri = redisUrl(p.value(prefix + "url"), url);
            host = uri.getHost();
            port = String.valueOf(uri.getPort() < 0 ? 6379 : uri.getPort());
            if (uri.getUserInfo() != null) password = uri.getUserInfo().substring(uri.getUserInfo().indexOf(':') + 1);
        }
        try {
            return new RedisAddress(host, Integer.parseInt(port), password);
        } catch (NumberFormatException e) {
            throw givenPort != null ? givenPort.error("the Redis port '" + port + "' is not a number")
                    : p.error("the Redis port '" + port + "' (REDIS_PORT) is not a number");
        }
    }

    /** The URL, checked; the error never repeats it: it may hold the password. */
    private static URI redisUrl(YamlValue at, String url) throws ConfigError {
        try {
            URI uri = new URI(url);
            if (uri.getHost() != null) return uri;
        } catch (URISyntaxException e) {
            // said below
        }
        throw at.error("expected a URL such as redis://:password@host:6379 (a password with characters such as '@', '/' or ' ' written %-encoded)");
    }

    private static Duration budgetDuration(YamlValue value) throws ConfigError {
        if (value == null || value.isNull()) return null;
        try {
            return Budget.duration(String.valueOf(value.plain()));
        } catch (IllegalArgumentException e) {
            throw value.error("expected " + e.getMessage());
        }
    }

    /** What the callbacks read from the environment, read once here, where the config's environment_variables count. */
    private static Map<String, String> callbackEnvironment(Function<String, String> env) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : Callbacks.ENVIRONMENT)
            if (env.apply(name) != null) values.put(name, env.apply(name));
        return Map.copyOf(values);
    }

    /** A callback list, with {@code callbacks} (LiteLLM's name for both at once) added; a built-in one's settings are checked now. */
    private static List<String> callbacks(Section settings, String key, Function<String, String> env) throws ConfigError {
        List<String> names = new ArrayList<>();
        for (String k : List.of(key, "callbacks")) {
            YamlValue value = settings.value(k);
            if (value == null || value.isNull()) continue;
            for (YamlValue name : value.sequence()) {
                try {
                    Callbacks.check(name.string(), env); // at its own line and column when it fails
                } catch (IllegalArgumentException e) {
                    throw name.error(e.getMessage());
                }
            }
            Section.names(value).stream().filter(n -> !names.contains(n)).forEach(names::add);
        }
        return List.copyOf(names);
    }

    /** LiteLLM's {@code [{model_a: [model_b, ...]}, ...]}, as one map. */
    private static Map<String, List<String>> fallbacks(YamlValue value) throws ConfigError {
        Map<String, List<String>> merged = new LinkedHashMap<>();
        if (value == null || value.isNull()) return merged;
        for (YamlValue item : value.sequence())
            for (var e : item.mapping().entrySet()) merged.put(e.getKey(), Section.names(e.getValue()));
        return merged;
    }
}
