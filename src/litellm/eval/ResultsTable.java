package litellm.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The summary as the text stdout shows: a row per model, then the paired comparisons. */
public final class ResultsTable {
    private ResultsTable() {}

    public static String of(Summary summary) {
        List<String> header = new ArrayList<>(List.of("model", "items"));
        summary.scorers().forEach(s -> header.add(s + " [95% CI]"));
        header.addAll(List.of("errors", "p50 ms", "p95 ms", "tokens in", "tokens out", "cost USD"));
        List<List<String>> rows = new ArrayList<>();
        rows.add(header);
        for (Summary.ModelRow r : summary.models()) {
            List<String> row = new ArrayList<>(List.of(r.model(), String.valueOf(r.items())));
            for (String scorer : summary.scorers()) {
                Stats.Interval i = r.scores().get(scorer);
                row.add(i == null ? "-" : number(i.mean()) + " [" + number(i.low()) + ", " + number(i.high()) + "]");
            }
            row.addAll(List.of(String.valueOf(r.errors()), millis(r.latencyP50()), millis(r.latencyP95()),
                    String.valueOf(r.tokensIn()), String.valueOf(r.tokensOut()), usd(r.cost())));
            rows.add(row);
        }
        StringBuilder out = new StringBuilder(table(rows));
        problems(summary).forEach(p -> out.append(p).append('\n'));
        int cached = summary.models().stream().mapToInt(Summary.ModelRow::cached).sum();
        if (cached > 0) out.append(cached).append(" answers came from the cache (latency is of the calls made; --no-cache asks again)\n");
        if (!summary.comparisons().isEmpty()) out.append("\nPaired comparisons (same items, p < ").append(Summary.ALPHA).append(" is significant):\n");
        for (Summary.Comparison c : summary.comparisons()) out.append("  ").append(comparison(c)).append('\n');
        return out.toString();
    }

    /** Each model's failed calls and unscored replies, a line each, with an example of why. */
    static List<String> problems(Summary summary) {
        List<String> lines = new ArrayList<>();
        for (Summary.ModelRow r : summary.models()) {
            if (r.errors() > 0) lines.add(r.model() + ": " + r.errors() + " of " + r.calls() + " calls failed, e.g. " + r.topError());
            for (Summary.Unscored u : r.unscored())
                lines.add(r.model() + ": " + u.scorer() + " could not score " + u.replies() + " of its replies, e.g. " + u.example());
        }
        return lines;
    }

    static String comparison(Summary.Comparison c) {
        String means = c.scorer() + ": " + c.a() + " " + number(c.meanA()) + " vs " + c.b() + " " + number(c.meanB()) + " on " + c.n() + " items";
        String test = c.test().equals("mcnemar")
                ? c.onlyA() + " right only for " + c.a() + ", " + c.onlyB() + " only for " + c.b() + "; McNemar " + p(c.p())
                : "difference " + signed(c.meanA() - c.meanB()) + " [" + signed(c.low()) + ", " + signed(c.high()) + "]; bootstrap " + p(c.p());
        return means + ": " + test + ": " + (c.significant() ? "significant" : "not significant");
    }

    private static String table(List<List<String>> rows) {
        int[] widths = new int[rows.get(0).size()];
        for (List<String> row : rows) for (int i = 0; i < row.size(); i++) widths[i] = Math.max(widths[i], row.get(i).length());
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) line.append(i == 0 ? "" : "  ").append(String.format("%-" + widths[i] + "s", row.get(i)));
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    static String number(double value) {
        return Math.abs(value) < 100 ? String.format(Locale.ROOT, "%.2f", value) : String.format(Locale.ROOT, "%.0f", value);
    }

    private static String signed(double value) {
        return (value >= 0 ? "+" : "") + number(value);
    }

    static String p(double p) {
        return p < 0.001 ? "p < 0.001" : String.format(Locale.ROOT, "p = %.3f", p);
    }

    static String millis(Double ms) {
        return ms == null ? "-" : String.format(Locale.ROOT, "%.0f", ms);
    }

    /** Three significant digits, written out: 0.0000135, 1.25, 1230. */
    static String usd(Double cost) {
        if (cost == null) return "-";
        if (cost == 0) return "0";
        return new java.math.BigDecimal(cost).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }
}
