package litellm.anthropic;

import litellm.error.LlmError;
import litellm.json.Json;
import litellm.openai.OpenAiObjects;
import litellm.provider.ReasoningEffort;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An Anthropic Messages request as an OpenAI chat request, for a model that is not Anthropic's (as LiteLLM's
 * Anthropic adapter maps it): system (and system turns) → system messages; user turns' tool_result blocks → tool
 * messages; assistant turns' tool_use blocks → tool_calls, thinking blocks → thinking_blocks; images and documents →
 * image_url and file parts; tools → function tools; tool_choice any → required; stop_sequences → stop;
 * metadata.user_id → user (when it fits OpenAI's 64 characters); thinking → thinking for providers that take it, else reasoning_effort. The other
 * parameters (temperature, top_p, top_k) go on as they are, checked against the provider's as a chat request's are.
 * Anthropic's own features (server tools, citations, search results) have no chat form: a 400 names them.
 */
public final class MessagesToChat {
    /** OpenAI's longest tool name; longer ones are cut to a prefix and a hash of the whole, as LiteLLM does. */
    private static final int MAX_TOOL_NAME = 64, HASH_CHARS = 8;
    private static final Map<String, String> TOOL_CHOICES = Map.of("auto", "auto", "any", "required", "none", "none");
    /**
     * OpenAI's longest {@code user}: a longer metadata.user_id (Claude Code's, about 150 characters) would fail the
     * request, so it is left out; it only names the end user for abuse checks.
     */
    private static final int MAX_USER = 64;

    private MessagesToChat() {}

    /** @param params the OpenAI parameters the deployment's provider takes; empty: all of them */
    @SuppressWarnings("unchecked")
    public static ViaChat translate(Map<String, Object> request, Set<String> params) {
        Map<String, String> toolNames = new LinkedHashMap<>();
        Map<String, Object> chat = new LinkedHashMap<>();
        chat.put("model", request.get("model"));
        List<Object> messages = new ArrayList<>();
        String system = system(request.get("system"));
        if (system != null) messages.add(OpenAiObjects.message("system", system));
        List<?> turns = (List<?>) request.get("messages");
        for (int i = 0; i < turns.size(); i++) turn(messages, (Map<String, Object>) turns.get(i), "messages." + i, toolNames);
        chat.put("messages", messages);
        copy(request, "max_tokens", chat, "max_tokens");
        copy(request, "temperature", chat, "temperature");
        copy(request, "top_p", chat, "top_p");
        copy(request, "top_k", chat, "top_k");
        copy(request, "stop_sequences", chat, "stop");
        copy(request, "drop_params", chat, "drop_params");
        if (request.get("metadata") instanceof Map<?, ?> m && m.get("user_id") instanceof String user && user.length() <= MAX_USER)
            chat.put("user", user);
        if (Boolean.TRUE.equals(request.get("stream"))) {
            chat.put("stream", true);
            chat.put("stream_options", Map.of("include_usage", true)); // the usage the closing message_delta carries
        }
        if (request.get("tools") instanceof List<?> tools && !tools.isEmpty()) chat.put("tools", tools((List<Map<String, Object>>) tools, toolNames));
        if (request.get("tool_choice") instanceof Map<?, ?> choice) toolChoice((Map<String, Object>) choice, chat, toolNames);
        if (request.get("thinking") instanceof Map<?, ?> thinking) thinking((Map<String, Object>) thinking, chat, params);
        List<String> stops = request.get("stop_sequences") instanceof List<?> l ? (List<String>) l : List.of();
        return new ViaChat(chat, toolNames, stops, (String) request.get("model"));
    }

    private static boolean takes(Set<String> params, String param) {
        return params.isEmpty() || params.contains(param);
    }

    private static void copy(Map<String, Object> from, String key, Map<String, Object> to, String as) {
        if (from.get(key) != null) to.put(as, from.get(key));
    }

    /** The system prompt: a string, or text blocks, joined. */
    private static String system(Object system) {
        if (system instanceof String s) return s.isEmpty() ? null : s;
        if (!(system instanceof List<?> blocks) || blocks.isEmpty()) return null;
        StringBuilder text = new StringBuilder();
        for (Object b : blocks) {
            if (!text.isEmpty()) text.append('\n');
            text.append(((Map<?, ?>) b).get("text"));
        }
        return text.toString();
    }

    @SuppressWarnings("unchecked")
    private static void turn(List<Object> messages, Map<String, Object> turn, String at, Map<String, String> toolNames) {
        Object content = turn.get("content");
        String role = (String) turn.get("role");
        if (content instanceof String text) {
            messages.add(OpenAiObjects.message(role, text));
            return;
        }
        List<Map<String, Object>> blocks = (List<Map<String, Object>>) content;
        switch (role) {
            case "user" -> userTurn(messages, blocks, at);
            case "assistant" -> assistantTurn(messages, blocks, at, toolNames);
            default -> messages.add(OpenAiObjects.message("system", system(blocks))); // a system turn within the conversation
        }
    }

    /** Tool results first, as tool messages (Anthropic puts them first in the turn); the rest as one user message. */
    private static void userTurn(List<Object> messages, List<Map<String, Object>> blocks, String at) {
        List<Object> parts = new ArrayList<>();
        for (int j = 0; j < blocks.size(); j++) {
            Map<String, Object> block = blocks.get(j);
            switch (String.valueOf(block.get("type"))) {
                case "text" -> parts.add(textPart(block.get("text")));
                case "image" -> parts.add(imagePart(block, at + ".content." + j));
                case "document" -> parts.add(documentPart(block, at + ".content." + j));
                case "tool_result" -> messages.add(toolMessage(block, parts, at + ".content." + j));
                default -> throw notForChat(block, at + ".content." + j);
            }
        }
        if (parts.isEmpty()) return;
        boolean oneText = parts.size() == 1 && "text".equals(((Map<?, ?>) parts.get(0)).get("type"));
        messages.add(OpenAiObjects.message("user", oneText ? ((Map<?, ?>) parts.get(0)).get("text") : parts));
    }

    /** A tool_result as a tool message: its text; its images go to the user message after it (a tool message takes none). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> toolMessage(Map<String, Object> block, List<Object> userParts, String at) {
        Object content = block.get("content");
        String text;
        if (content == null || content instanceof String) {
            text = content == null ? "" : (String) content;
        } else if (content instanceof List<?> items) {
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < items.size(); k++) {
                Map<String, Object> item = (Map<String, Object>) items.get(k);
                switch (String.valueOf(item.get("type"))) {
                    case "text" -> sb.append(sb.isEmpty() ? "" : "\n").append(item.get("text"));
                    case "image" -> userParts.add(imagePart(item, at + ".content." + k));
                    default -> throw notForChat(item, at + ".content." + k);
                }
            }
            text = sb.toString();
        } else {
            throw LlmError.badRequest(at + ".content: Input should be a valid string or a list of content blocks", at + ".content", "invalid_value");
        }
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", "tool");
        message.put("tool_call_id", block.get("tool_use_id"));
        message.put("content", text);
        return message;
    }

    /** Text as the content string, tool_use blocks as tool_calls, thinking blocks as thinking_blocks. */
    private static void assistantTurn(List<Object> messages, List<Map<String, Object>> blocks, String at, Map<String, String> toolNames) {
        StringBuilder text = new StringBuilder();
        List<Object> toolCalls = new ArrayList<>();
        List<Object> thinking = new ArrayList<>();
        for (int j = 0; j < blocks.size(); j++) {
            Map<String, Object> block = blocks.get(j);
            switch (String.valueOf(block.get("type"))) {
                case "text" -> text.append(block.get("text"));
                case "tool_use" -> toolCalls.add(toolCall(block, toolNames));
                case "thinking", "redacted_thinking" -> thinking.add(block);
                default -> throw notForChat(block, at + ".content." + j);
            }
        }
        Map<String, Object> message = OpenAiObjects.message("assistant", text.isEmpty() && !toolCalls.isEmpty() ? null : text.toString());
        if (!toolCalls.isEmpty()) message.put("tool_calls", toolCalls);
        if (!thinking.isEmpty()) message.put("thinking_blocks", thinking);
        messages.add(message);
    }

    private static Map<String, Object> toolCall(Map<String, Object> block, Map<String, String> toolNames) {
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", chatToolName(String.valueOf(block.get("name")), toolNames));
        function.put("arguments", Json.text(block.get("input") == null ? Map.of() : block.get("input")));
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("id", block.get("id"));
        call.put("type", "function");
        call.put("function", function);
        return call;
    }

    private static Map<String, Object> textPart(Object text) {
        Map<String, Object> part = new LinkedHashMap<>();
        part.put("type", "text");
        part.put("text", text);
        return part;
    }

    /** An image: base64 data becomes a data URL; a URL stays one. */
    private static Map<String, Object> imagePart(Map<String, Object> block, String at) {
        Map<?, ?> source = block.get("source") instanceof Map<?, ?> s ? s : Map.of();
        String url = switch (String.valueOf(source.get("type"))) {
            case "base64" -> "data:" + source.get("media_type") + ";base64," + source.get("data");
            case "url" -> String.valueOf(source.get("url"));
            default -> throw LlmError.badRequest(at + ".source: only base64 and url images can be sent to this model", at + ".source", "invalid_value");
        };
        return Map.of("type", "image_url", "image_url", Map.of("url", url));
    }

    /** A document: base64 data (a PDF) becomes OpenAI's file part; a plain-text document its text. */
    private static Map<String, Object> documentPart(Map<String, Object> block, String at) {
        Map<?, ?> source = block.get("source") instanceof Map<?, ?> s ? s : Map.of();
        return switch (String.valueOf(source.get("type"))) {
            case "base64" -> {
                Map<String, Object> file = new LinkedHashMap<>();
                if (block.get("title") != null) file.put("filename", block.get("title"));
                file.put("file_data", "data:" + source.get("media_type") + ";base64," + source.get("data"));
                yield Map.of("type", "file", "file", file);
            }
            case "text" -> textPart(source.get("data"));
            default -> throw LlmError.badRequest(at + ".source: only base64 and text documents can be sent to this model", at + ".source", "invalid_value");
        };
    }

    @SuppressWarnings("unchecked")
    private static List<Object> tools(List<Map<String, Object>> tools, Map<String, String> toolNames) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            Map<String, Object> tool = tools.get(i);
            if (tool.get("type") != null && !"custom".equals(tool.get("type")))
                throw LlmError.badRequest("tools." + i + ": '" + tool.get("type") + "' is one of Anthropic's own tools, which only Anthropic's models run",
                        "tools." + i, "invalid_value");
            Map<String, Object> function = new LinkedHashMap<>();
            function.put("name", chatToolName((String) tool.get("name"), toolNames));
            if (tool.get("description") != null) function.put("description", tool.get("description"));
            function.put("parameters", tool.get("input_schema"));
            out.add(Map.of("type", "function", "function", function));
        }
        return out;
    }

    private static void toolChoice(Map<String, Object> choice, Map<String, Object> chat, Map<String, String> toolNames) {
        String type = (String) choice.get("type");
        chat.put("tool_choice", type.equals("tool")
                ? Map.of("type", "function", "function", Map.of("name", chatToolName((String) choice.get("name"), toolNames)))
                : TOOL_CHOICES.get(type));
        if (Boolean.TRUE.equals(choice.get("disable_parallel_tool_use"))) chat.put("parallel_tool_calls", false);
    }

    /** Anthropic's thinking as it is for providers that take it (Claude elsewhere), else as the nearest reasoning_effort. */
    private static void thinking(Map<String, Object> thinking, Map<String, Object> chat, Set<String> params) {
        if (!params.isEmpty() && params.contains("thinking")) {
            chat.put("thinking", thinking);
            return;
        }
        if (!takes(params, "reasoning_effort")) return;
        switch (String.valueOf(thinking.get("type"))) {
            case "enabled" -> chat.put("reasoning_effort", ReasoningEffort.forBudget(((Number) thinking.get("budget_tokens")).longValue()));
            case "adaptive" -> chat.put("reasoning_effort", "medium");
            default -> { } // disabled
        }
    }

    /** A tool name OpenAI takes: a long one is cut to a prefix and a hash of the whole, and remembered to be turned back. */
    private static String chatToolName(String name, Map<String, String> toolNames) {
        if (name.length() <= MAX_TOOL_NAME) return name;
        String shortened = name.substring(0, MAX_TOOL_NAME - HASH_CHARS - 1) + "_" + sha256(name).substring(0, HASH_CHARS);
        toolNames.put(shortened, name);
        return shortened;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static LlmError notForChat(Map<String, Object> block, String at) {
        return LlmError.badRequest(at + ": '" + block.get("type") + "' blocks are Anthropic's own, which only Anthropic's models read",
                at, "invalid_value");
    }
}
