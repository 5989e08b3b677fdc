package litellm.engine;

import litellm.cache.ResponseCache;
import litellm.callbacks.Callbacks;
import litellm.config.Settings;
import litellm.routing.Router;

/**
 * What a config can change while the proxy runs; each request keeps the setup it started with.
 *
 * @param masterKey                  when set, clients must present it (the server checks)
 * @param allowClientSideCredentials whether a request may bring its own api_base / api_key
 * @param callbacks                  where finished calls are logged (litellm_settings.success_callback...)
 * @param cache                      the response cache (litellm_settings.cache)
 */
public record Setup(Settings settings, Router router, String masterKey, boolean allowClientSideCredentials, Callbacks callbacks,
                    ResponseCache cache) {
    public Setup(Settings settings, Router router) {
        this(settings, router, null, false, Callbacks.NONE, ResponseCache.NONE);
    }
}
