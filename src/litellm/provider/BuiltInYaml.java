package litellm.provider;

import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads a YAML data file packed with litellm.java ({@code providers/*.yaml}). */
final class BuiltInYaml {
    private BuiltInYaml() {}

    static <T> T load(String resource) {
        try (InputStream in = BuiltInYaml.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException(resource + " is not on the class path");
            return new Yaml().load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
