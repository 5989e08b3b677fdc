package litellm.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The figures of the results table and summary.json: per model, each scorer's mean with its 95 % interval, errors,
 * latency, tokens and cost; per pair of models and scorer, a paired comparison on the items both answered.
 * An item's score is the mean of its samples' ({@code --repeat}); a failed call has no score, and is counted in errors.
 */
public record Summary(List<String> scorers, List<ModelRow> models, List<Comparison> comparisons) {
    /** Below this p-value a difference is called significant. */
    public static final double ALPHA = 0.05;

    /**
     * @param items      the items with at least one answer
     * @param scores     each scorer's mean over the items it scored, with the interval; absent when it scored none
     * @param latencyP50 milliseconds, over the calls made (not cache hits); null when none was made
     * @param cost       USD; null when the model's price is unknown
     * @param topError   its most frequent error; null when no call failed
     * @param unscored   per scorer that could not score some replies (a judge that failed, a script that threw): how many, and why
     */
    public record ModelRow(String model, int items, int calls, int errors, int cached, Map<String, Stats.Interval> scores,
                           Map<String, Integer> scored, Double latencyP50, Double latencyP95, long tokensIn, long tokensOut, Double cost,
                           String topError, List<Unscored> unscored) {}

    /** Replies a scorer could not score: a score missing from the means, not a zero. */
    public record Unscored(String scorer, int replies, String example) {}

    /**
     * @param test   {@code mcnemar} (both pass/fail) or {@code paired-bootstrap}
     * @param onlyA  McNemar's: items A passed and B failed; null for a bootstrap
     * @param low    the difference's interval (bootstrap); null for McNemar
     */
    public record Comparison(String scorer, String a, String b, int n, String test, double meanA, double meanB, Integer onlyA, Integer onlyB,
                             Double low, Double high, double p) {
        public boolean significant() {
            return p < ALPHA;
        }
    }

    public static Summary of(List<Outcome> outcomes, List<String> models, List<String> scorers) {
        Map<String, Map<String, Map<String, Double>>> perItem = new LinkedHashMap<>(); // model -> scorer -> item -> mean of samples
        List<ModelRow> rows = new ArrayList<>();
        for (String model : models) {
            List<Outcome> mine = outcomes.stream().filter(o -> o.model().equals(model)).toList();
            Map<String, Map<String, Double>> byScorer = new LinkedHashMap<>();
            for (String scorer : scorers) byScorer.put(scorer, itemMeans(mine, scorer));
            perItem.put(model, byScorer);
            rows.add(row(model, mine, byScorer));
        }
        List<Comparison> comparisons = new ArrayList<>();
        for (String scorer : scorers)
            for (int i = 0; i < models.size(); i++)
                for (int j = i + 1; j < models.size(); j++) {
                    Comparison c = compare(scorer, models.get(i), models.get(j), perItem.get(models.get(i)).get(scorer), perItem.get(models.get(j)).get(scorer));
                    if (c != null) comparisons.add(c);
                }
        return new Summary(scorers, rows, comparisons);
    }

    private static Map<String, Double> itemMeans(List<Outcome> outcomes, String scorer) {
        Map<String, double[]> sums = new LinkedHashMap<>(); // item -> {sum, count}
        for (Outcome o : outcomes) {
            Double s = o.scores().get(scorer);
            if (s == null) continue;
            double[] sum = sums.computeIfAbsent(o.itemId(), k -> new double[2]);
            sum[0] += s;
            sum[1]++;
        }
        Map<String, Double> means = new LinkedHashMap<>();
        sums.forEach((item, sum) -> means.put(item, sum[0] / sum[1]));
        return means;
    }

    private static ModelRow row(String model, List<Outcome> outcomes, Map<String, Map<String, Double>> byScorer) {
        Map<String, Stats.Interval> scores = new LinkedHashMap<>();
        Map<String, Integer> scored = new LinkedHashMap<>();
        byScorer.forEach((scorer, items) -> {
            if (items.isEmpty()) return;
            scores.put(scorer, Stats.interval(items.values().stream().mapToDouble(Double::doubleValue).toArray()));
            scored.put(scorer, items.size());
        });
        List<Long> latencies = outcomes.stream().filter(o -> !o.failed() && !o.cached() && o.latencyMs() != null).map(Outcome::latencyMs).toList();
        List<Double> costs = outcomes.stream().map(Outcome::cost).filter(Objects::nonNull).toList();
        return new ModelRow(model, (int) outcomes.stream().filter(o -> !o.failed()).map(Outcome::itemId).distinct().count(), outcomes.size(),
                (int) outcomes.stream().filter(Outcome::failed).count(), (int) outcomes.stream().filter(Outcome::cached).count(), scores, scored,
                latencies.isEmpty() ? null : Stats.percentile(latencies, 0.5), latencies.isEmpty() ? null : Stats.percentile(latencies, 0.95),
                outcomes.stream().mapToLong(Outcome::tokensIn).sum(), outcomes.stream().mapToLong(Outcome::tokensOut).sum(),
                costs.isEmpty() ? null : costs.stream().mapToDouble(Double::doubleValue).sum(), topError(outcomes), unscored(outcomes, byScorer.keySet()));
    }

