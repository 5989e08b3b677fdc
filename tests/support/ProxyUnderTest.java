package litellm.testing;

import litellm.runtime.Env;
import litellm.LiteLLM;
import litellm.config.ConfigError;
import litellm.config.ConfigFile;
import litellm.cli.ConfigWatcher;
import litellm.engine.ConfiguredSetup;
import litellm.config.Flags;
import litellm.config.ProxyConfig;
import litellm.config.Settings;
import litellm.provider.ProviderScripts;
import litellm.routing.Deployment;
import litellm.routing.Router;
import litellm.server.ProxyServer;
import litellm.keys.VirtualKeys;
import litellm.http.UpstreamClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** The proxy in this JVM on a free loopback port, serving one deployment as {@code --model} does. */
public final class ProxyUnderTest implements AutoCloseable {
    private final ProxyServer server;
    private Path config;
    private LiteLLM engine;
    private ConfigWatcher watcher;
    private int edits;

    private ProxyUnderTest(ProxyServer server) {
        this.server = server;
    }

    public static ProxyUnderTest serving(Deployment deployment, Settings settings, Path userProviders) {
        ProviderScripts scripts = new ProviderScripts(userProviders);
        LiteLLM engine = new LiteLLM(settings, Router.fixed(deployment), scripts, new UpstreamClient("litellm.java-tests"));
        return new ProxyUnderTest(new ProxyServer(engine).start("127.0.0.1", 0));
    }

    /**
     * {@code --config <file>}: the config is written to {@code dir}, loaded as the command line loads it,
     * and watched: {@link #reloadConfig()} applies an edit at once instead of waiting for the poll.
     */
    public static ProxyUnderTest withConfig(Path dir, String yaml) throws ConfigError {
        return withConfig(dir, yaml, Flags.NONE);
    }

    /** {@link #withConfig}, with virtual keys over {@code keys}, as the command line sets them up with a master key. */
    public static ProxyUnderTest withConfig(Path dir, String yaml, VirtualKeys keys) throws ConfigError {
        ProxyUnderTest proxy = withConfig(dir, yaml, Flags.NONE);
        proxy.engine.recordEveryCall(keys.spendLogger());
        proxy.server.keys(keys);
        return proxy;
    }

    public static ProxyUnderTest withConfig(Path dir, String yaml, Flags flags) throws ConfigError {
        Path file = dir.resolve("config.yaml");
        try {
            Files.writeString(file, yaml);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        ProviderScripts scripts = new ProviderScripts(null);
        ProxyConfig config = ConfigFile.load(file, scripts::exists, Env::get, flags);
        Env.overlay(config.environment());
        LiteLLM engine = new LiteLLM(ConfiguredSetup.from(config), scripts, new UpstreamClient("litellm.java-tests"));
        ProxyServer server = new ProxyServer(engine).limits(config.settings().clients()).start("127.0.0.1", 0);
        ProxyUnderTest proxy = new ProxyUnderTest(server);
        proxy.engine = engine;
        proxy.config = file;
        proxy.watcher = new ConfigWatcher(file, engine, scripts::exists, flags, Duration.ofHours(1), reloaded -> server.limits(reloaded.settings().clients()));
        return proxy;
    }

    /** Rewrites the config file (its modification time moved on, so the edit is seen even within one clock tick). */
    public void writeConfig(String yaml) {
        try {
            Files.writeString(config, yaml);
            Files.setLastModifiedTime(config, FileTime.from(Instant.now().plusSeconds(++edits)));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Makes the watcher look at the config file now; true when a new config was swapped in. */
    public boolean reloadConfig() {
        return watcher.checkNow();
    }

    /** {@code --model <model> --api_base <apiBase>} with the given key. */
    public static ProxyUnderTest serving(String provider, String model, String apiBase, String apiKey) {
        return serving(new Deployment(provider + "/" + model, provider, model, apiBase, apiKey, null, Map.of()), Settings.defaults(), null);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    public int port() {
        return server.port();
    }

    /** The server itself: its readiness, which a stopping proxy turns off. */
    public ProxyServer server() {
        return server;
    }

    @Override
    public void close() {
        server.stop();
    }
}
