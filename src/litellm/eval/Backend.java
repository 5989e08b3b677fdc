package litellm.eval;

import litellm.LiteLLM;
import litellm.config.Settings;
import litellm.engine.Setup;
import litellm.error.LlmError;
import litellm.http.Secrets;
import litellm.http.UpstreamClient;
import litellm.provider.ModelNames;
import litellm.provider.ModelTable;
import litellm.provider.ProviderScripts;
import litellm.routing.Deployment;
import litellm.routing.Router;
import litellm.runtime.Version;
import litellm.script.UserFolders;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * How the eval reaches the models: through the Java API, by LiteLLM model names (keys from the environment); a
 * config.yaml's model_list; or a running proxy or any OpenAI-compatible server at a base URL, over HTTP.
 *
 * @param description for the report: "direct", the config's path, the server's URL
 */
public record Backend(LiteLLM llm, String description) {
    public static Backend direct() {
        return new Backend(LiteLLM.direct(Settings.defaults(), UserFolders.fromEnvironment().providers()), "the Java API (keys from the environment)");
    }

    public static Backend config(Path file) throws BadInput {
        if (!Files.isRegularFile(file)) throw new BadInput("--config: no such file " + file);
        try {
            return new Backend(LiteLLM.fromConfig(file), file.toString());
        } catch (LlmError e) { // the config's first problem, at its file:line:column
            throw new BadInput(e.getMessage());
        }
    }

    /**
     * Each model name is sent as it is to {@code baseUrl}'s chat/completions (OpenAI's API, by the openai provider),
     * with {@code apiKey} as the bearer token, or none: never OPENAI_API_KEY, which is for OpenAI alone. A name the
     * model table knows ({@code gpt-4o-mini}, {@code anthropic/claude-3-5-haiku-20241022}, as a proxy in front of them
     * names them) is priced as that model.
     */
    public static Backend server(String baseUrl, String apiKey) throws BadInput {
        URI uri;
        try {
            uri = URI.create(baseUrl);
        } catch (IllegalArgumentException e) {
            throw new BadInput("--base-url: not a URL: " + baseUrl);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null)
            throw new BadInput("--base-url: expected http(s)://host[:port][/v1], got " + baseUrl);
        String key = apiKey == null ? "" : apiKey;
        ProviderScripts providers = new ProviderScripts(null);
        Router router = Router.byModelName(name -> new Deployment(name, "openai", name, baseUrl, key, null, prices(name, providers)));
        LiteLLM llm = new LiteLLM(new Setup(Settings.defaults(), router), providers, new UpstreamClient(Version.USER_AGENT));
        return new Backend(llm, Secrets.maskUrl(baseUrl));
    }

    /** The model table's prices of a LiteLLM model name, as a deployment's custom prices; none when it is not listed. */
    private static Map<String, Object> prices(String name, ProviderScripts providers) {
        ModelNames.Resolved r = ModelNames.resolve(name, providers::exists);
        ModelTable.Model m = r == null ? null : ModelTable.builtIn().model(r.provider(), r.model());
        if (m == null || m.inputCostPerToken() == null && m.outputCostPerToken() == null) return Map.of();
        Map<String, Object> prices = new java.util.HashMap<>();
        if (m.inputCostPerToken() != null) prices.put("input_cost_per_token", m.inputCostPerToken());
        if (m.outputCostPerToken() != null) prices.put("output_cost_per_token", m.outputCostPerToken());
        return prices;
    }
}
