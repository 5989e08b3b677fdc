package litellm.e2e.proxy;

import litellm.testing.Launched;
import litellm.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ./jbang wrapper on a machine without JBang: JBang comes through Maven, and an old default JDK is passed over. */
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
