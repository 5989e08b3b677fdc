package litellm.docs;

import litellm.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every relative link of the README and docs/ leads somewhere: the file exists, and the #anchor is one of its headings. */
class DocLinksTest {
    private static final Path REPO = Fixtures.repo();
    private static final Pattern FENCE = Pattern.compile("^```.*?^```", Pattern.DOTALL | Pattern.MULTILINE);
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6} (.+)$", Pattern.MULTILINE);

    @Test
    void everyRelativeLinkResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path page : Fixtures.readmeAndDocs()) {
            Matcher m = LINK.matcher(prose(page));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("[a-z]+:.*")) continue; // https:, mailto:
                links++;
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                Path to = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                if (!Files.exists(to)) broken.add(REPO.relativize(page) + ": " + target + " (no such file)");
                else if (target.contains("#") && to.toString().endsWith(".md") && !anchors(to).contains(target.substring(target.indexOf('#') + 1)))
                    broken.add(REPO.relativize(page) + ": " + target + " (no such heading)");
            }
        }
        assertTrue(links > 20, "links found: " + links);
        assertEquals(List.of(), broken);
    }

    @Test
    void anchorsAreGitHubs() {
        assertEquals("configyaml", slug("config.yaml"));
        assertEquals("anthropics-api-and-coding-agents", slug("Anthropic's API and coding agents"));
        assertEquals("under-faults---chaos", slug("Under faults: --chaos"));
        assertEquals("callbacks-langfuse-prometheus-opentelemetry-scripts", slug("Callbacks: Langfuse, Prometheus, OpenTelemetry, scripts"));
    }

    /** A page without its fenced code blocks, whose brackets are not links. */
    private static String prose(Path page) throws IOException {
        return FENCE.matcher(Files.readString(page)).replaceAll("");
    }

    /** The anchors GitHub gives a page's headings; a repeated heading gets -1, -2... */
    private static Set<String> anchors(Path page) throws IOException {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        Matcher m = HEADING.matcher(prose(page));
        while (m.find()) {
            String slug = slug(m.group(1));
            int n = seen.merge(slug, 1, Integer::sum) - 1;
            anchors.add(n == 0 ? slug : slug + "-" + n);
        }
        return anchors;
    }

    /** GitHub's heading anchor: the text without markup, lower case, punctuation dropped, spaces as hyphens. */
    static String slug(String heading) {
        String text = heading.strip().replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replace("`", "");
        return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}\\- _]", "").replace(' ', '-');
    }
}
