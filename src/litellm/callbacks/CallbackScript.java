package litellm.callbacks;

import groovy.lang.Script;
import litellm.json.Json;

import java.util.List;

/**
 * The base of a callback script, {@code <name>.groovy} in the user's folder of callbacks: LiteLLM's custom callbacks
 * (a CustomLogger's log_success_event and log_failure_event) as a script that is edited while the proxy runs.
 * A script defines either hook, or both:
 * <pre>
 * void onSuccess(CallLog call)   // a call that succeeded: call.response(), call.usage(), call.cost()
 * void onFailure(CallLog call)   // a call that failed: call.error()
 * </pre>
 * They run after the call, on the callback's own thread, one call at a time in the order the calls ended:
 * a slow script delays no answer. {@code toJson(call.asMap())} is the call as one line of JSON.
 */
public abstract class CallbackScript extends Script {
    public static final List<String> HOOKS = List.of("onSuccess", "onFailure");

    public void onSuccess(CallLog call) {}

    public void onFailure(CallLog call) {}

    /** A value as JSON text on one line: maps, lists, strings, numbers (Groovy's own JSON module is not on the classpath). */
    public String toJson(Object value) {
        return Json.text(value);
    }
}
