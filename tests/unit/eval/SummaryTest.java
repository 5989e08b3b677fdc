package litellm.eval;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The results table's figures from known outcomes: means and intervals, samples, errors, latency, cost, comparisons. */
class SummaryTest {
    static Outcome outcome(String model, String item, int sample, Double score, Long latency, boolean cached) {
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("numeric", score);
        Map<String, String> notes = score == null ? Map.of("numeric", "the script failed") : Map.of();
        return new Outcome(model, item, sample, "q" + item, "1", null, "q" + item, "reply", null, latency, 10, 5, 0.001, cached, scores, new HashMap<>(notes));
    }

    static Outcome failed(String model, String item) {
        return new Outcome(model, item, 0, "q", "1", null, "q", null, "502 down", 7L, 0, 0, null, false, Map.of(), Map.of());
    }

    @Test
    void meansIntervalsAndTheTableRow() {
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 10; i++) outcomes.add(outcome("a", "i" + i, 0, i < 8 ? 1.0 : 0.0, 100L + i, false));
        for (int i = 0; i < 10; i++) outcomes.add(outcome("b", "i" + i, 0, i < 2 ? 1.0 : 0.0, i == 0 ? null : 50L, i == 0));
        outcomes.add(failed("b", "i10"));
        Summary s = Summary.of(outcomes, List.of("a", "b"), List.of("numeric"));
        Summary.ModelRow a = s.models().get(0), b = s.models().get(1);
        assertEquals(Stats.wilson(8, 10), a.scores().get("numeric"));
        assertEquals(10, a.items());
        assertEquals(104, a.latencyP50()); // nearest rank of 100..109
        assertEquals(109, a.latencyP95());
        assertEquals(0.01, a.cost(), 1e-12);
        assertEquals(100, a.tokensIn());
        assertEquals(1, b.errors());
        assertEquals("502 down", b.topError());
        assertEquals(1, b.cached());
        assertEquals(50, b.latencyP50()); // the cached answer has no latency
        assertEquals(11, b.calls());

        Summary.Comparison c = s.comparisons().get(0);
        assertEquals("mcnemar", c.test());
        assertEquals(10, c.n()); // the item b could not answer is not paired
        assertEquals(6, c.onlyA());
        assertEquals(0, c.onlyB());
        assertEquals(2.0 / 64, c.p(), 1e-12);
        assertTrue(c.significant());

        String table = ResultsTable.of(s);
        assertTrue(table.contains("a      10     0.80 [0.49, 0.94]  0       104     109     100        50          0.01"), table);
        assertTrue(table.contains("b: 1 of 11 calls failed, e.g. 502 down"), table);
        assertTrue(table.contains("numeric: a 0.80 vs b 0.20 on 10 items: 6 right only for a, 0 only for b; McNemar p = 0.031: significant"), table);
    }

    @Test
    void samplesAreAveragedPerItemAndThenBootstrapped() {
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            outcomes.add(outcome("a", "i" + i, 0, 1.0, 10L, false));
            outcomes.add(outcome("a", "i" + i, 1, i % 2 == 0 ? 1.0 : 0.0, 10L, false)); // items at 1 or 0.5
        }
        Stats.Interval i = Summary.of(outcomes, List.of("a"), List.of("numeric")).models().get(0).scores().get("numeric");
        assertEquals("bootstrap", i.method());
        assertEquals(0.75, i.mean(), 1e-12);
        assertTrue(i.low() >= 0.5 && i.high() <= 1, i.toString());
    }

    @Test
    void aReplyAScorerCouldNotScoreIsLeftOutOfTheMeanAndSaidSo() {
        List<Outcome> outcomes = List.of(outcome("a", "1", 0, 1.0, 10L, false), outcome("a", "2", 0, null, 10L, false));
        Summary s = Summary.of(outcomes, List.of("a"), List.of("numeric"));
        assertEquals(1.0, s.models().get(0).scores().get("numeric").mean());
        assertEquals(List.of(new Summary.Unscored("numeric", 1, "the script failed")), s.models().get(0).unscored());
        assertTrue(ResultsTable.of(s).contains("a: numeric could not score 1 of its replies, e.g. the script failed"));
        assertNull(s.models().get(0).topError());
    }

    @Test
    void costsAreWrittenOutToThreeDigits() {
        assertEquals("0.0000135", ResultsTable.usd(1.35e-5));
        assertEquals("0.06", ResultsTable.usd(0.06));
        assertEquals("1230", ResultsTable.usd(1234.0));
        assertEquals("-", ResultsTable.usd(null));
    }
}
