package litellm.cli;

import litellm.script.UserFolders;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The start's account of the user's script folders in use, so that a user sees at once which folder a start read
 * and which built-in scripts their own files replace:
 * {@code providers: ~/.litellm/providers (overrides openai; adds mine)}, {@code templates: ~/.litellm/templates (missing)}.
 * Read once at start, never on a request.
 */
public final class ScriptFolders {
    private ScriptFolders() {}

    /** One line per folder. */
    public static List<String> describe(Path providers, Path templates, Path callbacks) {
        Path home = UserFolders.home(System::getenv).toAbsolutePath().normalize();
        return List.of(
                "providers: " + shown(providers, home) + " (" + contents(providers, "providers") + ")",
                "templates: " + shown(templates, home) + " (" + contents(templates, "templates") + ")",
                "callbacks: " + shown(callbacks, home) + " (" + contents(callbacks, null) + ")");
    }

    /**
     * @param builtInKind the classpath folder of the built-in scripts of this kind, or null when there are none
     */
    private static String contents(Path folder, String builtInKind) {
        if (folder == null || !Files.isDirectory(folder)) return "missing";
        List<String> overrides = new ArrayList<>();
        List<String> added = new ArrayList<>();
        for (String name : scriptNames(folder)) {
            boolean builtIn = builtInKind != null && ScriptFolders.class.getResource("/" + builtInKind + "/" + name + ".groovy") != null;
            (builtIn ? overrides : added).add(name);
        }
        if (overrides.isEmpty() && added.isEmpty()) return "no scripts";
        if (builtInKind == null) return "scripts: " + String.join(", ", added);
        List<String> parts = new ArrayList<>();
        parts.add(overrides.isEmpty() ? "overrides no built-in script" : "overrides " + String.join(", ", overrides));
        if (!added.isEmpty()) parts.add("adds " + String.join(", ", added));
        return String.join("; ", parts);
    }

    private static List<String> scriptNames(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".groovy"))
                    .map(n -> n.substring(0, n.length() - ".groovy".length())).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** ~/.litellm/providers rather than the whole path, when under the home folder. */
    private static String shown(Path folder, Path home) {
        if (folder == null) return "(none)";
        Path absolute = folder.toAbsolutePath().normalize();
        return absolute.startsWith(home) && !absolute.equals(home) ? "~/" + home.relativize(absolute) : absolute.toString();
    }
}
