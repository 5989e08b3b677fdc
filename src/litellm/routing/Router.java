package litellm.routing;

import litellm.openai.LlmError;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** Picks the deployment that serves a request's model. */
public final class Router {
    private final Function<String, Deployment> resolve;
    private final List<String> modelNames;
    private final Map<String, Deployment> cache = new ConcurrentHashMap<>();

    private Router(Function<String, Deployment> resolve, List<String> modelNames) {
        this.resolve = resolve;
        this.modelNames = modelNames;
    }

    /** {@code --model X}: every request goes to X, whatever model it names; /models lists X's name. */
    public static Router fixed(Deployment deployment) {
        return new Router(name -> deployment, List.of(deployment.modelName()));
    }

    /** The Java API without a server: each request's model name is itself the deployment, as in litellm.completion(). */
    public static Router byModelName(Function<String, Deployment> fromName) {
        return new Router(fromName, List.of());
    }

    public Deployment pick(String model) {
        Deployment d = cache.get(model);
        if (d == null) {
            d = resolve.apply(model);
            if (d == null) throw LlmError.badRequest("no deployment serves model '" + model + "'", "model", "model_not_found");
            if (cache.size() < 1024) cache.put(model, d); // names come from clients: bound what they can make us keep
        }
        return d;
    }

    public List<String> modelNames() {
        return modelNames;
    }
}
