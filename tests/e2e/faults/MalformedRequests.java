package litellm.e2e.faults;

import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Generators of what a hostile or broken client sends, for {@link MalformedRequestsTest}: JSON text of any shape,
 * chat requests with each known parameter given values of every type and size, messages with unknown roles and
 * content parts, request lines, headers and chunked framing that no client library would write, raw junk.
 * Built on QuickTheories' randomness source, so that a failure shrinks towards its smallest case and its seed
 * reproduces it.
 */
final class MalformedRequests {
    private MalformedRequests() {}

    static final String VALID_CHAT = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    /** OpenAI's chat parameters and LiteLLM's own (proxy-only ones such as api_base among them). */
    static final List<String> PARAMETERS = List.of("model", "messages", "temperature", "top_p", "n", "stream", "stop", "max_tokens",
            "max_completion_tokens", "presence_penalty", "frequency_penalty", "logit_bias", "logprobs", "top_logprobs", "user", "tools",
            "tool_choice", "parallel_tool_calls", "response_format", "seed", "stream_options", "functions", "function_call",
            "reasoning_effort", "modalities", "audio", "metadata", "store", "service_tier", "prediction", "web_search_options", "thinking",
            "top_k", "timeout", "num_retries", "api_base", "api_key", "extra_headers", "drop_params", "caching", "tags", "mock_response",
            "a_parameter_nobody_knows");

    static final List<String> ROLES = List.of("system", "user", "assistant", "tool", "function", "developer", "bot", "", "USER", "model", "ipython");
    static final List<String> PART_TYPES = List.of("text", "image_url", "input_audio", "file", "refusal", "video", "", "TEXT", "tool_use", "thinking");

    static final List<String> NUMBERS = List.of("0", "-0", "1", "-1", "2", "0.5", "-0.5", "1.5", "100", "101", "-100", "-101", "128", "129",
            "2147483647", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
            "123456789012345678901234567890123456789", "1e308", "-1e308", "1e400", "-1e400", "1e-400", "3.4028235e38", "1.0000000000000002",
            "0.000000000000000000000000001", "4.9e-324");

    static final List<String> TEXTS = List.of("", "x", "hi", "user", "auto", "none", "required", "function", "json_object", "text",
            "\u0000", "\u0007\b\f", "é", "😀", "\u202e", "\ud800", "\\", "\"", "</s>", "<|im_end|>", "${jndi:ldap://x}", "{{7*7}}",
            "%s%n", "null", "true", "NaN", "Infinity", "-Infinity", "a".repeat(5000), "\n".repeat(100));

    // ---- building blocks

    static int between(RandomnessSource in, int min, int max) {
        return (int) in.next(Constraint.between(min, max));
    }

    static <T> T pick(RandomnessSource in, List<T> choices) {
        return choices.get(between(in, 0, choices.size() - 1));
    }

    /** A string JSON-quoted as a client's serializer writes it: quotes, backslashes, controls and lone surrogates escaped. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            if (pair) out.append(c).append(s.charAt(++i));
            else if (c == '"' || c == '\\') out.append('\\').append(c);
            else if (c < 0x20 || Character.isSurrogate(c)) out.append(String.format("\\u%04x", (int) c));
            else out.append(c);
        }
        return out.append('"').toString();
    }

    static String text(RandomnessSource in) {
        if (between(in, 0, 3) > 0) return pick(in, TEXTS);
        StringBuilder s = new StringBuilder();
        for (int i = between(in, 0, 20); i > 0; i--) {
            int c = between(in, 0x20, 0x2FFFF);
            s.appendCodePoint(c >= 0xD800 && c <= 0xDFFF ? '?' : c);
        }
        return s.toString();
    }

    /** JSON text of any shape, nested up to {@code depth}. */
    static String json(RandomnessSource in, int depth) {
        return switch (between(in, 0, depth > 0 ? 7 : 4)) {
            case 0 -> "null";
            case 1 -> pick(in, List.of("true", "false"));
            case 2 -> between(in, 0, 2) == 0 ? String.valueOf(between(in, -1000, 100_000)) : pick(in, NUMBERS);
            case 3, 4 -> quote(text(in));
            case 5 -> array(in, depth - 1);
            default -> object(in, depth - 1);
        };
    }

