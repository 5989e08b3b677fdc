package litellm.server;

/**
 * Whether the proxy takes new work. False from the moment it is told to stop (SIGTERM, Ctrl-C), while the calls in
 * flight finish: {@code /health/readiness} then answers 503, and a load balancer sends no more.
 */
public final class Readiness {
    private volatile boolean stopping;

    public boolean ready() {
        return !stopping;
    }

    /** From now on, not ready. */
    public void stopping() {
        stopping = true;
    }
}
