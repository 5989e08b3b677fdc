package litellm.anthropic;

import java.util.List;

/**
 * Why an answer stopped, in Anthropic's words, from OpenAI's finish_reason: stop → end_turn (or stop_sequence, with
 * the sequence, when the upstream says which one matched, as vLLM's {@code stop_reason} does), length → max_tokens,
 * tool_calls → tool_use, content_filter → refusal.
 *
 * @param sequence the stop sequence that ended the answer; null for any other reason
 */
record StopReason(String reason, String sequence) {

    /** @param matched what the upstream says matched (vLLM's stop_reason): a stop sequence, a token id or null */
    static StopReason of(Object finishReason, Object matched, List<String> stopSequences) {
        String reason = switch (String.valueOf(finishReason)) {
            case "length" -> "max_tokens";
            case "tool_calls", "function_call" -> "tool_use";
            case "content_filter" -> "refusal";
            default -> "end_turn";
        };
        if (reason.equals("end_turn") && matched instanceof String s && stopSequences.contains(s)) return new StopReason("stop_sequence", s);
        return new StopReason(reason, null);
    }
}
