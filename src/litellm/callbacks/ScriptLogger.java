package litellm.callbacks;

import litellm.log.RareWarning;
import litellm.script.LiveScripts;
import litellm.script.ScriptHooks;
import litellm.script.ScriptLoadError;
import litellm.script.UserFolders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A callback written as a Groovy script ({@link CallbackScript}) in the user's folder of callbacks
 * ({@code $LITELLM_CALLBACKS}, default {@code ~/.litellm/callbacks}). An edited script is used from the next call on;
 * a broken edit is reported with file and line while the last good version goes on.
 */
final class ScriptLogger implements CallLogger {
    private static final Logger log = LoggerFactory.getLogger(ScriptLogger.class);
    /** One set of scripts per folder, one logger per script: a reloaded config keeps them, compiled. */
    private static final Map<Path, LiveScripts<CallbackScript>> FOLDERS = new ConcurrentHashMap<>();
    private static final Map<Path, ScriptLogger> LOGGERS = new ConcurrentHashMap<>();

    private final String name;
    private final LiveScripts<CallbackScript> scripts;
    private final CallQueue<CallLog> queue;
    private final RareWarning failures = new RareWarning(100);

    private ScriptLogger(String name, LiveScripts<CallbackScript> scripts) {
        this.name = name;
        this.scripts = scripts;
        this.queue = new CallQueue<>("callback-" + name, 100, Duration.ZERO, (calls, last) -> calls.forEach(this::run));
    }

    /** The folder of callback scripts, as {@code env} (with a config's environment_variables) says. */
    static Path folder(Function<String, String> env) {
        return UserFolders.from(env).callbacks();
    }

    /** LiteLLM names a custom callback {@code module.instance}: the script is named as the module. */
    static String scriptName(String callback) {
        int dot = callback.indexOf('.');
        return dot < 0 ? callback : callback.substring(0, dot);
    }

    static boolean exists(Path folder, String callback) {
        return scripts(folder).exists(scriptName(callback));
    }

    /** Loads the script now. @throws IllegalArgumentException with file and line when it does not load */
    static void check(Path folder, String callback) {
        try {
            scripts(folder).get(scriptName(callback));
        } catch (ScriptLoadError e) {
            throw new IllegalArgumentException("callback script " + e.getMessage());
        }
    }

    static ScriptLogger of(Path folder, String callback) {
        String name = scriptName(callback);
        return LOGGERS.computeIfAbsent(folder.resolve(name), f -> new ScriptLogger(name, scripts(folder)));
    }

    private static LiveScripts<CallbackScript> scripts(Path folder) {
        return FOLDERS.computeIfAbsent(folder, f -> new LiveScripts<>("callbacks", CallbackScript.class, f,
                script -> {
                    script.run();
                    ScriptHooks.check(script, CallbackScript.class, CallbackScript.HOOKS, "void onSuccess(CallLog call)");
                },
                "litellm.callbacks"));
    }

    @Override
    public void log(CallLog call) {
        queue.offer(call);
    }

    private void run(CallLog call) {
        try {
            var loaded = scripts.get(name);
            if (loaded == null) {
                failed("callbacks/" + name + ".groovy is gone");
                return;
            }
            try {
                if (call.failed()) loaded.script().onFailure(call);
                else loaded.script().onSuccess(call);
            } catch (Exception | Error e) { // a Groovy assert fails with an Error: it too is the script's, not the proxy's
                failed(e + loaded.where(e));
            }
        } catch (ScriptLoadError e) {
            failed(e.getMessage());
        }
    }

    private void failed(String why) {
        if (failures.due()) log.warn("callback script {} failed ({} so far): {}", name, failures.count(), why);
    }
}
