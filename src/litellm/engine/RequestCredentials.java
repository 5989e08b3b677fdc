package litellm.engine;

/** What a request's own {@code api_base} / {@code api_key} (and {@code base_url}, {@code api_version}, {@code azure_ad_token}) may do. */
public enum RequestCredentials {
    /** Refused with a 400: the proxy holds the upstream settings (a proxy's default). */
    REFUSED,
    /**
     * Taken, but a host the client chose gets only the client's own key, never a configured one or one from the
     * environment (a proxy with {@code general_settings.allow_client_side_credentials}).
     */
    CLIENTS_OWN,
    /**
     * Taken as LiteLLM's {@code completion(model, messages, api_base=, api_key=)} takes them: a call of one's own
     * program, where there is no boundary to keep, so a base given without a key gets the deployment's or the
     * environment's key ({@code LiteLLM.direct()}, {@code LiteLLM.fromConfig}).
     */
    CALLERS
}
