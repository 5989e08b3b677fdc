package litellm.keys;

import litellm.callbacks.CallLog;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One call in LiteLLM's spend log ({@code LiteLLM_SpendLogs}); times in epoch ms.
 *
 * @param endUser the request's {@code user} (LiteLLM's customer); null when none
 */
record SpendRow(String requestId, String callType, String apiKey, double spend, long totalTokens, long promptTokens,
                long completionTokens, long startTime, long endTime, String model, String modelGroup, String provider,
                String apiBase, String userId, String teamId, boolean cacheHit, String status, String endUser) {

    /** Worked out off the call's path: counting a stream's tokens takes time. */
    static SpendRow of(CallLog call) {
        Map<String, Object> usage = call.usage();
        Double cost = call.cost(usage);
        var who = call.caller();
        return new SpendRow(call.id(), call.callType(), who.keyHash(), cost == null ? 0 : cost, tokens(usage, "total_tokens"),
                tokens(usage, "prompt_tokens"), tokens(usage, "completion_tokens"), call.start().toEpochMilli(), call.end().toEpochMilli(),
                call.model(), call.modelGroup(), call.provider(), call.apiBase(), who.userId(), who.teamId(), call.cacheHit(),
                call.failed() ? "failure" : "success", call.request() != null && call.request().get("user") instanceof String u ? u : null);
    }

    private static long tokens(Map<String, Object> usage, String key) {
        return usage != null && usage.get(key) instanceof Number n ? n.longValue() : 0;
    }

    /** As LiteLLM's /spend/logs answers a row. */
    Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("request_id", requestId);
        m.put("call_type", callType);
        m.put("api_key", apiKey);
        m.put("spend", spend);
        m.put("total_tokens", totalTokens);
        m.put("prompt_tokens", promptTokens);
        m.put("completion_tokens", completionTokens);
        m.put("startTime", KeyAnswers.time(startTime));
        m.put("endTime", KeyAnswers.time(endTime));
        m.put("model", model);
        m.put("model_group", modelGroup);
        m.put("custom_llm_provider", provider);
        m.put("api_base", apiBase);
        m.put("user", userId);
        m.put("team_id", teamId);
        m.put("end_user", endUser);
        m.put("cache_hit", String.valueOf(cacheHit));
        m.put("status", status);
        return m;
    }
}
