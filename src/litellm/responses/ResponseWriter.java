package litellm.responses;

import litellm.error.LlmError;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A response's output as a model produces it (its reasoning, a message's text, function calls and their arguments)
 * made into OpenAI's output items. For a stream, each step is also written to the sink as it happens, as the Responses API's
 * events in OpenAI's order, each numbered ({@code sequence_number}): {@code response.created},
 * {@code response.in_progress}, then per item {@code response.output_item.added}, its content or arguments and their
 * deltas, {@code response.output_item.done}; last {@code response.completed} (or {@code .incomplete}, {@code .failed}).
 * Without a sink (a whole answer) only the items are built.
 */
final class ResponseWriter {
    private final Map<String, Object> request;
    private final JsonSink sink;
    private final String id;
    private final List<Map<String, Object>> output = new ArrayList<>();
    private long createdAt;
    private String model;
    private boolean started;
    private int sequence;
    /** The item being written, not yet done; null between items. */
    private Map<String, Object> open;
    private final StringBuilder openText = new StringBuilder();

    /**
     * @param request what the response echoes (instructions, tools, temperature...): the request, or a stored response
     * @param sink    where events go; null for a whole answer
     */
    ResponseWriter(Map<String, Object> request, JsonSink sink, String id) {
        this.request = request;
        this.sink = sink;
        this.id = id;
    }

    boolean started() {
        return started;
    }

    /** The response begins: {@code response.created} and {@code response.in_progress}. */
    void start(long createdAt, String model) throws IOException {
        this.createdAt = createdAt;
        this.model = model;
        started = true;
        if (sink == null) return;
        emit(withResponse("response.created", inProgress()));
        emit(withResponse("response.in_progress", inProgress()));
    }

    /** More of the assistant message's text; the message item starts with the first. */
    void text(String delta) throws IOException {
        if (delta == null || delta.isEmpty()) return;
        if (open == null || !"message".equals(open.get("type"))) {
            close("completed");
            open = message(ResponseObject.newId("msg_"), "in_progress", List.of());
            itemAdded(open);
            if (sink != null) emit(event("response.content_part.added", "item_id", open.get("id"), "output_index", output.size() - 1,
                    "content_index", 0, "part", textPart("")));
        }
        openText.append(delta);
        if (sink != null) emit(event("response.output_text.delta", "item_id", open.get("id"), "output_index", output.size() - 1,
                "content_index", 0, "delta", delta, "logprobs", List.of()));
    }

    /** More of the model's reasoning (chat's reasoning_content): a reasoning item whose summary is that text. */
    void reasoning(String delta) throws IOException {
        if (delta == null || delta.isEmpty()) return;
        if (open == null || !"reasoning".equals(open.get("type"))) {
            close("completed");
            open = reasoningItem(ResponseObject.newId("rs_"), List.of());
            itemAdded(open);
            if (sink != null) emit(event("response.reasoning_summary_part.added", "item_id", open.get("id"), "output_index", output.size() - 1,
                    "summary_index", 0, "part", summaryPart("")));
        }
        openText.append(delta);
        if (sink != null) emit(event("response.reasoning_summary_text.delta", "item_id", open.get("id"), "output_index", output.size() - 1,
                "summary_index", 0, "delta", delta));
    }

    /** A function call begins; its arguments follow ({@link #arguments}). */
    void functionCall(String callId, String name) throws IOException {
        close("completed");
        open = functionCall(ResponseObject.newId("fc_"), callId, name, "", "in_progress");
        itemAdded(open);
    }

    /** More of the open function call's arguments. */
    void arguments(String delta) throws IOException {
        if (delta == null || delta.isEmpty() || open == null || !"function_call".equals(open.get("type"))) return;
        openText.append(delta);
        if (sink != null) emit(event("response.function_call_arguments.delta", "item_id", open.get("id"), "output_index", output.size() - 1, "delta", delta));
    }

    /** An item that is whole already (replaying a stored response): added and done at once. */
    void item(Map<String, Object> item) throws IOException {
        close("completed");
        output.add(item);
        if (sink == null) return;
        emit(event("response.output_item.added", "output_index", output.size() - 1, "item", item));
        emit(event("response.output_item.done", "output_index", output.size() - 1, "item", item));
    }

