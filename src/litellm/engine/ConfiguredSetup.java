package litellm.engine;

import litellm.cache.ResponseCache;
import litellm.callbacks.Budget;
import litellm.callbacks.Callbacks;
import litellm.config.ConfigError;
import litellm.config.ConfigFile;
import litellm.config.Flags;
import litellm.config.ProxyConfig;
import litellm.config.ProxySettings;
import litellm.provider.ProviderScripts;
import litellm.runtime.Env;
import litellm.routing.Deployment;
import litellm.routing.Router;
import litellm.shared.RedisLink;

import java.nio.file.Path;
import java.util.List;

/**
 * Turns a config's settings, decided in {@link ProxySettings} (where the command line's flags win), into what the
 * engine runs with: no setting is looked up here.
 */
public final class ConfiguredSetup {
    private ConfiguredSetup() {}

    /**
     * Reads a config.yaml as a start does: its environment_variables are laid over the environment, and the scripts
     * of its providers start compiling in the background.
     */
    public static ProxyConfig load(Path file, ProviderScripts scripts, Flags flags) throws ConfigError {
        ProxyConfig config = ConfigFile.load(file, scripts::exists, Env::get, flags);
        Env.overlay(config.environment());
        config.deployments().stream().map(Deployment::provider).distinct().forEach(scripts::preload);
        return config;
    }

    public static Setup from(ProxyConfig config) {
        return from(config, null);
    }

    /**
     * A reload's setup: what the edit did not change is kept from {@code running} (each unchanged deployment's
     * routing state); the HTTP client and the scripts are the engine's and outlive every setup.
     */
    public static Setup from(ProxyConfig config, Setup running) {
        ProxySettings s = config.settings();
        List<Deployment> deployments = config.deployments().stream()
                .map(d -> d.apiBase() != null || s.apiBase() == null ? d
                        : new Deployment(d.modelName(), d.provider(), d.model(), s.apiBase(), d.apiKey(), d.apiVersion(), d.params(), d.modelInfo(), null))
                .toList();
        var settings = s.callbacks();
        RedisLink shared = s.shared() == null ? null : RedisLink.of(s.shared());
        Budget budget = s.budget() == null ? null : Budget.of(s.budget().maxUsd(), s.budget().period(), shared);
        Callbacks callbacks = Callbacks.of(settings.success(), settings.failure(), settings.environment()::get, budget);
        Router router = Router.of(deployments, s.routing(), callbacks.deploymentEvents(), shared, running == null ? null : running.router());
        return new Setup(s.calls(), router, s.access().masterKey(),
                s.access().allowClientSideCredentials() ? RequestCredentials.CLIENTS_OWN : RequestCredentials.REFUSED,
                callbacks, ResponseCache.of(s.cache()), s.access().keyHeaderName());
    }
}
