package litellm.e2e.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import litellm.testing.Chromium;
import litellm.testing.FakeUpstream;
import litellm.testing.Launched;
import litellm.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The eval's report.html opened as a user opens it, from the disk in a real browser (headless chromium), with
 * nothing served: its charts are drawn, its table of disagreements is browsable, it logs no error and asks the
 * network for nothing.
 */
class EvalReportTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theReportDrawsItsChartsAndItsTableOfDisagreementsOfflineWithoutAnError() throws Exception {
        Tools.assumeInstalled("chromium", "apt-get install chromium (Debian's package; .ci/run installs it)");
        Path out = dir.resolve("out");
        Map<String, String> answers = EvalScriptTest.answers("examples/eval/arithmetic.jsonl");
        try (var server = EvalScriptTest.server((model, user) -> {
            String right = answers.get(user);
            // "half" is right on the items whose answer is even: the models disagree on the others
            return model.equals("good") || right.matches("-?\\d*[02468]") ? "The answer is " + right : "It is 5";
        })) {
            var run = Launched.jbang(Map.of("XDG_CACHE_HOME", dir.resolve("cache").toString()), "scripts/eval.java", "--models", "good,half,offline/echo",
                    "--data", "examples/eval/arithmetic.jsonl", "--scorer", "numeric", "--scorer", "regex:answer", "--out", out.toString(), "--no-cache",
                    "--base-url", server.baseUrl() + "/v1");
            assertEquals(0, run.exitCode(), run.toString());
        }
        String html = Files.readString(out.resolve("report.html"));
        // nothing that loads: no src or href, no CSS url() or @import, no fetch; a URL in the text (the server evaluated) is only text
        for (String loads : List.of("src=", "href=", "url(", "@import", "<link", "fetch(", "XMLHttpRequest", "import("))
            assertFalse(html.contains(loads), "the report holds " + loads);

        try (Chromium browser = Chromium.start(dir.resolve("profile"))) {
            browser.open(out.resolve("report.html").toUri().toString());
            assertEquals(2, browser.evaluate("document.querySelectorAll('svg[data-chart=scores]').length").asInt(), "a chart per scorer");
            assertEquals(6, browser.evaluate("document.querySelectorAll('svg[data-chart=scores] rect.bar').length").asInt(), "a bar per model and scorer");
            assertEquals(3, browser.evaluate("document.querySelectorAll('svg[data-chart=latency-cost] circle.point').length").asInt());
            assertTrue(browser.evaluate("document.querySelector('svg[data-chart=scores]').getBBox().width").asDouble() > 100, "drawn, not empty");

            int disagreements = disagreements(out.resolve("results.jsonl"));
            assertTrue(disagreements > 0 && disagreements < 20, "some items, not all: " + disagreements);
            assertEquals(disagreements, rows(browser));
            assertEquals(disagreements + " of " + disagreements + " items shown (20 in all)", browser.evaluate("document.getElementById('count').textContent").asText());
            browser.evaluate("document.getElementById('all').click()");
            assertEquals(20, rows(browser));
            browser.evaluate("var s = document.getElementById('search'); s.value = '144 / 12'; s.dispatchEvent(new Event('input'))");
            assertEquals(1, rows(browser));
            assertTrue(browser.evaluate("document.querySelector('#items tbody tr').textContent").asText().contains("The answer is 12"));

            assertEquals(List.of(), browser.errors(), "no console error, exception or blocked request");
            List<Path> requested = browser.requests().stream().map(u -> Path.of(java.net.URI.create(u))).toList(); // a non-file URL throws here
            assertEquals(List.of(out.resolve("report.html")), requested, "the page itself, nothing else");
        }
    }

    static int rows(Chromium browser) {
        return browser.evaluate("document.querySelectorAll('#items tbody tr').length").asInt();
    }

    /** The items on which some scorer scores the models differently, from results.jsonl: what the report's table lists. */
    static int disagreements(Path results) throws Exception {
        Map<String, Map<String, Set<Double>>> scores = new HashMap<>(); // item -> scorer -> the models' scores
        for (String line : Files.readAllLines(results)) {
            JsonNode r = JSON.readTree(line);
            r.get("scores").fields().forEachRemaining(s -> scores.computeIfAbsent(r.get("id").asText(), k -> new HashMap<>())
                    .computeIfAbsent(s.getKey(), k -> new HashSet<>()).add(s.getValue().asDouble()));
        }
        return (int) scores.values().stream().filter(byScorer -> byScorer.values().stream().anyMatch(set -> set.size() > 1)).count();
    }
}
