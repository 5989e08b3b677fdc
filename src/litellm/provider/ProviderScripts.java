package litellm.provider;

import litellm.runtime.Env;

import litellm.error.LlmError;
import litellm.script.LiveScripts;
import litellm.script.ScriptHooks;
import litellm.script.ScriptLoadError;
import litellm.template.PromptTemplates;

import java.nio.file.Path;

/**
 * The provider scripts: built-in ones from {@code providers/}, overridden by the user's folder; live-reloaded.
 * A provider of the OpenAI-compatible catalogue without a script of its own is served by the openai script.
 */
public final class ProviderScripts {
    private final LiveScripts<ProviderScript> scripts;

    public ProviderScripts(Path userDir) {
        this(userDir, new PromptTemplates());
    }

    public ProviderScripts(Path userDir, PromptTemplates templates) {
        this.scripts = new LiveScripts<>("providers", ProviderScript.class, userDir, script -> start(script, templates, this),
                "litellm.provider", "litellm.openai", "litellm.error", "litellm.http");
    }

    /** The script for a provider; a 500 naming file and line when it has never loaded. */
    public LiveScripts.Loaded<ProviderScript> get(String provider) {
        try {
            LiveScripts.Loaded<ProviderScript> loaded = scripts.get(scriptName(provider));
            if (loaded == null) throw LlmError.badRequest("unknown provider '" + provider + "': no providers/" + provider + ".groovy", "model");
            return loaded;
        } catch (ScriptLoadError e) {
            throw new LlmError(500, "internal_server_error", "provider script does not load: " + e.getMessage(), null, "provider_script_error", null);
        }
    }

    public boolean exists(String provider) {
        return scripts.exists(provider) || CompatibleProviders.builtIn().get(provider) != null;
    }

    public void preload(String provider) {
        scripts.preload(scriptName(provider));
    }

    /** What the provider declares: its script's {@code info(...)}, or its catalogue entry when the catalogue serves it. */
    public ProviderInfo info(String provider, ProviderScript script) {
        CompatibleProviders.Entry entry = catalogued(provider);
        return entry == null ? script.providerInfo() : entry.info(script.providerInfo(), Env::get);
    }

    /** The catalogue entry of a provider that has no script of its own; null otherwise. */
    private CompatibleProviders.Entry catalogued(String provider) {
        // the catalogue (and the YAML parser) loads on first need: a proxy for providers with scripts never reads it
        return scripts.exists(provider) ? null : CompatibleProviders.builtIn().get(provider);
    }

    private String scriptName(String provider) {
        return catalogued(provider) != null ? CompatibleProviders.SCRIPT : provider;
    }

    public Path userDir() {
        return scripts.userDir();
    }

    /** Runs the script's body (its {@code info(...)}) and checks that each hook it defines really overrides one. */
    private static void start(ProviderScript script, PromptTemplates templates, ProviderScripts all) {
        script.templates(templates);
        script.providers(name -> all.get(name).script());
        script.run();
        ScriptHooks.check(script, ProviderScript.class, ProviderScript.HOOKS, "def response(Call call, body)");
        script.answersUnchanged(!ScriptHooks.declares(script, "response"));
        if (!ScriptHooks.declares(script, "request") && !ScriptHooks.declares(script, "answer"))
            throw new IllegalArgumentException("defines neither request(Call call) nor answer(Call call)");
    }
}
