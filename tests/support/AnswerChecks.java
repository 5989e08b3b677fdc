package litellm.testing;

import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every answer of the proxy holds, whatever it was sent and whatever its upstream did. */
public final class AnswerChecks {
    /** A qualified Java name ({@code java.io.IOException}, {@code litellm.engine.Sender}) or an exception's simple name. */
    private static final Pattern JAVA_NAME = Pattern.compile(
            "\\b(?:java|javax|jakarta|sun|jdk|org|com|io|groovy|kotlin|litellm)\\.[a-z0-9_]+\\.[A-Za-z0-9_.$]*[A-Z]\\w*"
                    + "|\\b[A-Z][a-z]+(?:[A-Z][a-z0-9]*)*(?:Exception|Error)\\b");

    private AnswerChecks() {}

    /** No stack trace and no HTML page: for answers and for the proxy's log. */
    public static void assertNoStackTrace(String text) {
        assertFalse(text.contains("at litellm.") || text.contains("\tat ") || text.contains("Exception") || text.contains("<html")
                || text.contains("<h1>"), text);
    }

    /** A log with no stack trace and no ERROR: what went wrong was the client's or the upstream's, said in a line. */
    public static void assertNoErrorInLog(String log) {
        assertFalse(log.contains("\tat ") || log.contains("ERROR"), log);
    }

    /**
     * An answer's body: no stack trace and no Java name (what the proxy is made of is not the client's business).
     * An upstream's page may be quoted in a message: the answer is still JSON.
     */
    public static void assertNoInternals(String body) {
        assertFalse(body.contains("at litellm.") || body.contains("\tat "), () -> "a stack trace in: " + abbreviate(body));
        var m = JAVA_NAME.matcher(body);
        assertFalse(m.find(), () -> "a Java name (" + m.group() + ") in: " + abbreviate(body));
    }

    /** {@code {"error": {"message", "type", "param", "code"}}} with a message, and nothing else. */
    public static Map<String, Object> assertOpenAiError(String body) {
        Map<String, Object> json;
        try {
            json = Http.parse(body);
        } catch (AssertionError notJson) {
            throw new AssertionError("an error that is not JSON: " + abbreviate(body));
        }
        assertEquals(java.util.Set.of("error"), json.keySet(), () -> "not an OpenAI error body: " + abbreviate(body));
        Map<String, Object> error = new RawHttp.Answer(400, Map.of(), body).error();
        assertTrue(error.get("message") instanceof String m && !m.isBlank(), () -> "an error without a message: " + body);
        assertTrue(error.get("type") instanceof String, () -> "an error without a type: " + body);
        return error;
    }

    /**
     * A status the proxy may answer with on its own account: a success or a client error. A 5xx is the upstream's
     * (passed on, or 502/503/504 for one that failed), never the proxy's; a 500 with type internal_server_error is a bug.
     */
    public static void assertNotTheProxysFault(int status, String body) {
        assertTrue(status < 500, () -> "HTTP " + status + " for a request that no upstream failed: " + abbreviate(body));
    }

    public static String abbreviate(String s) {
        return s.length() <= 600 ? s : s.substring(0, 600) + "... (" + s.length() + " characters)";
    }
}
