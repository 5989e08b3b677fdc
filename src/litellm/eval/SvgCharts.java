package litellm.eval;

import java.util.List;
import java.util.Locale;

/**
 * The report's charts as inline SVG, drawn here rather than by a charting library: the report must work offline,
 * from one file. Each chart is an {@code <svg data-chart="...">} with a {@code <title>} per mark for its tooltip.
 */
final class SvgCharts {
    private static final int WIDTH = 720, LABEL = 200, ROW = 26, PAD = 16;
    static final String[] COLORS = {"#4269d0", "#efb118", "#ff725c", "#6cc5b0", "#3ca951", "#ff8ab7", "#a463f2", "#97bbf5", "#9c6b4e", "#9498a0"};

    private SvgCharts() {}

    /** One chart per scorer: each model's mean as a bar, its 95 % interval as a whisker. */
    static String scores(Summary summary) {
        StringBuilder svg = new StringBuilder();
        for (String scorer : summary.scorers()) {
            List<Summary.ModelRow> rows = summary.models();
            double max = 1, min = 0;
            for (Summary.ModelRow r : rows) {
                Stats.Interval i = r.scores().get(scorer);
                if (i != null) {
                    max = Math.max(max, i.high());
                    min = Math.min(min, i.low());
                }
            }
            int height = PAD * 2 + ROW * rows.size() + 20;
            double plot = WIDTH - LABEL - PAD * 2 - 60;
            final double lo = min, span = max - min;
            java.util.function.DoubleUnaryOperator x = v -> LABEL + (v - lo) / span * plot;
            svg.append(open("scores", height, "Scores for " + scorer)).append(text(PAD, PAD, "start", "bold", scorer + ": mean and 95% interval"));
            for (int t = 0; t <= 4; t++) { // the axis: five ticks
                double v = lo + span * t / 4, px = x.applyAsDouble(v);
                svg.append(line(px, PAD + 8, px, height - 22, "#e4e4e4")).append(text(px, height - 8, "middle", "", ResultsTable.number(v)));
            }
            for (int m = 0; m < rows.size(); m++) {
                Summary.ModelRow r = rows.get(m);
                Stats.Interval i = r.scores().get(scorer);
                double y = PAD + 12 + m * ROW;
                svg.append(text(LABEL - 8, y + 13, "end", "", r.model()));
                if (i == null) {
                    svg.append(text(LABEL, y + 13, "start", "", "no score (every call failed)"));
                    continue;
                }
                String tip = r.model() + ": " + ResultsTable.number(i.mean()) + " [" + ResultsTable.number(i.low()) + ", " + ResultsTable.number(i.high()) + "] ("
                        + i.method() + ", " + r.scored().get(scorer) + " items)";
                double x0 = x.applyAsDouble(Math.max(lo, 0)), xm = x.applyAsDouble(i.mean());
                svg.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"16\" fill=\"%s\" opacity=\"0.75\"><title>%s</title></rect>",
                        Math.min(x0, xm), y + 2, Math.abs(xm - x0), COLORS[m % COLORS.length], Html.escape(tip)));
                double xl = x.applyAsDouble(i.low()), xh = x.applyAsDouble(i.high());
                svg.append(line(xl, y + 10, xh, y + 10, "#222")).append(line(xl, y + 5, xl, y + 15, "#222")).append(line(xh, y + 5, xh, y + 15, "#222"));
                svg.append(text(Math.max(xh, xm) + 6, y + 14, "start", "", ResultsTable.number(i.mean())));
            }
            svg.append("</svg>\n");
        }
        return svg.toString();
    }

    /** Each model at its median latency (a whisker to its p95) and its cost; a hollow mark where the cost is unknown, drawn at 0. */
    static String latencyAgainstCost(Summary summary) {
        int height = 320, left = 80, bottom = 50, top = 30, right = 40;
        double maxLatency = 1, maxCost = 0;
        for (Summary.ModelRow r : summary.models()) {
            if (r.latencyP95() != null) maxLatency = Math.max(maxLatency, r.latencyP95());
            if (r.cost() != null) maxCost = Math.max(maxCost, r.cost());
        }
        final double latencySpan = maxLatency * 1.1, costSpan = maxCost > 0 ? maxCost * 1.15 : 1;
        java.util.function.DoubleUnaryOperator x = v -> left + v / latencySpan * (WIDTH - left - right);
        java.util.function.DoubleUnaryOperator y = v -> height - bottom - v / costSpan * (height - bottom - top);
        StringBuilder svg = new StringBuilder(open("latency-cost", height, "Latency against cost"))
                .append(text(PAD, 18, "start", "bold", "Latency (p50, whisker to p95) against cost"));
        svg.append(line(left, height - bottom, WIDTH - right, height - bottom, "#888")).append(line(left, top, left, height - bottom, "#888"));
        for (int t = 0; t <= 4; t++) {
            double lv = latencySpan * t / 4, cv = costSpan * t / 4;
            svg.append(text(x.applyAsDouble(lv), height - bottom + 16, "middle", "", String.format(Locale.ROOT, "%.0f", lv)));
            svg.append(text(left - 6, y.applyAsDouble(cv) + 4, "end", "", maxCost > 0 ? ResultsTable.usd(cv) : t == 0 ? "0" : ""));
        }
        svg.append(text((left + WIDTH - right) / 2.0, height - 10, "middle", "", "latency, ms"))
                .append("<text x=\"14\" y=\"" + (height / 2) + "\" transform=\"rotate(-90 14 " + (height / 2) + ")\" text-anchor=\"middle\">cost, USD</text>");
        List<Summary.ModelRow> rows = summary.models();
        List<double[]> labels = new java.util.ArrayList<>(); // where labels are, so that models at one spot get one each
        for (int m = 0; m < rows.size(); m++) {
            Summary.ModelRow r = rows.get(m);
            if (r.latencyP50() == null) {
                svg.append(text(left + 8, top + 14 + 14 * m, "start", "", r.model() + ": no call made (all answers cached or failed)"));
                continue;
            }
            double px = x.applyAsDouble(r.latencyP50()), py = y.applyAsDouble(r.cost() == null ? 0 : r.cost());
            String color = COLORS[m % COLORS.length];
            String tip = r.model() + ": p50 " + ResultsTable.millis(r.latencyP50()) + " ms, p95 " + ResultsTable.millis(r.latencyP95()) + " ms, cost "
                    + (r.cost() == null ? "unknown" : "$" + ResultsTable.usd(r.cost()));
            svg.append(line(px, py, x.applyAsDouble(r.latencyP95()), py, color));
            svg.append(String.format(Locale.ROOT, "<circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\" r=\"6\" fill=\"%s\" stroke=\"%s\" stroke-width=\"2\"><title>%s</title></circle>",
                    px, py, r.cost() == null ? "white" : color, color, Html.escape(tip)));
            double ly = py - 9;
            for (double[] l : labels) if (Math.abs(l[0] - px) < 120 && Math.abs(l[1] - ly) < 14) ly = l[1] - 14;
            labels.add(new double[]{px, ly});
            svg.append(text(Math.min(px + 9, WIDTH - 150), ly, "start", "", r.model() + (r.cost() == null ? " (cost unknown)" : "")));
        }
        return svg.append("</svg>\n").toString();
    }

    private static String open(String chart, int height, String label) {
        return "<svg data-chart=\"" + chart + "\" role=\"img\" aria-label=\"" + Html.escape(label) + "\" viewBox=\"0 0 " + WIDTH + " " + height
                + "\" width=\"" + WIDTH + "\" height=\"" + height + "\">";
    }

    private static String line(double x1, double y1, double x2, double y2, String color) {
        return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>", x1, y1, x2, y2, color);
    }

    private static String text(double x, double y, String anchor, String weight, String content) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s>%s</text>", x, y, anchor,
                weight.isEmpty() ? "" : " font-weight=\"" + weight + "\"", Html.escape(content));
    }
}
