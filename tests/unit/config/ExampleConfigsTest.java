package litellm.config;

import litellm.provider.ProviderScripts;
import litellm.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The configs users copy (examples/, deploy/, the yaml of the README and docs/) load as written: no key misspelt, no value of the wrong type. */
class ExampleConfigsTest {
    private static final Path REPO = Fixtures.repo();
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL);
    /** A config snippet that shows one section gets a model to load with. */
    private static final String ONE_MODEL = "model_list:\n  - model_name: m\n    litellm_params: {model: offline/echo}\n";

    @Test
    void everyConfigFileUsersCopyLoads() throws IOException {
        List<Path> files = new ArrayList<>(List.of(REPO.resolve("deploy/config.yaml")));
        try (Stream<Path> examples = Files.list(REPO.resolve("examples"))) {
            examples.filter(f -> f.toString().endsWith(".yaml")).sorted().forEach(files::add);
        }
        assertTrue(files.size() >= 4, files.toString());
        List<String> failures = new ArrayList<>();
        for (Path file : files) load(REPO.relativize(file).toString(), Files.readString(file), failures);
        assertEquals(List.of(), failures);
    }

    @Test
    void everyYamlSnippetOfTheReadmeAndDocsLoads() throws IOException {
        List<String> failures = new ArrayList<>();
        int snippets = 0;
        for (Path page : Fixtures.readmeAndDocs()) {
            Matcher m = YAML_BLOCK.matcher(Files.readString(page));
            for (int n = 1; m.find(); n++, snippets++) {
                String yaml = m.group(1);
                load(REPO.relativize(page) + " yaml block " + n, yaml.contains("model_list:") ? yaml : ONE_MODEL + yaml, failures);
            }
        }
        assertTrue(snippets >= 5, "yaml snippets found: " + snippets);
        assertEquals(List.of(), failures);
    }

    private static void load(String name, String yaml, List<String> failures) {
        try {
            ConfigFile.parse(name, yaml, new ProviderScripts(null)::exists, referencedIn(yaml));
        } catch (ConfigError e) {
            failures.add(e.getMessage());
        }
    }

    /** A fresh machine's environment with what the config's os.environ/ references name set, as its comments ask. */
    private static Function<String, String> referencedIn(String yaml) {
        return name -> !yaml.contains("os.environ/" + name) ? null : name.endsWith("_PORT") ? "6379" : "value-of-" + name;
    }
}
