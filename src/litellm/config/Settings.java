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
 * @param maxResponseBytes the longest upstream answer (or stream event) read into memory: general_settings.max_response_size_mb
 */
public record Settings(Double temperature, Integer maxTokens, Duration requestTimeout, boolean dropParams,
                       boolean addFunctionToPrompt, boolean debug, long maxResponseBytes) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(600);
    /**
     * general_settings.max_response_size_mb when not given (LiteLLM checks nothing unless it is set, and recommends
     * about 32 MB). An answer the proxy must read whole (to translate, cache or log it) takes four to five times its
     * size of heap while it is parsed: 32 MB keeps one such answer within the README's memory figures. Answers passed
     * through unchanged are not held, and not limited.
     */
    public static final int DEFAULT_MAX_RESPONSE_SIZE_MB = 32;

    public Settings(Double temperature, Integer maxTokens, Duration requestTimeout, boolean dropParams, boolean addFunctionToPrompt, boolean debug) {
        this(temperature, maxTokens, requestTimeout, dropParams, addFunctionToPrompt, debug, (long) DEFAULT_MAX_RESPONSE_SIZE_MB << 20);
    }

    public static Settings defaults() {
        return new Settings(null, null, DEFAULT_TIMEOUT, false, false, false);
    }
}
