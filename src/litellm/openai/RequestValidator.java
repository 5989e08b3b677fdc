package litellm.openai;

import litellm.error.LlmError;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks an OpenAI request's shape and ranges before any work is done, so bad input gets the 400 OpenAI itself
 * gives: {@code invalid_request_error} with {@code param} naming the path ({@code messages[1].role},
 * {@code tools[0].function.name}) and OpenAI's code and wording. A valid request costs map lookups and no
 * allocation: the paths are built only for the error.
 */
public final class RequestValidator {
    private static final Set<String> INTEGERS = Set.of("seed", "best_of", "top_logprobs");
    private static final Set<String> BOOLEANS = Set.of("stream", "echo", "parallel_tool_calls");
    private static final Set<String> ROLES = Set.of("system", "assistant", "user", "function", "tool", "developer");
    private static final String ROLES_SAID = "'system', 'assistant', 'user', 'function', 'tool', and 'developer'";
    private static final Set<String> PART_TYPES = Set.of("text", "image_url", "input_audio", "file");
    private static final String PART_TYPES_SAID = "'text', 'image_url', 'input_audio', and 'file'";
    private static final String ASSISTANT_PART_TYPES_SAID = "'text', 'image_url', 'input_audio', 'file', and 'refusal'";
    private static final Set<String> TOOL_CHOICES = Set.of("none", "auto", "required");
    private static final Set<String> RESPONSE_FORMATS = Set.of("text", "json_object", "json_schema");
    private static final int MAX_N = 128, MAX_NAME = 64;
    /** OpenAI's least max_output_tokens for a response. */
    private static final int MIN_OUTPUT_TOKENS = 16;
    /** Parameters a Responses request shapes otherwise than chat (flat tools, tool_choice by name); checked in litellm.responses. */
    private static final Set<String> CHAT_SHAPED = Set.of("tools", "tool_choice", "response_format");

    private RequestValidator() {}

    /** @param modelOptional true when a default model serves requests that name none (a config's first model) */
    public static void check(Endpoint endpoint, Map<String, Object> body, boolean modelOptional) {
        Object model = body.get("model");
        if (model == null && !modelOptional) throw LlmError.badRequest("you must provide a model parameter", "model", "missing_required_parameter");
        if (model != null && (!(model instanceof String s) || s.isBlank()))
            throw LlmError.badRequest("'model' must be a non-empty string, got " + describe(model), "model", "invalid_type");
        if (!endpoint.takesModelParams()) {
            OperationRequests.check(endpoint, body);
            return;
        }
        switch (endpoint) {
            case CHAT -> checkMessages(body.get("messages"));
            case COMPLETIONS -> checkTextOrTokens(body, "prompt");
            case EMBEDDINGS -> checkTextOrTokens(body, "input");
            case RESPONSES -> {} // its input, tools and formats have their own shapes: litellm.responses.ResponsesRequest checks them
        }
        for (var e : body.entrySet()) checkParameter(endpoint, e.getKey(), e.getValue());
    }

