package litellm.config;

import litellm.http.Secrets;
import litellm.provider.ModelNames;
import litellm.routing.Deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Reads a LiteLLM {@code config.yaml}: the same keys, the same meaning, checked strictly so that a
 * typo stops start-up with file, line, column and path instead of being silently ignored.
 */
public final class ConfigFile {
    private ConfigFile() {}

    /**
     * @param providerExists whether a provider script of a given name exists, to resolve model names
     * @param env            the process environment (System::getenv)
     */
    public static ProxyConfig load(Path file, Predicate<String> providerExists, Function<String, String> env) throws ConfigError {
        return load(file, providerExists, env, Flags.NONE);
    }

    /** @param flags the command line's settings, which win over the config's (see {@link ProxySettings}) */
    public static ProxyConfig load(Path file, Predicate<String> providerExists, Function<String, String> env, Flags flags) throws ConfigError {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigError(file + ": cannot read: " + e.getMessage());
        }
        return parse(file.toString(), text, providerExists, env, flags);
    }

    /**
     * Whether litellm_settings.json_logs is true, read before the config is loaded so that the lines its loading logs
     * are JSON too. False when the file does not parse: its loading then says why.
     */
    public static boolean jsonLogs(Path file) {
        try {
            YamlValue root = YamlValue.parse(file.toString(), Files.readString(file));
            return root != null && root.plain() instanceof Map<?, ?> top && top.get("litellm_settings") instanceof Map<?, ?> litellm
                    && Boolean.TRUE.equals(litellm.get("json_logs"));
        } catch (IOException | ConfigError | RuntimeException e) {
            return false;
        }
    }

    public static ProxyConfig parse(String file, String text, Predicate<String> providerExists, Function<String, String> env) throws ConfigError {
        return parse(file, text, providerExists, env, Flags.NONE);
    }

    public static ProxyConfig parse(String file, String text, Predicate<String> providerExists, Function<String, String> env, Flags flags)
            throws ConfigError {
        YamlValue root = YamlValue.parse(file, text);
        if (root == null || root.isNull()) throw new ConfigError(file + ": the config is empty; it needs a model_list");
        Section top = Section.of(root, env);
        YamlValue modelList = top.value("model_list"), environmentVariables = top.value("environment_variables");
        YamlValue litellm = top.value("litellm_settings"), router = top.value("router_settings"), general = top.value("general_settings");
        top.done();

        Map<String, String> environment = new LinkedHashMap<>();
        if (environmentVariables != null)
            for (var e : environmentVariables.mapping().entrySet()) environment.put(e.getKey(), e.getValue().string());
        Function<String, String> lookup = name -> environment.containsKey(name) ? environment.get(name) : env.apply(name);
        registerSecrets(null, root.plain(), lookup); // first: a message about the rest of the config may repeat one

        if (modelList == null) throw root.error("model_list is missing: it lists the models the proxy serves");
        List<Deployment> deployments = new ArrayList<>();
        for (YamlValue entry : modelList.sequence()) deployments.add(deployment(entry, providerExists, lookup));
        if (deployments.isEmpty()) throw modelList.error("model_list is empty");

        ProxySettings settings = ProxySettings.decide(flags, Section.of(litellm, lookup), Section.of(router, lookup), Section.of(general, lookup), lookup);
        return new ProxyConfig(List.copyOf(deployments), Map.copyOf(environment), settings);
    }

    /**
     * Registers every secret of the config, wherever it is: a string (or an {@code os.environ/} reference's value)
     * under a key whose name says it is one (api_key, master_key, aws_secret_access_key, password, redis_password,
     * an Authorization header, LANGFUSE_SECRET_KEY in environment_variables...), and the password of any URL
     * (a Redis or database URL). They are masked from then on wherever text leaves the proxy.
     */
    private static void registerSecrets(String name, Object value, Function<String, String> env) {
        if (value instanceof Map<?, ?> m) m.forEach((k, v) -> registerSecrets(String.valueOf(k), v, env));
        else if (value instanceof List<?> l) l.forEach(v -> registerSecrets(name, v, env));
        else if (value instanceof String s)
            Secrets.registerNamed(name, s.startsWith(Section.ENV_PREFIX) ? env.apply(s.substring(Section.ENV_PREFIX.length())) : s);
    }

    private static Deployment deployment(YamlValue entry, Predicate<String> providerExists, Function<String, String> env) throws ConfigError {
        Section fields = Section.of(entry, env);
        YamlValue modelName = fields.value("model_name"), litellmParams = fields.value("litellm_params"), modelInfo = fields.value("model_info");
        Map<String, YamlValue> beside = new LinkedHashMap<>();
        for (String key : List.of("rpm", "tpm")) // LiteLLM also takes these beside litellm_params
            if (fields.has(key)) beside.put(key, fields.value(key));
        fields.done();
        if (modelName == null) throw entry.error("model_name is missing");
        if (litellmParams == null) throw entry.error("litellm_params is missing");
        String name = modelName.string();
        Map<String, Object> params = new LinkedHashMap<>();
        YamlValue model = null;
        for (var e : litellmParams.mapping().entrySet()) {
            if (e.getKey().equals("model")) model = e.getValue();
            params.put(e.getKey(), Section.resolveEnv(e.getValue(), e.getValue().plain(), env));
        }
        if (model == null) throw litellmParams.error("model is missing: the provider's model, e.g. huggingface/HuggingFaceH4/zephyr-7b-beta");
        ModelNames.Resolved resolved = ModelNames.resolve(model.string(), providerExists);
        if (resolved == null && ModelNames.notSupported(model.string()) != null) throw model.error(ModelNames.notSupported(model.string()));
        if (resolved == null) throw model.error("cannot tell which provider serves '" + model.string() + "': write it as <provider>/<model>");
        for (String key : List.of("api_base", "api_key", "api_version"))
            if (params.get(key) != null && !(params.get(key) instanceof String)) throw litellmParams.mapping().get(key).error("expected a string");
        for (String key : List.of("rpm", "tpm", "weight", "timeout", "stream_timeout", "temperature", "max_tokens",
                "input_cost_per_token", "output_cost_per_token"))
            if (params.get(key) != null && !(params.get(key) instanceof Number)) throw litellmParams.mapping().get(key).error("expected a number");
        if (params.get("headers") != null && !(params.get("headers") instanceof Map)) throw litellmParams.mapping().get("headers").error("expected a mapping of header names to values");
        for (var e : beside.entrySet()) params.putIfAbsent(e.getKey(), e.getValue().number());
        Map<String, Object> info = new LinkedHashMap<>();
        if (modelInfo != null)
            for (var e : modelInfo.mapping().entrySet()) info.put(e.getKey(), Section.resolveEnv(e.getValue(), e.getValue().plain(), env));

        String apiBase = (String) params.remove("api_base");
        String apiKey = (String) params.remove("api_key");
        String apiVersion = (String) params.remove("api_version");
        params.remove("model");
        return new Deployment(name, resolved.provider(), resolved.model(), apiBase, apiKey, apiVersion, params, info, null);
    }
}