    static String array(RandomnessSource in, int depth) {
        List<String> items = new ArrayList<>();
        for (int i = between(in, 0, 3); i > 0; i--) items.add(json(in, depth));
        return "[" + String.join(",", items) + "]";
    }

    static String object(RandomnessSource in, int depth) {
        List<String> fields = new ArrayList<>();
        for (int i = between(in, 0, 3); i > 0; i--) fields.add(quote(between(in, 0, 1) == 0 ? pick(in, PARAMETERS) : text(in)) + ":" + json(in, depth));
        return "{" + String.join(",", fields) + "}";
    }

    // ---- request bodies

    /** Any JSON value at all, or text that is almost JSON: as the body of a chat request. */
    static final Gen<String> ANY_BODY = in -> switch (between(in, 0, 4)) {
        case 0 -> json(in, 3);
        case 1 -> object(in, 3);
        case 2 -> VALID_CHAT.substring(0, between(in, 0, VALID_CHAT.length() - 1)); // cut short
        case 3 -> VALID_CHAT.replace(pick(in, List.of("{", "}", "\"", ":", ",", "[", "]")), pick(in, List.of("", " ", "'", "\\", "}{", "\u0000")));
        default -> text(in);
    };

    /** A chat request whose parameters, a few of them, take values of every type and size, some of them near misses. */
    static final Gen<String> CHAT_WITH_BAD_PARAMETERS = in -> {
        List<String> fields = new ArrayList<>(List.of("\"model\":\"m\"", "\"messages\":" + messages(in)));
        if (between(in, 0, 1) == 0) fields.add("\"stream\":true");
        for (int i = between(in, 1, 3); i > 0; i--) {
            String name = pick(in, PARAMETERS);
            fields.removeIf(f -> f.startsWith(quote(name) + ":"));
            fields.add(quote(name) + ":" + value(in, name));
        }
        return "{" + String.join(",", fields) + "}";
    };

    /** Messages of any role and content, with content parts of known and unknown types, tool calls of any shape. */
    static final Gen<String> CHAT_WITH_BAD_MESSAGES = in -> "{\"model\":\"m\"," + (between(in, 0, 1) == 0 ? "\"stream\":true," : "")
            + "\"messages\":" + (between(in, 0, 5) == 0 ? json(in, 2) : messages(in)) + "}";

    static String messages(RandomnessSource in) {
        List<String> messages = new ArrayList<>();
        for (int i = between(in, 1, 3); i > 0; i--) messages.add(message(in));
        return "[" + String.join(",", messages) + "]";
    }

    static String message(RandomnessSource in) {
        List<String> fields = new ArrayList<>();
        fields.add("\"role\":" + (between(in, 0, 6) == 0 ? json(in, 1) : quote(pick(in, ROLES))));
        fields.add("\"content\":" + switch (between(in, 0, 4)) {
            case 0 -> "null";
            case 1 -> json(in, 2);
            case 2, 3 -> parts(in);
            default -> quote(text(in));
        });
        if (between(in, 0, 3) == 0) fields.add("\"name\":" + json(in, 1));
        if (between(in, 0, 3) == 0) fields.add("\"tool_calls\":" + (between(in, 0, 1) == 0 ? json(in, 2)
                : "[{\"id\":" + json(in, 0) + ",\"type\":\"function\",\"function\":{\"name\":" + json(in, 0) + ",\"arguments\":" + json(in, 1) + "}}]"));
        if (between(in, 0, 4) == 0) fields.add("\"tool_call_id\":" + json(in, 1));
        if (between(in, 0, 6) == 0) fields.add("\"function_call\":" + json(in, 2));
        return "{" + String.join(",", fields) + "}";
    }

    static String parts(RandomnessSource in) {
        List<String> parts = new ArrayList<>();
        for (int i = between(in, 0, 3); i > 0; i--) {
            String type = pick(in, PART_TYPES);
            parts.add(switch (between(in, 0, 5)) {
                case 0 -> json(in, 2);
                case 1 -> "{\"type\":" + json(in, 0) + "}";
                default -> "{\"type\":" + quote(type) + "," + quote(type.isEmpty() ? "text" : type) + ":" + partValue(in, type) + "}";
            });
        }
        return "[" + String.join(",", parts) + "]";
    }

