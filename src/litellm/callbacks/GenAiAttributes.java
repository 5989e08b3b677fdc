package litellm.callbacks;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a call's span says, in OpenTelemetry's semantic conventions for generative AI (gen_ai.*): the operation, the
 * provider, the models asked and answering, the tokens, the finish reasons, and error.type for a call that failed.
 */
final class GenAiAttributes {
    private GenAiAttributes() {}

    /** The conventions' span name: the operation and the model, e.g. {@code chat gpt-4o-mini}. */
    static String spanName(CallLog call) {
        String model = requestModel(call);
        return model == null ? operation(call) : operation(call) + " " + model;
    }

    static Attributes of(CallLog call) {
        AttributesBuilder a = Attributes.builder();
        a.put("gen_ai.operation.name", operation(call));
        put(a, "gen_ai.provider.name", call.provider());
        put(a, "gen_ai.system", call.provider()); // the conventions' name before gen_ai.provider.name
        put(a, "gen_ai.request.model", requestModel(call));
        put(a, "litellm.call_id", call.id());
        put(a, "litellm.model_group", call.modelGroup());
        Map<String, Object> request = call.request();
        number(a, "gen_ai.request.temperature", request.get("temperature"));
        number(a, "gen_ai.request.top_p", request.get("top_p"));
        Object maxTokens = request.get("max_tokens") != null ? request.get("max_tokens") : request.get("max_completion_tokens");
        if (maxTokens instanceof Number n) a.put("gen_ai.request.max_tokens", n.longValue());
        if (call.cacheHit()) a.put("litellm.cache_hit", true);
        Map<String, Object> response = call.response();
        if (response != null) {
            put(a, "gen_ai.response.model", response.get("model"));
            put(a, "gen_ai.response.id", response.get("id"));
            List<String> reasons = finishReasons(response);
            if (!reasons.isEmpty()) a.put(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"), reasons);
            Map<String, Object> usage = call.usage();
            if (usage != null) {
                if (usage.get("prompt_tokens") instanceof Number n) a.put("gen_ai.usage.input_tokens", n.longValue());
                if (usage.get("completion_tokens") instanceof Number n) a.put("gen_ai.usage.output_tokens", n.longValue());
            }
        }
        if (call.error() != null) a.put("error.type", call.error().type() != null ? call.error().type() : String.valueOf(call.error().status()));
        return a.build();
    }

    /** The conventions' operation names where there is one, else LiteLLM's call type. */
    private static String operation(CallLog call) {
        return switch (call.endpoint()) {
            case CHAT, MESSAGES, RESPONSES -> "chat";
            case COMPLETIONS -> "text_completion";
            case EMBEDDINGS -> "embeddings";
            default -> call.callType();
        };
    }

    /** The model its provider was asked for; the client's name for it when no deployment was tried. */
    private static String requestModel(CallLog call) {
        return call.model() != null ? call.model() : call.requestedModel();
    }

    /** OpenAI's choices[].finish_reason, Anthropic's stop_reason. */
    private static List<String> finishReasons(Map<String, Object> response) {
        List<String> reasons = new ArrayList<>();
        if (response.get("choices") instanceof List<?> choices)
            for (Object c : choices) if (c instanceof Map<?, ?> m && m.get("finish_reason") != null) reasons.add(m.get("finish_reason").toString());
        if (response.get("stop_reason") != null) reasons.add(response.get("stop_reason").toString());
        return reasons;
    }

    private static void put(AttributesBuilder a, String key, Object value) {
        if (value != null) a.put(key, value.toString());
    }

    private static void number(AttributesBuilder a, String key, Object value) {
        if (value instanceof Number n) a.put(key, n.doubleValue());
    }
}
