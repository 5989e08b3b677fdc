package litellm.e2e.proxy;

import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Launched;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static litellm.testing.FakeUpstream.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The README's JShell route as a user takes it: the command the README gives ({@code ./jbang --interactive litellm.java}),
 * run through ./jbang in its own process with the user's lines piped in. The README's Java snippets are typed into it
 * in order, as written: none may fail to compile or throw.
 */
class ReadmeJShellTest {
    /** The local server the README's snippet names, {@code http://localhost:8001/v1}. */
    static final int README_SERVER_PORT = 8001;

    @Test
    void theReadmesJShellOpensWithTheJavaApi() throws IOException {
        var shell = Launched.jbangWithInput(Map.of(), "import litellm.LiteLLM;\nLiteLLM.direct().chat(\"offline/echo\", \"hi\")\n/exit\n", jshellCommand());
        assertEquals(0, shell.exitCode(), shell.toString());
        assertNoJShellError(shell);
        assertTrue(shell.out().contains("You said: \\\"hi\\\""), shell.toString());
        assertFalse(shell.err().contains("default package"), "JBang's warning that JShell cannot see the main class: " + shell.err());
    }

    @Test
    void everyJavaSnippetOfTheReadmeRunsAsWritten() throws IOException {
        List<String> snippets = javaSnippets();
        assertTrue(snippets.size() >= 3, "the README's Java snippets: " + snippets);
        FakeUpstream local;
        try {
            local = FakeUpstream.startOn(README_SERVER_PORT);
        } catch (IOException e) {
            assumeTrue(false, "port " + README_SERVER_PORT + ", which the README's snippet names, is taken here: " + e);
            return;
        }
        try (local) {
            local.on("/v1/chat/completions", json(200, Fixtures.read("openai/chat/response.json")));
            var shell = Launched.jbangWithInput(Map.of(), String.join("\n", snippets) + "\n/exit\n", jshellCommand());
            assertEquals(0, shell.exitCode(), shell.toString());
            assertNoJShellError(shell);
            assertTrue(shell.out().contains("You said: \\\"write a short poem\\\""), shell.toString());
            assertEquals("Bearer sk-local", local.last().headers().get("authorization"), "the call's own api_key went to the server it named");
            assertTrue(shell.out().contains("chat.completion.chunk"), "the stream's chunks were printed: " + shell.out());
            assertTrue(shell.out().contains("[offline, gpt-3.5-turbo, zephyr-beta"), "the config's model names: " + shell.out());
        }
    }

    static String readme() throws IOException {
        return Files.readString(Fixtures.repo().resolve("README.md"));
    }

    /** The JShell command the README gives, as ./jbang's arguments. */
    static String[] jshellCommand() throws IOException {
        Matcher m = Pattern.compile("`\\./jbang (--interactive [^`]+)`").matcher(readme());
        assertTrue(m.find(), "the README gives no `./jbang --interactive ...` command");
        return m.group(1).split(" ");
    }

    static List<String> javaSnippets() throws IOException {
        List<String> snippets = new ArrayList<>();
        Matcher m = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(readme());
        while (m.find()) snippets.add(m.group(1));
        return snippets;
    }

    /** JShell reports a snippet that does not compile as "|  Error:", one that throws as "|  Exception ...". */
    static void assertNoJShellError(Launched shell) {
        for (String failure : List.of("|  Error", "|  Exception", "|  attempted to"))
            assertFalse(shell.out().contains(failure) || shell.err().contains(failure), failure + " in:\n" + shell);
    }
}