    private static String partValue(RandomnessSource in, String type) {
        return switch (between(in, 0, 2)) {
            case 0 -> json(in, 2);
            default -> switch (type) {
                case "image_url" -> "{\"url\":" + quote(pick(in, List.of("data:image/png;base64,xxx", "data:", "http://127.0.0.1:1/x.png", "file:///etc/passwd", "", "data:image/png;base64,"))) + ",\"detail\":" + json(in, 0) + "}";
                case "input_audio" -> "{\"data\":" + json(in, 0) + ",\"format\":" + json(in, 0) + "}";
                case "file" -> "{\"file_id\":" + json(in, 0) + ",\"file_data\":" + json(in, 0) + "}";
                default -> quote(text(in));
            };
        };
    }

    /** A value for {@code parameter}: of any type, or a near miss of its own shape. */
    static String value(RandomnessSource in, String parameter) {
        if (between(in, 0, 2) > 0) return json(in, 2);
        return switch (parameter) {
            case "tools", "functions" -> "[{\"type\":" + json(in, 0) + ",\"function\":{\"name\":" + json(in, 0) + ",\"parameters\":" + json(in, 2)
                    + ",\"description\":" + json(in, 0) + "}}]";
            case "tool_choice", "function_call" -> "{\"type\":\"function\",\"function\":{\"name\":" + json(in, 1) + "}}";
            case "response_format" -> "{\"type\":" + json(in, 0) + ",\"json_schema\":" + json(in, 2) + "}";
            case "stream_options" -> "{\"include_usage\":" + json(in, 0) + "}";
            case "logit_bias" -> "{" + quote(text(in)) + ":" + json(in, 0) + "}";
            case "stop" -> "[" + json(in, 0) + "," + json(in, 0) + "]";
            case "thinking" -> "{\"type\":" + json(in, 0) + ",\"budget_tokens\":" + json(in, 0) + "}";
            default -> pick(in, NUMBERS);
        };
    }

    // ---- the socket

