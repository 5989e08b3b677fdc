package litellm.cli;

import litellm.engine.ConfiguredSetup;
import litellm.config.ConfigError;
import litellm.config.ConfigFile;
import litellm.config.Flags;
import litellm.config.ProxyConfig;
import litellm.runtime.Env;
import litellm.LiteLLM;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Reloads the config when its file changes: the new one is checked whole and swapped in at once;
 * a broken edit is logged and the running config keeps serving. Requests in flight keep the
 * config they started with.
 */
public final class ConfigWatcher {
    private static final Logger log = LoggerFactory.getLogger(ConfigWatcher.class);

    private final Path file;
    private final LiteLLM engine;
    private final Predicate<String> providerExists;
    private final Flags flags;
    private final Duration every;
    private final Consumer<ProxyConfig> onReload;
    private long stamp;

    public ConfigWatcher(Path file, LiteLLM engine, Predicate<String> providerExists, Flags flags, Duration every) {
        this(file, engine, providerExists, flags, every, config -> {});
    }

    /** @param onReload applies what of a reloaded config the engine does not hold (the server's general_settings) */
    public ConfigWatcher(Path file, LiteLLM engine, Predicate<String> providerExists, Flags flags, Duration every,
                         Consumer<ProxyConfig> onReload) {
        this.file = file;
        this.engine = engine;
        this.providerExists = providerExists;
        this.flags = flags;
        this.every = every;
        this.onReload = onReload;
        this.stamp = stamp();
    }

    /** Polling, not file events: it also sees edits made through editors that replace the file, and over network mounts. */
    public void start() {
        Thread.ofVirtual().name("config-watcher").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(every);
                } catch (InterruptedException e) {
                    return;
                }
                checkNow();
            }
        });
    }

    /** Reloads if the file changed since the last look; true when a new config was swapped in. */
    public synchronized boolean checkNow() {
        long now = stamp();
        if (now == stamp) return false;
        stamp = now;
        try {
            ProxyConfig config = ConfigFile.load(file, providerExists, Env::get, flags);
            Env.overlay(config.environment());
            engine.reconfigure(ConfiguredSetup.from(config, engine.setup()));
            onReload.accept(config);
            log.info("reloaded {}: serving {}", file, engine.modelNames());
            return true;
        } catch (ConfigError e) {
            log.error("{}; the running config keeps serving", e.getMessage());
            return false;
        }
    }

    private long stamp() {
        File f = file.toFile();
        return f.lastModified() * 31 + f.length();
    }
}
