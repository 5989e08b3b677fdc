///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 25+
//DEPS info.picocli:picocli:4.7.7
//DEPS io.javalin:javalin:6.7.0
//DEPS com.fasterxml.jackson:jackson-bom:2.20.1@pom
//DEPS com.fasterxml.jackson.core:jackson-databind
//DEPS org.apache.groovy:groovy:5.0.8
//DEPS org.yaml:snakeyaml:2.5
//DEPS org.slf4j:slf4j-simple:2.0.17
//DEPS com.hubspot.jinjava:jinjava:2.8.2
//DEPS com.knuddels:jtokkit:1.1.0
//DEPS software.amazon.awssdk:bom:2.57.8@pom
//DEPS software.amazon.awssdk:http-auth-aws
//DEPS software.amazon.awssdk:auth
//DEPS software.amazon.awssdk:regions
//DEPS software.amazon.awssdk:eventstream
//DEPS org.apache.httpcomponents.client5:httpclient5:5.6.5
//SOURCES src/litellm/**.java
//FILES providers/=providers/*.groovy
//FILES providers/=providers/*.yaml
//FILES templates/=templates/*.groovy
//JAVA_OPTIONS -XX:+UseSerialGC -Xms16m -Xmx512m -XX:MaxHeapFreeRatio=30 -XX:MinHeapFreeRatio=10
// A young generation as large as the old, with large survivor spaces: what a request or a stream allocates dies
// young instead of filling the old generation, which the serial collector grows to -Xmx before it collects it
// (soak at 500 req/s: RSS flat at 156 MB instead of rising 0.8 MB/s)
//JAVA_OPTIONS -XX:NewRatio=1 -XX:SurvivorRatio=4
// Native memory the JIT compilers freed goes back to the system: RSS after a load burst 127 instead of 151 MB
//JAVA_OPTIONS -XX:TrimNativeHeapInterval=2000
// JDK 25's AOT cache, made for each build by a background training run (litellm.cli.AotCache); absent or stale, it is ignored silently
//JAVA_OPTIONS -XX:AOTCache=${user.home}/.jbang/cache/litellm.java.aot -Xlog:aot=off -Xlog:cds=off

import litellm.Env;
import litellm.LiteLLM;
import litellm.Settings;
import litellm.cli.AotCache;
import litellm.cli.SelfTest;
import litellm.cli.Startup;
import litellm.config.ConfigError;
import litellm.config.ConfigFile;
import litellm.config.ConfigWatcher;
import litellm.config.ConfiguredSetup;
import litellm.config.ProxyConfig;
import litellm.openai.LlmError;
import litellm.provider.ProviderScripts;
import litellm.routing.Deployment;
import litellm.routing.Router;
import litellm.server.ProxyServer;
import litellm.upstream.UpstreamClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** The litellm.java command line: the LiteLLM proxy's flags, with the same defaults. */
@Command(name = "litellm", mixinStandardHelpOptions = true, usageHelpWidth = 120, versionProvider = Startup.Version.class, sortOptions = false,
        description = "An OpenAI-compatible proxy for 100+ LLMs. Without --model or --config it serves the offline model "
                + Startup.OFFLINE_MODEL + ", which needs no network and no key.",
        footer = "%nFlags given on the command line override the same settings in --config.")
public class litellm implements Callable<Integer> {
    @Option(names = "--host", defaultValue = "0.0.0.0", description = "The host for the server to listen on (default: ${DEFAULT-VALUE}).")
    String host;
    @Option(names = "--port", defaultValue = "8000", description = "The port to bind the server to (default: ${DEFAULT-VALUE}).")
    int port;
    @Option(names = "--num_workers", defaultValue = "1", description = "Accepted for compatibility: one JVM serves all requests on virtual threads (default: ${DEFAULT-VALUE}).")
    int numWorkers;
    @Option(names = "--api_base", description = "The API base for the model to call.")
    String apiBase;
    @Option(names = "--api_version", description = "For Azure: the API version.")
    String apiVersion;
    @Option(names = {"--model", "-m"}, description = "The model to serve, e.g. gpt-3.5-turbo, huggingface/bigcode/starcoder. Serves every request, whatever model it names.")
    String model;
    @Option(names = "--test", description = "Send a test chat completion and a streamed one to the running proxy, then exit.")
    boolean test;
    @Option(names = "--alias", description = "The name /models lists for --model.")
    String alias;
    @Option(names = "--debug", description = "Log each upstream request as a curl command (keys masked), and each response's status and latency.")
    boolean debug;
    @Option(names = "--temperature", description = "Default temperature; a request's own value wins.")
    Double temperature;
    @Option(names = "--max_tokens", description = "Default max_tokens; a request's own value wins.")
    Integer maxTokens;
    @Option(names = "--request_timeout", description = "Seconds a call to the model may take (default: 600).")
    Integer requestTimeout;
    @Option(names = "--drop_params", description = "Drop request parameters the model's provider does not support, instead of refusing them.")
    boolean dropParams;
    @Option(names = "--add_function_to_prompt", description = "For providers without function calling, describe tools and functions in the prompt.")
    boolean addFunctionToPrompt;
    @Option(names = "--config", description = "A LiteLLM config.yaml (model_list, litellm_settings, general_settings).")
    Path config;
    @Option(names = "--telemetry", arity = "0..1", defaultValue = "true", fallbackValue = "true",
            description = "Accepted for compatibility. Nothing is ever sent anywhere, whatever its value.")
    boolean telemetry;
    @Option(names = "--providers", description = "Your folder of provider scripts; they override the built-in ones and reload when edited "
            + "(default: $LITELLM_PROVIDERS or ~/.litellm/providers).")
    Path providers;

