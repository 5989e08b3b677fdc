package litellm.routing;

import litellm.error.LlmError;

/**
 * What the router tells of each try of a deployment, for those who watch deployments' health (the Prometheus
 * callback). Called on the request's thread: a listener only counts, never waits.
 */
public interface DeploymentEvents {
    DeploymentEvents NONE = new DeploymentEvents() {};

    /** The deployment answered. */
    default void succeeded(Deployment d) {}

    /**
     * The deployment failed in a way that is its own fault (a rate limit, a timeout, a server error).
     *
     * @param cooledDown it now rests (router_settings.cooldown_time), out of the rotation
     */
    default void failed(Deployment d, LlmError error, boolean cooledDown) {}
}
