package litellm.e2e.proxy;

import litellm.testing.Fixtures;
import litellm.testing.Launched;
import litellm.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ./jbang wrapper on a machine without JBang: JBang comes through Maven, and an old default JDK is passed over;
 * a warm start skips JBang while nothing it was built from changed.
 */
class WrapperTest {
    @TempDir
    Path dir;

    @Test
    void fetchesJBangThroughMavenAndSkipsAJdkOlderThan25() throws IOException {
        Tools.assumeInstalled("mvn", "Maven fetches JBang for ./jbang when JBang is not installed (apt-get install maven; .ci/run does)");
        Tools.assumeNotInstalled("jbang", "an installed jbang is on the PATH, and ./jbang then uses it instead of fetching its own");
        Path oldJdk = fakeJdk(dir.resolve("old-jdk"), 21);
        var run = Launched.jbang(Map.of(
                "JBANG_WRAPPER_CACHE", dir.resolve("cache").toString(), // an empty cache: JBang must be fetched
                "JAVA_HOME", oldJdk.toString()), "litellm.java", "--version");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.err().contains("fetching dev.jbang:jbang-cli"), run.err());
        assertTrue(run.out().startsWith("litellm.java "), run.out());
        assertTrue(Files.readString(dir.resolve("cache").resolve(Files.list(dir.resolve("cache")).findFirst().orElseThrow().getFileName())
                .resolve("classpath.txt")).contains("jbang-cli"));
    }

    @Test
    void aWarmStartSkipsJBangUntilAFileOfTheFolderChanges() throws IOException {
        // the wrapper in a folder of its own, beside a script that prints which version of it runs
        Files.copy(Fixtures.repo().resolve("jbang"), dir.resolve("jbang"), StandardCopyOption.COPY_ATTRIBUTES);
        Path script = dir.resolve("hello.java");
        Files.writeString(script, program("one"));
        // every JVM says "Picked up JAVA_TOOL_OPTIONS" on its standard error: JBang's (and javac's when it builds), the script's
        Map<String, String> env = Map.of("JAVA_TOOL_OPTIONS", "-Dwrapper.test=on");

        assertRuns(env, "one", "hello.java");
        assertEquals(1, jvms(assertRuns(env, "one a 'b c'", "hello.java", "a", "'b c'")), "JBang's answer was used again, with other arguments");
        assertTrue(jvms(assertRuns(env, "one", "--java-options=-Dx=1", "hello.java")) > 1, "other JVM options: JBang asked once...");
        assertEquals(1, jvms(assertRuns(env, "one", "--java-options=-Dx=1", "hello.java")), "...and its answer used again");

        Files.writeString(script, program("two")); // as long as before: its time tells the change
        var edited = assertRuns(env, "two", "hello.java");
        assertTrue(jvms(edited) > 1, "JBang built the edited script: " + edited);
        assertEquals(1, jvms(assertRuns(env, "two", "hello.java")));
        Files.writeString(dir.resolve("notes.txt"), "any new file of the folder");
        assertTrue(jvms(assertRuns(env, "two", "hello.java")) > 1, "JBang asked again");
        assertTrue(jvms(assertRuns(Map.of("JAVA_TOOL_OPTIONS", "-Dwrapper.test=on", "JBANG_WRAPPER_LAUNCH_CACHE", "off"), "two", "hello.java")) > 1,
                "JBANG_WRAPPER_LAUNCH_CACHE=off asks JBang");
    }

    private static String program(String version) {
        return "///usr/bin/env jbang \"$0\" \"$@\" ; exit $?\n"
                + "class hello { public static void main(String... args) { System.out.println(\"" + version + " \" + String.join(\" \", args)); } }\n";
    }

    private Launched assertRuns(Map<String, String> env, String expected, String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "./jbang";
        System.arraycopy(args, 0, command, 1, args.length);
        var run = Launched.in(dir, env, command);
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(expected, run.out().strip(), run.toString());
        return run;
    }

    private static long jvms(Launched run) {
        return run.err().lines().filter(l -> l.startsWith("Picked up JAVA_TOOL_OPTIONS")).count();
    }

    /** A JAVA_HOME whose java says it is version {@code major}. */
    private static Path fakeJdk(Path home, int major) throws IOException {
        Files.createDirectories(home.resolve("bin"));
        for (String tool : new String[]{"java", "javac"}) {
            Path bin = home.resolve("bin").resolve(tool);
            Files.writeString(bin, "#!/bin/sh\necho '    java.specification.version = " + major + "' >&2\nexit 1\n");
            Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return home;
    }
}
