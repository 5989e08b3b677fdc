package litellm.engine;

import litellm.cache.ResponseCache;
import litellm.callbacks.Callbacks;
import litellm.config.Settings;
import litellm.routing.Router;

/**
 * What a config can change while the proxy runs; each request keeps the setup it started with.
 *
 * @param masterKey                  when set, clients must present it (the server checks)
 * @param credentials                what a request's own api_base / api_key may do
 * @param callbacks                  where finished calls are logged (litellm_settings.success_callback...)
 * @param cache                      the response cache (litellm_settings.cache)
 * @param keyHeader                  the header clients send their key in (general_settings.litellm_key_header_name);
 *                                   null: Authorization (or api-key, x-api-key)
 */
public record Setup(Settings settings, Router router, String masterKey, RequestCredentials credentials, Callbacks callbacks,
                    ResponseCache cache, String keyHeader) {
    public Setup(Settings settings, Router router) {
        this(settings, router, null, RequestCredentials.REFUSED, Callbacks.NONE, ResponseCache.NONE, null);
    }

    /** The same setup, with what a request's own api_base / api_key may do. */
    public Setup with(RequestCredentials credentials) {
        return new Setup(settings, router, masterKey, credentials, callbacks, cache, keyHeader);
    }

    /** The same setup, with these callbacks. */
    public Setup with(Callbacks callbacks) {
        return new Setup(settings, router, masterKey, credentials, callbacks, cache, keyHeader);
    }
}
