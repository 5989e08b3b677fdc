package litellm.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads {@code tests/fixtures/<provider>/...}, wherever the tests are started from inside the repo. */
public final class Fixtures {
    private static final Path ROOT = findRoot();

    private Fixtures() {}

    public static String read(String relative) {
        try {
            return Files.readString(ROOT.resolve("tests/fixtures").resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository's root folder (the one with litellm.java). */
    public static Path repo() {
        return ROOT;
    }

    /** The README and the pages of docs/, README first, for the tests that check what they say. */
    public static List<Path> readmeAndDocs() {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(f -> f.toString().endsWith(".md")).sorted().forEach(pages::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pages;
    }

    private static Path findRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent())
            if (Files.isRegularFile(p.resolve("litellm.java")) && Files.isDirectory(p.resolve("tests/fixtures"))) return p;
        throw new IllegalStateException("run the tests from inside the litellm.java repository");
    }
}
