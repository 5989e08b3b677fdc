package litellm.keys;

import litellm.callbacks.Budget;
import litellm.error.LlmError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An admin endpoint's JSON body, read field by field: a field of the wrong type is a 400 that names it. */
record AdminBody(Map<String, Object> fields) {

    boolean has(String name) {
        return fields.containsKey(name);
    }

    String string(String name) {
        Object v = fields.get(name);
        if (v == null || v instanceof String) return (String) v;
        throw wrong(name, "a string");
    }

    String required(String name) {
        String v = string(name);
        if (v == null || v.isBlank()) throw LlmError.badRequest("'" + name + "' is required", name, "missing_param");
        return v;
    }

    List<String> strings(String name) {
        Object v = fields.get(name);
        if (v == null) return null;
        if (!(v instanceof List<?> list) || !list.stream().allMatch(x -> x instanceof String)) throw wrong(name, "a list of strings");
        return list.stream().map(String.class::cast).toList();
    }

    Double number(String name) {
        Object v = fields.get(name);
        if (v == null) return null;
        if (!(v instanceof Number n) || n.doubleValue() < 0) throw wrong(name, "a number, 0 or more");
        return n.doubleValue();
    }

    Boolean flag(String name) {
        Object v = fields.get(name);
        if (v == null || v instanceof Boolean) return (Boolean) v;
        throw wrong(name, "true or false");
    }

    Long whole(String name) {
        Object v = fields.get(name);
        if (v == null) return null;
        if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < 0) throw wrong(name, "a whole number, 0 or more");
        return ((Number) v).longValue();
    }

    /** LiteLLM's durations: "30s", "30m", "30h", "30d". */
    String duration(String name) {
        String v = string(name);
        if (v == null) return null;
        try {
            Budget.duration(v);
        } catch (IllegalArgumentException e) {
            throw wrong(name, e.getMessage());
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> object(String name) {
        Object v = fields.get(name);
        if (v == null) return null;
        if (!(v instanceof Map<?, ?>)) throw wrong(name, "a JSON object");
        return new LinkedHashMap<>((Map<String, Object>) v);
    }

    /** An object or a list of objects, as LiteLLM's member_add takes {@code member}. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> objects(String name) {
        Object v = fields.get(name);
        if (v == null) return null;
        List<Object> items = v instanceof List<?> l ? new ArrayList<>(l) : List.of(v);
        if (!items.stream().allMatch(x -> x instanceof Map<?, ?>)) throw wrong(name, "an object or a list of objects");
        return items.stream().map(x -> (Map<String, Object>) x).toList();
    }

    private static LlmError wrong(String name, String expected) {
        return LlmError.badRequest("'" + name + "' must be " + expected, name, "invalid_param");
    }
}