    static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "CONNECT", "post", "FOO",
            "P\u00d6ST", "GET\tX", "", "POST POST");
    static final List<String> PATHS = List.of("/v1/chat/completions", "/chat/completions", "/v1/completions", "/v1/embeddings", "/v1/models",
            "/v1/models/m", "/health", "/", "", "*", "/v1/chat/completions?x=1&y", "/v1/chat/completions#frag", "/v1//chat/completions",
            "/v1/chat/completions/", "/V1/CHAT/COMPLETIONS", "/v1/engines/m/chat/completions", "/openai/deployments/m/chat/completions",
            "/v1/../etc/passwd", "/%2e%2e/%2e%2e/", "/v1/models/%00", "/%zz", "/v1/models/" + "a".repeat(3000), "http://evil.example/v1/models",
            "/v1/chat/completions;jsessionid=1", "/\u00e9", "/v1/\r/x");
    static final List<String> HEADERS = List.of("Content-Type: application/json", "Content-Type: text/plain", "Content-Type: application/json; charset=latin1",
            "Content-Type: multipart/form-data; boundary=x", "Content-Type: application/x-www-form-urlencoded", "Content-Type:", "Content-Type: \u00ff",
            "Accept: text/event-stream", "Accept: */*;q=x", "Accept-Encoding: gzip, br", "Authorization: Bearer", "Authorization: Basic !!!",
            "Authorization: Bearer " + "k".repeat(2000), "Expect: 100-continue", "Expect: nonsense", "Connection: upgrade", "Upgrade: h2c",
            "Upgrade: websocket", "Transfer-Encoding: identity", "X-Forwarded-For: 1.2.3.4, ::1", "Host: evil.example", "Host:", "Range: bytes=0-1",
            "Cookie: a=b", "X-Odd: \u0001\u0002", "X-Odd: " + "v".repeat(9000), "Content-Encoding: gzip", "Content-Encoding: br",
            "Origin: http://evil.example", "X-Empty:", " Leading-Space: x", "No-Colon", "Double:: colon");

    /** A request line and headers of odd but mostly well-formed parts, with a body of the length it claims. */
    static final Gen<String> ODD_REQUEST = in -> {
        String body = between(in, 0, 2) == 0 ? ANY_BODY.generate(in) : VALID_CHAT;
        StringBuilder r = new StringBuilder(pick(in, METHODS)).append(' ').append(pick(in, PATHS))
                .append(' ').append(pick(in, List.of("HTTP/1.1", "HTTP/1.1", "HTTP/1.0", "HTTP/1.2", "HTTP/0.9", "HTTP/2", "http/1.1", "")))
                .append("\r\nHost: 127.0.0.1\r\n");
        for (int i = between(in, 0, 4); i > 0; i--) r.append(pick(in, HEADERS)).append("\r\n");
        int length = body.getBytes(StandardCharsets.UTF_8).length;
        r.append(switch (between(in, 0, 5)) {
            case 0 -> "";
            case 1 -> "Content-Length: " + pick(in, List.of("-1", "0", "1", "abc", length + ", " + length, String.valueOf(length + 10), "99999999999999999999")) + "\r\n";
            default -> "Content-Length: " + length + "\r\n";
        });
        return r.append("Connection: close\r\n\r\n").append(body).toString();
    };

    /** A valid chat request cut at a random byte, its Content-Length claiming the whole. */
    static final Gen<String> CUT_SHORT = in -> {
        int cut = between(in, 0, VALID_CHAT.length() - 1);
        return head("Content-Length: " + VALID_CHAT.length()) + VALID_CHAT.substring(0, cut);
    };

    /**
     * A valid chat request in chunks, with one flaw from a list (some harmless: an extension, a trailer,
     * upper-case hex), so the proxy must tell a whole body from a broken one.
     */
    static final Gen<BadChunks> BAD_CHUNKS = in -> {
        List<String> chunks = new ArrayList<>();
        for (int at = 0; at < VALID_CHAT.length(); ) {
            int n = Math.min(VALID_CHAT.length() - at, between(in, 1, 20));
            chunks.add(VALID_CHAT.substring(at, at + n));
            at += n;
        }
        int which = between(in, 0, chunks.size() - 1);
        String flaw = pick(in, List.of("size too large", "size too small", "size not hex", "negative size", "huge size", "no CRLF after data",
                "no last chunk", "no final CRLF", "an extension", "a trailer", "upper-case hex", "a space before the size", "LF only"));
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < chunks.size(); i++) {
            String data = chunks.get(i);
            String size = Integer.toHexString(data.length());
            String end = "\r\n";
            if (i == which) {
                switch (flaw) {
                    case "size too large" -> size = Integer.toHexString(data.length() + 3);
                    case "size too small" -> size = Integer.toHexString(Math.max(0, data.length() - 1));
                    case "size not hex" -> size = "zz";
                    case "negative size" -> size = "-" + size;
                    case "huge size" -> size = "ffffffffffffffff";
                    case "no CRLF after data" -> end = "";
                    case "an extension" -> size = size + ";name=value";
                    case "upper-case hex" -> size = size.toUpperCase();
                    case "a space before the size" -> size = " " + size;
                    case "LF only" -> end = "\n";
                    default -> { }
                }
            }
            body.append(size).append("\r\n").append(data).append(end);
        }
        switch (flaw) {
            case "no last chunk" -> { }
            case "no final CRLF" -> body.append("0\r\n");
            case "a trailer" -> body.append("0\r\nX-Trailer: yes\r\n\r\n");
            default -> body.append("0\r\n\r\n");
        }
        return new BadChunks(flaw, head("Transfer-Encoding: chunked") + body);
    };

    record BadChunks(String flaw, String request) {
        @Override
        public String toString() {
            return flaw + ": " + request.replace("\r\n", "\\r\\n");
        }
    }

    /** Bytes of any value, or lines of printable junk: what a port scanner or a confused client sends. */
    static final Gen<byte[]> JUNK = in -> {
        if (between(in, 0, 1) == 0) {
            byte[] bytes = new byte[between(in, 1, 300)];
            for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) between(in, 0, 255);
            return bytes;
        }
        StringBuilder lines = new StringBuilder();
        for (int i = between(in, 1, 5); i > 0; i--) lines.append(text(in)).append(pick(in, List.of("\r\n", "\n", "\r", "")));
        return lines.append("\r\n\r\n").toString().getBytes(StandardCharsets.UTF_8);
    };

    private static String head(String framing) {
        return "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + framing + "\r\nConnection: close\r\n\r\n";
    }
}
