package litellm.cli;

import litellm.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * src/Sources.java names every file the library (src/Library.java, which litellm.java depends on) compiles or packs, one a line, because JBang expands no pattern in a
 * script it fetched by URL ({@code jbang litellm@<org>}). A file added under src/litellm/, providers/ or templates/ and
 * not listed would be missing from that route only; {@code ./jbang tools/sources.java} writes the list again.
 */
class SourcesListTest {
    static final Path REPO = Fixtures.repo();
    static final Path LIST = REPO.resolve("src/Sources.java");
    static final String FIX = "; run ./jbang tools/sources.java";

    /** What the list must name: the core's sources, the provider scripts and data, the family templates. */
    static TreeSet<Path> expected() throws IOException {
        var files = new TreeSet<Path>();
        try (Stream<Path> s = Files.walk(REPO.resolve("src/litellm"))) {
            s.filter(f -> f.toString().endsWith(".java")).forEach(f -> files.add(f.normalize()));
        }
        for (String[] glob : new String[][] {{"providers", "*.{groovy,yaml}"}, {"templates", "*.groovy"}})
            try (var s = Files.newDirectoryStream(REPO.resolve(glob[0]), glob[1])) {
                s.forEach(f -> files.add(f.normalize()));
            }
        return files;
    }

    /** The {@code //SOURCES} and {@code //FILES} lines of {@code script}, without the directive. */
    static List<String> directives(Path script) throws IOException {
        var found = new ArrayList<String>();
        for (String line : Files.readAllLines(script))
            if (line.startsWith("//SOURCES ") || line.startsWith("//FILES ")) found.add(line.substring(line.indexOf(' ') + 1).trim());
        return found;
    }

    /** A listed file, resolved as JBang resolves it: relative to the file that names it; a {@code //FILES} entry's source is after '='. */
    static Path listed(Path script, String entry) {
        return script.getParent().resolve(entry.substring(entry.indexOf('=') + 1)).normalize();
    }

    @Test
    void theListNamesEveryFileAndOnlyFilesThatExist() throws IOException {
        var named = new TreeSet<Path>();
        for (String entry : directives(LIST)) {
            Path file = listed(LIST, entry);
            assertTrue(Files.isRegularFile(file), "src/Sources.java names " + entry + ", which does not exist" + FIX);
            assertTrue(named.add(file), "src/Sources.java names " + entry + " twice" + FIX);
            if (entry.contains("=")) {
                String folder = REPO.relativize(file.getParent()).toString().replace('\\', '/');
                assertEquals(folder + "/", entry.substring(0, entry.indexOf('=')), "packed outside its folder: " + entry + FIX);
            }
        }
        var missing = new TreeSet<>(expected());
        missing.removeAll(named);
        assertTrue(missing.isEmpty(), "src/Sources.java does not name " + missing.stream().map(REPO::relativize).toList() + FIX);
        var extra = new TreeSet<>(named);
        extra.removeAll(expected());
        assertTrue(extra.isEmpty(), "src/Sources.java names files outside src/litellm/, providers/ and templates/: " + extra + FIX);
    }

    /**
     * litellm.java depends on the library, which sources the list; a pattern in either would be skipped, with only a
     * warning, when litellm.java is run by URL.
     */
    @Test
    void theLibrarySourcesTheListAndNoPattern() throws IOException {
        Path entry = REPO.resolve("litellm.java"), library = REPO.resolve("src/Library.java");
        assertTrue(Files.readAllLines(entry).contains("//DEPS src/Library.java"), "litellm.java no longer has //DEPS src/Library.java");
        var entries = new ArrayList<>(directives(library));
        assertTrue(entries.contains("Sources.java"), "src/Library.java no longer has //SOURCES Sources.java");
        entries.addAll(directives(entry));
        entries.addAll(directives(LIST));
        for (String named : entries)
            assertTrue(!named.contains("*") && !named.contains("?"), "a pattern, which JBang ignores in a script run by URL: " + named);
        for (Path script : List.of(entry, library))
            for (String named : directives(script))
                assertTrue(Files.isRegularFile(listed(script, named)), script.getFileName() + " names " + named + ", which does not exist");
    }
}