    /**
     * The response is done: the open item closed, then {@code response.completed}, or {@code response.incomplete}
     * when it was cut short ({@code incompleteReason}: {@code max_output_tokens} or {@code content_filter}).
     *
     * @return the whole response
     */
    Map<String, Object> finish(String incompleteReason, Map<String, Object> usage) throws IOException {
        String status = incompleteReason == null ? "completed" : "incomplete";
        close(status);
        Map<String, Object> response = ResponseObject.of(id, createdAt, status, model, request, output, usage, null,
                incompleteReason == null ? null : Map.of("reason", incompleteReason));
        if (sink != null) emit(withResponse(incompleteReason == null ? "response.completed" : "response.incomplete", response));
        return response;
    }

    /** The model failed after the response began: {@code response.failed}, with what was made so far. */
    void fail(LlmError e) throws IOException {
        if (!started || sink == null) return;
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", e.code() != null ? e.code() : "server_error");
        error.put("message", e.getMessage());
        emit(withResponse("response.failed", ResponseObject.of(id, createdAt, "failed", model, request, List.copyOf(output), null, error, null)));
    }

    /** The open item done: its text or arguments final, with {@code status}. */
    private void close(String status) throws IOException {
        if (open == null) return;
        int index = output.size() - 1;
        String text = openText.toString();
        Map<String, Object> done;
        if ("reasoning".equals(open.get("type"))) {
            Map<String, Object> part = summaryPart(text);
            done = reasoningItem(open.get("id"), List.of(part));
            if (sink != null) {
                emit(event("response.reasoning_summary_text.done", "item_id", open.get("id"), "output_index", index, "summary_index", 0, "text", text));
                emit(event("response.reasoning_summary_part.done", "item_id", open.get("id"), "output_index", index, "summary_index", 0, "part", part));
            }
        } else if ("message".equals(open.get("type"))) {
            Map<String, Object> part = textPart(text);
            done = message(open.get("id"), status, List.of(part));
            if (sink != null) {
                emit(event("response.output_text.done", "item_id", open.get("id"), "output_index", index, "content_index", 0, "text", text, "logprobs", List.of()));
                emit(event("response.content_part.done", "item_id", open.get("id"), "output_index", index, "content_index", 0, "part", part));
            }
        } else {
            done = functionCall(open.get("id"), open.get("call_id"), open.get("name"), text, "completed");
            if (sink != null) emit(event("response.function_call_arguments.done", "item_id", open.get("id"), "output_index", index,
                    "name", open.get("name"), "arguments", text));
        }
        output.set(index, done);
        open = null;
        openText.setLength(0);
        if (sink != null) emit(event("response.output_item.done", "output_index", index, "item", done));
    }

    private void itemAdded(Map<String, Object> item) throws IOException {
        output.add(item);
        if (sink != null) emit(event("response.output_item.added", "output_index", output.size() - 1, "item", item));
    }

    /** The response as it begins: no output, no usage. */
    private Map<String, Object> inProgress() {
        return ResponseObject.of(id, createdAt, "in_progress", model, request, List.of(), null, null, null);
    }

    private static Map<String, Object> message(Object id, String status, List<Map<String, Object>> content) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", id);
        item.put("type", "message");
        item.put("status", status);
        item.put("content", content);
        item.put("role", "assistant");
        return item;
    }

    private static Map<String, Object> functionCall(Object id, Object callId, Object name, String arguments, String status) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", id);
        item.put("type", "function_call");
        item.put("status", status);
        item.put("arguments", arguments);
        item.put("call_id", callId);
        item.put("name", name);
        return item;
    }

    private static Map<String, Object> reasoningItem(Object id, List<Map<String, Object>> summary) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", id);
        item.put("type", "reasoning");
        item.put("summary", summary);
        return item;
    }

    private static Map<String, Object> summaryPart(String text) {
        Map<String, Object> part = new LinkedHashMap<>();
        part.put("type", "summary_text");
        part.put("text", text);
        return part;
    }

    private static Map<String, Object> textPart(String text) {
        Map<String, Object> part = new LinkedHashMap<>();
        part.put("type", "output_text");
        part.put("annotations", List.of());
        part.put("logprobs", List.of());
        part.put("text", text);
        return part;
    }

    private static Map<String, Object> withResponse(String type, Map<String, Object> response) {
        return event(type, "response", response);
    }

    private static Map<String, Object> event(String type, Object... keyValues) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", type);
        for (int i = 0; i < keyValues.length; i += 2) event.put((String) keyValues[i], keyValues[i + 1]);
        return event;
    }

    private void emit(Map<String, Object> event) throws IOException {
        event.put("sequence_number", sequence++);
        sink.accept(event);
    }
}