    @Option(names = AotCache.TRAINING_FLAG, hidden = true, description = "Run the training for the start-up cache, then exit.")
    boolean aotTraining;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String... args) {
        // Otherwise picocli looks for Groovy closures and so starts the whole Groovy runtime on the
        // main thread, 0.1-0.2 s; the provider scripts start it in the background instead.
        System.setProperty("picocli.disable.closures", "true");
        CommandLine cli = new CommandLine(new litellm());
        // One line, not the whole usage, for a bad flag or value.
        cli.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("litellm: " + e.getMessage() + " (see --help)");
            return 2;
        });
        System.exit(cli.execute(args));
    }

    @Override
    public Integer call() {
        validate();
        Startup.configureLogging(debug);
        String url = "http://" + (host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host) + ":" + port;
        if (test) return SelfTest.run(url, System.out);
        if (aotTraining) return AotCache.train();

        ProviderScripts scripts = new ProviderScripts(Startup.userProviders(providers));
        var flags = new ConfiguredSetup.Flags(temperature, maxTokens, requestTimeout, dropParams, addFunctionToPrompt, debug, apiBase);
        LiteLLM.Setup setup;
        try {
            setup = config != null ? fromConfig(scripts, flags) : fromModel(scripts);
        } catch (ConfigError | LlmError e) {
            System.err.println("litellm: " + e.getMessage());
            return 2;
        }
        LiteLLM engine = new LiteLLM(setup, scripts, new UpstreamClient("litellm.java/" + LiteLLM.VERSION));
        ProxyServer server = new ProxyServer(engine).start(host, port);
        if (config != null) new ConfigWatcher(config, engine, scripts::exists, flags, Duration.ofSeconds(1)).start();
        System.out.println("INFO: Proxy running on http://" + host + ":" + server.port() + " serving " + String.join(", ", engine.modelNames()));
        AotCache.refreshInBackground();
        return waitForever();
    }

    private LiteLLM.Setup fromModel(ProviderScripts scripts) {
        String served = model != null ? model : Startup.OFFLINE_MODEL;
        Deployment deployment = LiteLLM.deployment(alias != null ? alias : served, served, apiBase, apiVersion, scripts);
        scripts.preload(deployment.provider());
        Settings settings = new Settings(temperature, maxTokens, requestTimeout == null ? Settings.DEFAULT_TIMEOUT : Duration.ofSeconds(requestTimeout),
                dropParams, addFunctionToPrompt, debug);
        return new LiteLLM.Setup(settings, Router.fixed(deployment));
    }

    private LiteLLM.Setup fromConfig(ProviderScripts scripts, ConfiguredSetup.Flags flags) throws ConfigError {
        ProxyConfig proxyConfig = ConfigFile.load(config, scripts::exists, Env::get);
        Env.overlay(proxyConfig.environment());
        proxyConfig.deployments().stream().map(Deployment::provider).distinct().forEach(scripts::preload);
        return ConfiguredSetup.from(proxyConfig, flags);
    }

    private void validate() {
        if (port < 0 || port > 65535) fail("--port must be between 0 and 65535, got " + port);
        if (numWorkers < 1) fail("--num_workers must be at least 1, got " + numWorkers);
        if (requestTimeout != null && requestTimeout <= 0) fail("--request_timeout must be a positive number of seconds, got " + requestTimeout);
        if (maxTokens != null && maxTokens <= 0) fail("--max_tokens must be positive, got " + maxTokens);
        if (temperature != null && (temperature < 0 || temperature > 2)) fail("--temperature must be between 0 and 2, got " + temperature);
        if (config != null && !config.toFile().isFile()) fail("--config: no such file " + config);
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