    private static List<Unscored> unscored(List<Outcome> outcomes, java.util.Collection<String> scorers) {
        List<Unscored> unscored = new ArrayList<>();
        for (String scorer : scorers) {
            List<Outcome> missing = outcomes.stream().filter(o -> !o.failed() && o.scores().containsKey(scorer) && o.scores().get(scorer) == null).toList();
            if (!missing.isEmpty()) unscored.add(new Unscored(scorer, missing.size(), missing.get(0).notes().get(scorer)));
        }
        return unscored;
    }

    private static String topError(List<Outcome> outcomes) {
        return outcomes.stream().filter(Outcome::failed).collect(Collectors.groupingBy(Outcome::error, LinkedHashMap::new, Collectors.counting()))
                .entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }

    private static Comparison compare(String scorer, String a, String b, Map<String, Double> scoresA, Map<String, Double> scoresB) {
        List<String> both = scoresA.keySet().stream().filter(scoresB::containsKey).toList();
        if (both.isEmpty()) return null;
        double[] va = both.stream().mapToDouble(scoresA::get).toArray(), vb = both.stream().mapToDouble(scoresB::get).toArray();
        if (Stats.isPassFail(va) && Stats.isPassFail(vb)) {
            int onlyA = 0, onlyB = 0;
            for (int i = 0; i < va.length; i++) {
                if (va[i] > vb[i]) onlyA++;
                if (vb[i] > va[i]) onlyB++;
            }
            return new Comparison(scorer, a, b, both.size(), "mcnemar", Stats.mean(va), Stats.mean(vb), onlyA, onlyB, null, null, Stats.mcnemar(onlyA, onlyB));
        }
        double[] differences = new double[va.length];
        for (int i = 0; i < va.length; i++) differences[i] = va[i] - vb[i];
        Stats.Difference d = Stats.pairedBootstrap(differences);
        return new Comparison(scorer, a, b, both.size(), "paired-bootstrap", Stats.mean(va), Stats.mean(vb), null, null, d.low(), d.high(), d.p());
    }

    /** The figures as summary.json has them. */
    public Map<String, Object> asMap() {
        List<Object> modelMaps = new ArrayList<>();
        for (ModelRow r : models) {
            Map<String, Object> scoreMaps = new LinkedHashMap<>();
            r.scores().forEach((scorer, i) -> scoreMaps.put(scorer, map("mean", i.mean(), "low", i.low(), "high", i.high(), "interval", i.method(),
                    "items", r.scored().get(scorer))));
            modelMaps.add(map("model", r.model(), "items", r.items(), "calls", r.calls(), "errors", r.errors(), "cached", r.cached(),
                    "scores", scoreMaps, "latency_p50_ms", r.latencyP50(), "latency_p95_ms", r.latencyP95(),
                    "tokens_in", r.tokensIn(), "tokens_out", r.tokensOut(), "cost_usd", r.cost(), "top_error", r.topError(),
                    "unscored", r.unscored().stream().map(u -> map("scorer", u.scorer(), "replies", u.replies(), "example", u.example())).toList()));
        }
        List<Object> comparisonMaps = new ArrayList<>();
        for (Comparison c : comparisons)
            comparisonMaps.add(map("scorer", c.scorer(), "a", c.a(), "b", c.b(), "items", c.n(), "test", c.test(), "mean_a", c.meanA(), "mean_b", c.meanB(),
                    "only_a", c.onlyA(), "only_b", c.onlyB(), "difference_low", c.low(), "difference_high", c.high(), "p_value", c.p(),
                    "significant", c.significant()));
        return map("scorers", scorers, "models", modelMaps, "comparisons", comparisonMaps);
    }

    /** A map of keys and values in order, nulls kept (Map.of refuses them). */
    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return map;
    }
}
