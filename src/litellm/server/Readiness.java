package litellm.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Whether the proxy takes new work. False from the moment it is told to stop (SIGTERM, Ctrl-C), while the calls in
 * flight finish: {@code /health/readiness} then answers 503, and a load balancer sends no more. Also false while a
 * dependency a feature {@link #requires} (the database, a shared Redis) cannot be reached.
 */
public final class Readiness {
    private volatile boolean stopping;
    private final Map<String, Supplier<String>> dependencies = new ConcurrentHashMap<>();

    public boolean ready() {
        return !stopping;
    }

    /** From now on, not ready. */
    public void stopping() {
        stopping = true;
    }

    /**
     * A dependency /health/readiness checks each time it is asked, e.g. {@code "db"}: {@code unreachable} says why it
     * cannot be reached now, or null when it can. A name given again replaces its check.
     */
    public void requires(String name, Supplier<String> unreachable) {
        dependencies.put(name, unreachable);
    }

    boolean requires(String name) {
        return dependencies.containsKey(name);
    }

    /** The first dependency that cannot be reached, as "name: why"; null when all can. */
    String unreachable() {
        for (var d : dependencies.entrySet()) {
            String why = d.getValue().get();
            if (why != null) return d.getKey() + ": " + why;
        }
        return null;
    }
}
