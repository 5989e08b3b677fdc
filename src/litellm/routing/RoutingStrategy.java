package litellm.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** How a deployment is chosen among those serving one model name: LiteLLM's router_settings.routing_strategy. */
public enum RoutingStrategy {
    /** Random, weighted by each deployment's weight, else rpm, else tpm. */
    SIMPLE_SHUFFLE("simple-shuffle") {
        @Override
        DeploymentSlot pick(List<DeploymentSlot> candidates) {
            if (candidates.size() == 1) return candidates.getFirst();
            double total = candidates.stream().mapToDouble(DeploymentSlot::weight).sum();
            double r = ThreadLocalRandom.current().nextDouble(total);
            for (DeploymentSlot s : candidates) {
                r -= s.weight();
                if (r < 0) return s;
            }
            return candidates.get(candidates.size() - 1);
        }
    },
    /** The one with the fewest requests in flight. */
    LEAST_BUSY("least-busy") {
        @Override
        DeploymentSlot pick(List<DeploymentSlot> candidates) {
            return lowest(candidates, Comparator.comparingInt(DeploymentSlot::inFlight));
        }
    },
    /** The one that answered fastest lately (an untried one first, to learn its latency). */
    LATENCY_BASED("latency-based-routing") {
        @Override
        DeploymentSlot pick(List<DeploymentSlot> candidates) {
            return lowest(candidates, Comparator.comparingDouble(DeploymentSlot::latencyMillis));
        }
    },
    /**
     * The least used this minute among those under their rpm/tpm limits. Shared by instances, the chosen one must
     * still be admitted: the others may have taken its minute's last requests meanwhile.
     */
    USAGE_BASED("usage-based-routing") {
        @Override
        DeploymentSlot pick(List<DeploymentSlot> candidates) {
            List<DeploymentSlot> open = new ArrayList<>(candidates.stream().filter(DeploymentSlot::underLimits).toList());
            while (!open.isEmpty()) {
                DeploymentSlot chosen = lowest(open, Comparator.comparingLong(DeploymentSlot::tokensThisMinute).thenComparingLong(DeploymentSlot::requestsThisMinute));
                if (chosen.admit()) return chosen;
                open.remove(chosen);
            }
            return null;
        }
    };

    public final String configName;

    RoutingStrategy(String configName) {
        this.configName = configName;
    }

    /** The chosen deployment, or null when none may take the request. */
    abstract DeploymentSlot pick(List<DeploymentSlot> candidates);

    public static RoutingStrategy named(String name) {
        return Arrays.stream(values()).filter(s -> s.configName.equals(name)).findFirst().orElse(null);
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(s -> s.configName).toList();
    }

    /** The lowest by {@code order}; ties broken at random so equal deployments share the load. */
    private static DeploymentSlot lowest(List<DeploymentSlot> candidates, Comparator<DeploymentSlot> order) {
        DeploymentSlot best = null;
        int ties = 0;
        for (DeploymentSlot s : candidates) {
            int c = best == null ? -1 : order.compare(s, best);
            if (c < 0) {
                best = s;
                ties = 1;
            } else if (c == 0 && ThreadLocalRandom.current().nextInt(++ties) == 0) {
                best = s;
            }
        }
        return best;
    }
}
