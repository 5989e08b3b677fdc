package litellm.config;

/** A config that cannot be used: {@code config.yaml:12:7: model_list[2].litellm_params.api_base: expected a string}. */
public final class ConfigError extends Exception {
    public ConfigError(String message) {
        super(message, null, false, false);
    }
}
