package litellm.cli;

import litellm.engine.Setup;
import litellm.runtime.Env;
import litellm.LiteLLM;
import litellm.config.ConfigError;
import litellm.config.Flags;
import litellm.config.ProxySettings;
import litellm.engine.ConfiguredSetup;
import litellm.config.ProxyConfig;
import litellm.error.LlmError;
import litellm.provider.ProviderScripts;
import litellm.routing.Deployment;
import litellm.routing.Router;
import litellm.runtime.Version;
import litellm.server.CannotListen;
import litellm.server.ProxyServer;
import litellm.config.ConfigFile;
import litellm.log.Logging;
import ch.qos.logback.classic.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import litellm.keys.Database;
import litellm.keys.VirtualKeys;
import litellm.shared.RedisLink;
import litellm.http.Secrets;
import java.sql.SQLException;
import litellm.http.UpstreamClient;
import litellm.script.UserFolders;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * The litellm.java command line: the LiteLLM proxy's flags, with the same defaults.
 * The options are built with picocli's programmatic API, not read from annotations: reading annotations made a
 * proxy class per annotation type and set fields reflectively, 70 ms of the main thread in a start-up profile.
 */
public final class ProxyCommand implements Callable<Integer> {
    private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this).name("litellm").versionProvider(new Startup.Version());
    /** The options that are settings: given, each is a source of the setting of its name (see ProxySettings). */
    private final List<OptionSpec> settings = new ArrayList<>();

    private final OptionSpec host = option("--host", String.class, "0.0.0.0", "The host for the server to listen on (default: ${DEFAULT-VALUE}).");
    private final OptionSpec port = option("--port", int.class, "8000", "The port to bind the server to (default: ${DEFAULT-VALUE}).");
    private final OptionSpec numWorkers = option("--num_workers", int.class, "1",
            "Accepted for compatibility: one JVM serves all requests on virtual threads (default: ${DEFAULT-VALUE}).");
    private final OptionSpec apiBase = setting(option("--api_base", String.class, null, "The API base for the model to call."));
    private final OptionSpec apiVersion = option("--api_version", String.class, null, "For Azure: the API version.");
    private final OptionSpec model = add(OptionSpec.builder("--model", "-m").paramLabel("<model>").type(String.class)
            .description("The model to serve, e.g. gpt-3.5-turbo, huggingface/bigcode/starcoder. Serves every request, whatever model it names."));
    private final OptionSpec test = flag("--test", "Send a test chat completion and a streamed one to the running proxy, then exit.");
    private final OptionSpec alias = option("--alias", String.class, null, "The name /models lists for --model.");
    private final OptionSpec debug = setting(flag("--debug", "Log each upstream request as a curl command (keys masked), and each response's status and latency."));
    private final OptionSpec detailedDebug = flag("--detailed_debug",
            "All of --debug, and the server's libraries' own lines (Jetty, Javalin); as LITELLM_LOG=DEBUG.");
    private final OptionSpec temperature = setting(option("--temperature", Double.class, null, "Default temperature; a request's own value wins."));
    private final OptionSpec maxTokens = setting(option("--max_tokens", Integer.class, null, "Default max_tokens; a request's own value wins."));
    private final OptionSpec requestTimeout = setting(option("--request_timeout", Integer.class, null, "Seconds a call to the model may take (default: 600)."));
    private final OptionSpec dropParams = setting(flag("--drop_params", "Drop request parameters the model's provider does not support, instead of refusing them."));
    private final OptionSpec addFunctionToPrompt = setting(flag("--add_function_to_prompt",
            "For providers without function calling, describe tools and functions in the prompt."));
    private final OptionSpec config = option("--config", Path.class, null, "A LiteLLM config.yaml (model_list, litellm_settings, general_settings).");
    // parsed, so that LiteLLM's command lines run, and never read
    private final OptionSpec telemetry = add(OptionSpec.builder("--telemetry").paramLabel("<telemetry>").type(boolean.class)
            .arity("0..1").defaultValue("true").fallbackValue("true")
            .description("Accepted for compatibility. Nothing is ever sent anywhere, whatever its value."));
    private final OptionSpec gracefulShutdown = option("--timeout_graceful_shutdown", int.class, "30",
            "Seconds the requests and streams in flight get to finish when the proxy is stopped (SIGTERM, Ctrl-C) (default: ${DEFAULT-VALUE}).");
    private final OptionSpec providers = option("--providers", Path.class, null,
            "Your folder of provider scripts; they override the built-in ones and reload when edited (default: $LITELLM_PROVIDERS or ~/.litellm/providers).");
    private final OptionSpec aotTraining = add(OptionSpec.builder(AotCache.TRAINING_FLAG).type(boolean.class).arity("0").defaultValue("false").hidden(true)
            .description("Run the training for the start-up cache, then exit."));

    {
        add(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help message and exit."));
        add(OptionSpec.builder("-V", "--version").versionHelp(true).description("Print version information and exit."));
        spec.usageMessage().width(120).sortOptions(false)
                .description("An OpenAI-compatible proxy for the models of 78 providers and any OpenAI-compatible server. Without --model or --config it serves the offline model "
                        + Startup.OFFLINE_MODEL + ", which needs no network and no key.")
                .footer("%nFlags given on the command line override the same settings in --config.");
    }

    public static void main(String... args) {
        // Otherwise picocli looks for Groovy closures and so starts the whole Groovy runtime on the
        // main thread, 0.1-0.2 s; the provider scripts start it in the background instead.
        System.setProperty("picocli.disable.closures", "true");
        CommandLine cli = new CommandLine(new ProxyCommand().spec);
        // One line, not the whole usage, for a bad flag or value.
        cli.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("litellm: " + e.getMessage() + " (see --help)");
            return 2;
        });
        System.exit(cli.execute(args));
    }

    @Override
    public Integer call() {
        String host = this.host.getValue();
        int port = this.port.getValue();
        Path config = this.config.getValue();
        validate(port, config);
        Logging logging = logging();
        Flags flags = flags(logging);
        Startup.configureLogging(logging);
        if (config != null && ConfigFile.jsonLogs(config)) logging.withJson(true).apply();
        String url = "http://" + (host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host) + ":" + port;
        if (test.<Boolean>getValue()) return SelfTest.run(url, System.out);

        UserFolders folders = UserFolders.fromEnvironment().withProviders(providers.getValue());
        ProviderScripts scripts = new ProviderScripts(folders.providers());
        ProxyConfig proxyConfig = null;
        Setup setup;
        try {
            if (config != null) proxyConfig = ConfiguredSetup.load(config, scripts, flags);
            setup = proxyConfig != null ? ConfiguredSetup.from(proxyConfig) : fromModel(scripts, flags);
        } catch (ConfigError | LlmError e) {
            return cannotStart(e.getMessage());
        }
        LiteLLM engine = new LiteLLM(setup, scripts, new UpstreamClient(Version.USER_AGENT));
        Logger lifecycle = LoggerFactory.getLogger(Logging.LIFECYCLE);
        VirtualKeys keys = null;
        if (setup.masterKey() != null) {
            String databaseUrl = proxyConfig.settings().access().databaseUrl();
            try {
                var shared = proxyConfig.settings().shared();
                keys = VirtualKeys.over(databaseUrl != null ? Database.open(databaseUrl) : Database.embedded(Database.inUserFolder(Env::get)),
                        shared == null ? null : RedisLink.of(shared));
            } catch (SQLException e) {
                return cannotStart("the database of keys cannot be opened: " + Secrets.maskKnown(String.valueOf(e.getMessage())));
            }
            engine.recordEveryCall(keys.spendLogger());
            lifecycle.info("virtual keys and spend in {}", keys.where());
        }
        ProxyServer server;
        try {
            server = new ProxyServer(engine).keys(keys)
                    .limits(proxyConfig == null ? ProxySettings.ClientLimits.DEFAULT : proxyConfig.settings().clients()).start(host, port);
        } catch (CannotListen e) {
            return cannotStart(e.getMessage());
        }
        if (config != null) new ConfigWatcher(config, engine, scripts::exists, flags, Duration.ofSeconds(1),
                reloaded -> server.limits(reloaded.settings().clients())).start();
        lifecycle.info("Proxy running on http://{}:{} serving {}", host, server.port(), String.join(", ", engine.modelNames()));
        ScriptFolders.describe(folders.providers(), folders.templates(), UserFolders.from(Env::get).callbacks()).forEach(lifecycle::info);
        // The training starts as every start does, so that the start-up cache holds all a start uses
        if (aotTraining.<Boolean>getValue()) return AotCache.train(engine, server);
        if (AotCache.buildRequested()) {
            int status = AotCache.buildNow();
            server.stop();
            return status;
        }
        GracefulStop.onStop(server, Duration.ofSeconds(gracefulShutdown.<Integer>getValue()));
        AotCache.refreshInBackground();
        return waitForever();
    }

    /** Why the proxy cannot start, in one line; the exit status of a bad command line. */
    private static int cannotStart(String why) {
        LoggerFactory.getLogger(Logging.EXIT).error(why);
        return 2;
    }

    /**
     * The log's level and format: LiteLLM's LITELLM_LOG (DEBUG, INFO, WARNING, ERROR), --debug and --detailed_debug
     * (which win over it), JSON_LOGS (litellm_settings.json_logs turns JSON on too, once the config is read).
     */
    private Logging logging() {
        Level litellmLog;
        try {
            litellmLog = Logging.level(System.getenv("LITELLM_LOG"));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        boolean detailed = detailedDebug.<Boolean>getValue() || litellmLog == Level.DEBUG;
        Level level = detailed || debug.<Boolean>getValue() ? Level.DEBUG : litellmLog;
        String json = System.getenv("JSON_LOGS");
        return new Logging(level, json != null && !json.isBlank() && !json.equalsIgnoreCase("false") && !json.equals("0"), detailed, true);
    }

    private Setup fromModel(ProviderScripts scripts, Flags flags) {
        ProxySettings proxy = ProxySettings.of(flags);
        String served = Objects.requireNonNullElse(model.getValue(), Startup.OFFLINE_MODEL);
        Deployment deployment = LiteLLM.deployment(Objects.requireNonNullElse(alias.getValue(), served), served, proxy.apiBase(), apiVersion.getValue(), scripts);
        scripts.preload(deployment.provider());
        return new Setup(proxy.calls(), Router.fixed(deployment));
    }

    /**
     * The settings given on the command line, by their names without the dashes: a switch left off is not given.
     * A log at DEBUG (--detailed_debug, LITELLM_LOG=DEBUG) includes --debug's curl lines.
     */
    private Flags flags(Logging logging) {
        Map<String, Object> given = new LinkedHashMap<>();
        for (OptionSpec option : settings) {
            Object value = option.getValue();
            if (value != null && !Boolean.FALSE.equals(value)) given.put(option.longestName().substring(2), value);
        }
        if (logging.level() == Level.DEBUG) given.put(debug.longestName().substring(2), true);
        return Flags.of(given);
    }

    private void validate(int port, Path config) {
        int numWorkers = this.numWorkers.getValue();
        Integer requestTimeout = this.requestTimeout.getValue(), maxTokens = this.maxTokens.getValue();
        Double temperature = this.temperature.getValue();
        if (port < 0 || port > 65535) fail("--port must be between 0 and 65535, got " + port);
        if (numWorkers < 1) fail("--num_workers must be at least 1, got " + numWorkers);
        if (requestTimeout != null && requestTimeout <= 0) fail("--request_timeout must be a positive number of seconds, got " + requestTimeout);
        if (maxTokens != null && maxTokens <= 0) fail("--max_tokens must be positive, got " + maxTokens);
        if (temperature != null && (temperature < 0 || temperature > 2)) fail("--temperature must be between 0 and 2, got " + temperature);
        if (config != null && !config.toFile().isFile()) fail("--config: no such file " + config);
        if (gracefulShutdown.<Integer>getValue() < 0) fail("--timeout_graceful_shutdown must be 0 or more seconds, got " + gracefulShutdown.getValue());
    }

    /** An option that is a setting, given to ProxySettings by its name without the dashes. */
    private OptionSpec setting(OptionSpec option) {
        settings.add(option);
        return option;
    }

    /** An option with a value; its label is its name, as LiteLLM's help shows it: --api_base=<api_base>. */
    private OptionSpec option(String name, Class<?> type, String defaultValue, String description) {
        return add(OptionSpec.builder(name).paramLabel("<" + name.substring(2) + ">").type(type).defaultValue(defaultValue).description(description));
    }

    /** An option without a value: false unless given. */
    private OptionSpec flag(String name, String description) {
        return add(OptionSpec.builder(name).type(boolean.class).arity("0").defaultValue("false").description(description));
    }

    private OptionSpec add(OptionSpec.Builder option) {
        OptionSpec built = option.build();
        spec.addOption(built);
        return built;
    }

    private void fail(String message) {
        throw new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private static int waitForever() {
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
