// A custom callback, as LiteLLM's `callbacks: custom_callbacks.proxy_handler_instance` (a Python module there, a
// Groovy script here): copy this file to ~/.litellm/callbacks/ (or the folder $LITELLM_CALLBACKS names) and name
// it in the config:
//
//   litellm_settings:
//     callbacks: [custom_callbacks.proxy_handler_instance]   # or success_callback / failure_callback
//
// Each call that ends goes to onSuccess or onFailure, on the callback's own thread, after the client has its
// answer. Edit this file while the proxy runs: the next call uses the new version.
import groovy.transform.Field
import org.slf4j.LoggerFactory

import java.time.Duration

@Field final calls = LoggerFactory.getLogger('calls')

void onSuccess(CallLog call) {
    calls.info(toJson([id: call.id(), model: call.model(), tokens: call.usage()?.total_tokens, usd: call.cost(),
                       ms: Duration.between(call.start(), call.end()).toMillis(), cached: call.cacheHit()]))
}

void onFailure(CallLog call) {
    calls.warn(toJson([id: call.id(), model: call.model(), status: call.error().status(), error: call.error().message]))
}
