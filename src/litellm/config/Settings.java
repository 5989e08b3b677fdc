package litellm.config;

import java.time.Duration;

/**
 * Proxy-wide defaults of each call, from the command line or a config's settings (see {@link ProxySettings}).
 *
 * @param temperature  used when a request has none
 * @param maxTokens    used when a request has none
 * @param dropParams   drop request parameters a provider does not support instead of refusing them
 * @param addFunctionToPrompt describe tools in the prompt for providers without function calling
 * @param debug        log each upstream request as curl, and each response's status and latency
 */
public record Settings(Double temperature, Integer maxTokens, Duration requestTimeout, boolean dropParams,
                       boolean addFunctionToPrompt, boolean debug) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(600);

    public static Settings defaults() {
        return new Settings(null, null, DEFAULT_TIMEOUT, false, false, false);
    }
}
