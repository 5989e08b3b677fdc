package litellm.responses;

import litellm.http.StreamEvent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One turn of a conversation through the Responses API. Before it is served, a {@code previous_response_id} the proxy
 * has stored is resolved into input items (the earlier turns' input and output, then this turn's), so that any
 * deployment continues it: a provider served through chat, or OpenAI with a proxy's id it never saw. An id the proxy
 * has not stored is left for OpenAI to resolve. After it, the response is stored for the next turn (unless
 * {@code store: false}) and echoes the client's {@code previous_response_id}.
 */
public final class Turn {
    private static final Set<String> TERMINAL = Set.of("response.completed", "response.incomplete", "response.failed");
    private static final Set<String> CARRY_RESPONSE = Set.of("response.created", "response.in_progress", "response.queued",
            "response.completed", "response.incomplete", "response.failed");

    private final StoredResponses store;
    private final Map<String, Object> served;
    /** The client's previous_response_id, when it was resolved here; null otherwise. */
    private final Object resolved;
    private final List<Object> input;
    private final boolean stores;

    private Turn(StoredResponses store, Map<String, Object> served, Object resolved, List<Object> input, boolean stores) {
        this.store = store;
        this.served = served;
        this.resolved = resolved;
        this.input = input;
        this.stores = stores;
    }

    public static Turn of(Map<String, Object> request, StoredResponses store) {
        List<Object> input = items(request.get("input"));
        boolean stores = !Boolean.FALSE.equals(request.get("store"));
        StoredResponses.Stored previous = request.get("previous_response_id") instanceof String id ? store.get(id) : null;
        if (previous == null) return new Turn(store, request, null, input, stores);
        List<Object> all = new ArrayList<>(previous.input());
        if (previous.response().get("output") instanceof List<?> output) for (Object item : output) addAsInput(all, item);
        all.addAll(input);
        Map<String, Object> served = new LinkedHashMap<>(request);
        served.put("input", all);
        served.remove("previous_response_id");
        return new Turn(store, served, request.get("previous_response_id"), all, stores);
    }

    /** The request to serve: the client's, with a stored previous response's items in its input. */
    public Map<String, Object> request() {
        return served;
    }

    /** A whole response, stored and returned. */
    public Map<String, Object> finished(Map<String, Object> response) {
        if (resolved != null) response.put("previous_response_id", resolved);
        if (stores && response.get("id") != null) store.put(response, input);
        return response;
    }

    /** A stream's event: one that carries the response echoes the previous id, and the last one is stored. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> event(Map<String, Object> event) {
        if (!(event.get("response") instanceof Map<?, ?> response) || !(event.get("type") instanceof String type)) return event;
        if (resolved != null) ((Map<String, Object>) response).put("previous_response_id", resolved);
        if (stores && TERMINAL.contains(type) && response.get("id") != null) store.put((Map<String, Object>) response, input);
        return event;
    }

    /** Whether an upstream event relayed as its text carries what {@link #event} must see, so must be parsed. */
    public boolean sees(StreamEvent event) {
        String type = event.getEvent() != null ? event.getEvent() : String.valueOf(event.map().get("type"));
        return resolved != null ? CARRY_RESPONSE.contains(type) : stores && TERMINAL.contains(type);
    }

    /** The input as items: a string is one user message. */
    @SuppressWarnings("unchecked")
    private static List<Object> items(Object input) {
        if (input instanceof List<?> list) return (List<Object>) list;
        if (input == null) return List.of();
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "message");
        message.put("role", "user");
        message.put("content", input);
        return List.of(message);
    }

    /**
     * An output item as the next turn's input: a message without its status (Azure refuses it there); a reasoning
     * item only with its encrypted content, which is all a provider can take back of it.
     */
    private static void addAsInput(List<Object> input, Object item) {
        if (!(item instanceof Map<?, ?> m)) return;
        if ("reasoning".equals(m.get("type")) && m.get("encrypted_content") == null) return;
        Map<Object, Object> copy = new LinkedHashMap<>(m);
        if ("message".equals(m.get("type"))) copy.remove("status");
        input.add(copy);
    }
}
