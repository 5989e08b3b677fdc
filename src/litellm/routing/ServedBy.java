package litellm.routing;

/**
 * The deployment a request was served by, for its access line: the router names each deployment it tries, and the
 * last one named served the answer (or failed last). Bound to the serving thread by the server (a ScopedValue);
 * anywhere else (the Java API) naming it does nothing.
 */
public final class ServedBy {
    private static final ScopedValue<ServedBy> CURRENT = ScopedValue.newInstance();
    private volatile Deployment deployment;

    /** {@code work}, with the deployments the router tries for it named here. */
    public void during(Runnable work) {
        ScopedValue.where(CURRENT, this).run(work);
    }

    /** The deployment tried last; null when the request reached none (refused before routing, a cache hit). */
    public Deployment deployment() {
        return deployment;
    }

    static void tried(Deployment deployment) {
        if (CURRENT.isBound()) CURRENT.get().deployment = deployment;
    }
}
