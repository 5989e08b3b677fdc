package litellm.provider;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The number of providers the README, --help and the JBang catalog state is the number the code serves. */
class ProviderCountTest {
    private static final Pattern STATED = Pattern.compile("the models of (\\d+) providers");

    @Test
    void everyStatedCountIsTheNumberOfProvidersServed() throws IOException {
        long scripts;
        try (Stream<Path> files = Files.list(Path.of("providers"))) {
            scripts = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".groovy") && !n.equals("offline.groovy")).count();
        }
        int served = (int) scripts + CompatibleProviders.builtIn().names().size();
        for (String file : new String[]{"README.md", "src/litellm/cli/ProxyCommand.java", "jbang-catalog.json"}) {
            Matcher m = STATED.matcher(Files.readString(Path.of(file)));
            assertTrue(m.find(), file + " states no count of providers");
            assertEquals(served, Integer.parseInt(m.group(1)), file + " states a count the code does not serve");
        }
    }
}