    private static void checkMessages(Object messages) {
        if (messages == null) throw LlmError.badRequest("'messages' is a required property", "messages", "missing_required_parameter");
        if (!(messages instanceof List<?> list))
            throw LlmError.badRequest("'messages' must be an array of message objects, got " + describe(messages), "messages", "invalid_type");
        if (list.isEmpty()) throw LlmError.badRequest("'messages' must contain at least one message", "messages", "invalid_value");
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> message))
                throw invalidType("messages[" + i + "]", "an object", list.get(i));
            Object role = message.get("role");
            if (role == null) throw missing("messages[" + i + "].role");
            if (!(role instanceof String r)) throw invalidType("messages[" + i + "].role", "a string", role);
            if (!ROLES.contains(r)) throw invalidValue("messages[" + i + "].role", r, ROLES_SAID);
            checkMessageFields(i, message);
            Object content = message.get("content");
            if (content == null || content instanceof String) continue;
            if (!(content instanceof List<?> parts))
                throw invalidType("messages[" + i + "].content", "a string or an array of content parts", content);
            boolean assistant = r.equals("assistant");
            for (int j = 0; j < parts.size(); j++) {
                if (!(parts.get(j) instanceof Map<?, ?> part))
                    throw invalidType("messages[" + i + "].content[" + j + "]", "an object", parts.get(j));
                Object type = part.get("type");
                if (type == null) throw missing("messages[" + i + "].content[" + j + "].type");
                if (!(type instanceof String t)) throw invalidType("messages[" + i + "].content[" + j + "].type", "a string", type);
                if (!PART_TYPES.contains(t) && !(assistant && t.equals("refusal")))
                    throw invalidValue("messages[" + i + "].content[" + j + "].type", t, assistant ? ASSISTANT_PART_TYPES_SAID : PART_TYPES_SAID);
            }
        }
    }

    /** A message's other fields, when given: name and tool_call_id strings, tool_calls and function_call as OpenAI shapes them. */
    private static void checkMessageFields(int i, Map<?, ?> message) {
        for (String key : List.of("name", "tool_call_id"))
            if (message.get(key) != null && !(message.get(key) instanceof String))
                throw invalidType("messages[" + i + "]." + key, "a string", message.get(key));
        Object toolCalls = message.get("tool_calls");
        if (toolCalls != null) {
            if (!(toolCalls instanceof List<?> calls)) throw invalidType("messages[" + i + "].tool_calls", "an array", toolCalls);
            for (int j = 0; j < calls.size(); j++) {
                String at = "messages[" + i + "].tool_calls[" + j + "]";
                if (!(calls.get(j) instanceof Map<?, ?> call)) throw invalidType(at, "an object", calls.get(j));
                if (call.get("id") != null && !(call.get("id") instanceof String)) throw invalidType(at + ".id", "a string", call.get("id"));
                checkFunctionCall(at + ".function", call.get("function"));
            }
        }
        if (message.get("function_call") != null) checkFunctionCall("messages[" + i + "].function_call", message.get("function_call"));
    }

    /** {name, arguments}: the function a model called, with its arguments as JSON text. */
    private static void checkFunctionCall(String at, Object value) {
        if (value == null) throw missing(at);
        if (!(value instanceof Map<?, ?> function)) throw invalidType(at, "an object", value);
        if (function.get("name") == null) throw missing(at + ".name");
        if (!(function.get("name") instanceof String)) throw invalidType(at + ".name", "a string", function.get("name"));
        if (function.get("arguments") != null && !(function.get("arguments") instanceof String))
            throw invalidType(at + ".arguments", "a string", function.get("arguments"));
    }

    /** prompt and input: a string, a list of strings, a token list, or a list of token lists. */
    private static void checkTextOrTokens(Map<String, Object> body, String field) {
        Object value = body.get(field);
        if (value == null) throw LlmError.badRequest("'" + field + "' is a required property", field, "missing_required_parameter");
        if (value instanceof String) return;
        if (value instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(RequestValidator::isTextOrTokens)) return;
        throw LlmError.badRequest("'" + field + "' must be a string, an array of strings or an array of tokens, got " + describe(value), field, "invalid_type");
    }

    private static boolean isTextOrTokens(Object item) {
        return item instanceof String || item instanceof Integer || item instanceof Long
                || (item instanceof List<?> l && l.stream().allMatch(t -> t instanceof Integer || t instanceof Long));
    }

    private static void checkParameter(Endpoint endpoint, String key, Object value) {
        if (value == null || (endpoint == Endpoint.RESPONSES && CHAT_SHAPED.contains(key))) return;
        switch (key) {
            case "temperature" -> decimal(key, value, 0, 2);
            case "top_p" -> decimal(key, value, 0, 1);
            case "presence_penalty", "frequency_penalty" -> decimal(key, value, -2, 2);
            case "n" -> integer(key, value, 1, MAX_N);
            // A legacy completion may ask for no tokens at all (echo: true scores the prompt).
            case "max_tokens" -> integer(key, value, endpoint == Endpoint.COMPLETIONS ? 0 : 1, Long.MAX_VALUE);
            case "max_completion_tokens" -> integer(key, value, 1, Long.MAX_VALUE);
            case "max_output_tokens" -> integer(key, value, MIN_OUTPUT_TOKENS, Long.MAX_VALUE);
            case "logit_bias" -> checkLogitBias(value);
            case "tools" -> checkTools(value);
            case "tool_choice" -> checkToolChoice(value);
            case "response_format" -> checkResponseFormat(value);
            case "thinking" -> checkThinking(value);
            case "stop" -> {
                if (!(value instanceof String || (value instanceof List<?> l && l.stream().allMatch(s -> s instanceof String))))
                    throw invalidType(key, "a string or an array of strings", value);
            }
            case "stream_options" -> { if (!(value instanceof Map<?, ?>)) throw invalidType(key, "an object", value); }
            case "logprobs" -> { if (!(value instanceof Boolean || value instanceof Integer)) throw invalidType(key, "a boolean or an integer", value); }
            default -> {
                if (INTEGERS.contains(key)) integer(key, value, Long.MIN_VALUE, Long.MAX_VALUE);
                else if (BOOLEANS.contains(key) && !(value instanceof Boolean)) throw invalidType(key, "a boolean", value);
            }
        }
    }

    private static void decimal(String key, Object value, double min, double max) {
        if (!(value instanceof Number number)) throw invalidType(key, "a decimal", value);
        double d = number.doubleValue();
        if (d < min) throw LlmError.badRequest("Invalid '" + key + "': decimal below minimum value. Expected a value >= " + plain(min)
                + ", but got " + value + " instead.", key, "decimal_below_min_value");
        if (d > max) throw LlmError.badRequest("Invalid '" + key + "': decimal above maximum value. Expected a value <= " + plain(max)
                + ", but got " + value + " instead.", key, "decimal_above_max_value");
    }

    private static void integer(String key, Object value, long min, long max) {
        if (!(value instanceof Integer || value instanceof Long || value instanceof BigInteger)) throw invalidType(key, "an integer", value);
        long l = value instanceof BigInteger big ? (big.signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : ((Number) value).longValue();
        if (l < min) throw LlmError.badRequest("Invalid '" + key + "': integer below minimum value. Expected a value >= " + min
                + ", but got " + value + " instead.", key, "integer_below_min_value");
        if (l > max) throw LlmError.badRequest("Invalid '" + key + "': integer above maximum value. Expected a value <= " + max
                + ", but got " + value + " instead.", key, "integer_above_max_value");
    }

    /** Token ids (as the object's keys) to a bias in -100..100. */
    private static void checkLogitBias(Object value) {
        if (!(value instanceof Map<?, ?> bias)) throw invalidType("logit_bias", "an object", value);
        for (var e : bias.entrySet()) {
            String token = String.valueOf(e.getKey());
            if (!isTokenId(token))
                throw LlmError.badRequest("Invalid key in 'logit_bias': " + token + ". Keys must be token ids, non-negative integers.",
                        "logit_bias", "invalid_value");
            if (!(e.getValue() instanceof Number n)) throw invalidType("logit_bias." + token, "a number", e.getValue());
            if (n.doubleValue() < -100 || n.doubleValue() > 100)
                throw LlmError.badRequest("Invalid 'logit_bias." + token + "': the bias must be between -100 and 100, but got " + n + " instead.",
                        "logit_bias." + token, "invalid_value");
        }
    }

    private static boolean isTokenId(String s) {
        if (s.isEmpty() || s.length() > 10) return false;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        return true;
    }

    /** A list of {type: function, function: {name, ...}} (or OpenAI's custom tools, {type: custom, custom: {name, ...}}). */
    private static void checkTools(Object value) {
        if (!(value instanceof List<?> tools)) throw invalidType("tools", "an array", value);
        for (int i = 0; i < tools.size(); i++) {
            if (!(tools.get(i) instanceof Map<?, ?> tool)) throw invalidType("tools[" + i + "]", "an object", tools.get(i));
            Object type = tool.get("type");
            if (type == null) throw missing("tools[" + i + "].type");
            if (!"function".equals(type) && !"custom".equals(type))
                throw invalidValue("tools[" + i + "].type", type, "'function' and 'custom'");
            String kind = (String) type;
            Object function = tool.get(kind);
            if (function == null) throw missing("tools[" + i + "]." + kind);
            if (!(function instanceof Map<?, ?> f)) throw invalidType("tools[" + i + "]." + kind, "an object", function);
            checkName(f.get("name"), i, kind);
            Object parameters = f.get("parameters");
            if (parameters != null && !(parameters instanceof Map<?, ?>))
                throw invalidType("tools[" + i + "]." + kind + ".parameters", "an object", parameters);
        }
    }

    /** OpenAI's ^[a-zA-Z0-9_-]{1,64}$, without a regex. */
    private static void checkName(Object name, int i, String kind) {
        if (name == null) throw missing("tools[" + i + "]." + kind + ".name");
        if (!(name instanceof String s)) throw invalidType("tools[" + i + "]." + kind + ".name", "a string", name);
        String param = null;
        if (s.isEmpty()) param = "tools[" + i + "]." + kind + ".name";
        for (int k = 0; k < s.length() && param == null; k++) {
            char c = s.charAt(k);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
                param = "tools[" + i + "]." + kind + ".name";
        }
        if (param != null)
            throw LlmError.badRequest("Invalid '" + param + "': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.",
                    param, "invalid_value");
        if (s.length() > MAX_NAME) {
            param = "tools[" + i + "]." + kind + ".name";
            throw LlmError.badRequest("Invalid '" + param + "': string too long. Expected a string with maximum length " + MAX_NAME
                    + ", but got a string with length " + s.length() + " instead.", param, "string_above_max_length");
        }
    }

    /** none, auto, required, or {type: function, function: {name}} (custom and allowed_tools, OpenAI's newer forms, too). */
    private static void checkToolChoice(Object value) {
        if (value instanceof String s) {
            if (!TOOL_CHOICES.contains(s)) throw invalidValue("tool_choice", s, "'none', 'auto', and 'required'");
            return;
        }
        if (!(value instanceof Map<?, ?> choice)) throw invalidType("tool_choice", "a string or an object", value);
        Object type = choice.get("type");
        if (type == null) throw missing("tool_choice.type");
        if ("allowed_tools".equals(type)) return;
        if (!"function".equals(type) && !"custom".equals(type))
            throw invalidValue("tool_choice.type", type, "'function', 'custom', and 'allowed_tools'");
        String kind = (String) type;
        Object function = choice.get(kind);
        if (function == null) throw missing("tool_choice." + kind);
        if (!(function instanceof Map<?, ?> f)) throw invalidType("tool_choice." + kind, "an object", function);
        if (f.get("name") == null) throw missing("tool_choice." + kind + ".name");
        if (!(f.get("name") instanceof String)) throw invalidType("tool_choice." + kind + ".name", "a string", f.get("name"));
    }

    /** {type: text | json_object | json_schema}, the last with json_schema.name. */
    /** Anthropic's (and LiteLLM's) {@code thinking}: {@code {"type": "enabled", "budget_tokens": 1024}}; scripts do sums with the budget. */
    private static void checkThinking(Object value) {
        if (!(value instanceof Map<?, ?> thinking)) throw invalidType("thinking", "an object", value);
        Object type = thinking.get("type");
        if (type != null && !(type instanceof String)) throw invalidType("thinking.type", "a string", type);
        Object budget = thinking.get("budget_tokens");
        if (budget != null) integer("thinking.budget_tokens", budget, 0, Long.MAX_VALUE);
    }

    private static void checkResponseFormat(Object value) {
        if (!(value instanceof Map<?, ?> format)) throw invalidType("response_format", "an object", value);
        Object type = format.get("type");
        if (type == null) throw missing("response_format.type");
        if (!(type instanceof String t)) throw invalidType("response_format.type", "a string", type);
        if (!RESPONSE_FORMATS.contains(t)) throw invalidValue("response_format.type", t, "'text', 'json_object', and 'json_schema'");
        if (!t.equals("json_schema")) return;
        Object schema = format.get("json_schema");
        if (schema == null) throw missing("response_format.json_schema");
        if (!(schema instanceof Map<?, ?> s)) throw invalidType("response_format.json_schema", "an object", schema);
        if (s.get("name") == null) throw missing("response_format.json_schema.name");
        if (!(s.get("name") instanceof String)) throw invalidType("response_format.json_schema.name", "a string", s.get("name"));
    }

    /** OpenAI's 400 for a required field left out; {@code param} is its path, e.g. {@code input[0].role}. */
    public static LlmError missing(String param) {
        return LlmError.badRequest("Missing required parameter: '" + param + "'.", param, "missing_required_parameter");
    }

    /** OpenAI's 400 for a field of the wrong JSON type; {@code expected} reads "a string", "an object"... */
    public static LlmError invalidType(String param, String expected, Object got) {
        return LlmError.badRequest("Invalid type for '" + param + "': expected " + expected + ", but got " + typeOf(got) + " instead.",
                param, "invalid_type");
    }

    /** OpenAI's 400 for a value outside the ones supported, which {@code supported} lists: "'a', 'b', and 'c'". */
    public static LlmError invalidValue(String param, Object got, String supported) {
        return LlmError.badRequest("Invalid value: '" + got + "'. Supported values are: " + supported + ".", param, "invalid_value");
    }

    private static String typeOf(Object value) {
        if (value == null) return "null";
        if (value instanceof String) return "a string";
        if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) return "an integer";
        if (value instanceof Number) return "a decimal";
        if (value instanceof Boolean) return "a boolean";
        if (value instanceof List<?>) return "an array";
        if (value instanceof Map<?, ?>) return "an object";
        return value.getClass().getSimpleName();
    }

    private static String plain(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    static String describe(Object value) {
        if (value == null) return "null";
        if (value instanceof String s) return "the string \"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
        if (value instanceof List<?>) return "an array";
        if (value instanceof Map<?, ?>) return "an object";
        if (value instanceof Boolean) return "a boolean";
        if (value instanceof Number) return "the number " + value;
        return value.getClass().getSimpleName();
    }
}
