package litellm.eval;

import litellm.json.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * report.html: one file that works offline, with nothing to fetch (its Content-Security-Policy forbids any request):
 * the results table, the paired comparisons, the charts (inline SVG, {@link SvgCharts}) and a browsable table of the
 * items where the models disagree, drawn by a few lines of inline script from the results embedded as JSON.
 */
public final class HtmlReport {
    private HtmlReport() {}

    /** @param run what was run, shown at the top: data file, models, scorers, settings */
    public static String of(Summary summary, List<Outcome> outcomes, Map<String, Object> run) {
        return fill(PAGE, Map.of(
                "title", Html.escape("Eval: " + String.join(" vs ", summary.models().stream().map(Summary.ModelRow::model).toList())),
                "run", runList(run),
                "table", table(summary),
                "comparisons", comparisons(summary),
                "scores", SvgCharts.scores(summary),
                "latency", SvgCharts.latencyAgainstCost(summary),
                "data", Json.text(data(summary, outcomes)).replace("<", "\\u003c"))); // no "</script>" can end the data early
    }

    /** The page with each {{name}} of the template replaced; a value's own text is never searched (a prompt may hold {{...}}). */
    private static String fill(String template, Map<String, String> values) {
        Matcher m = Pattern.compile("\\{\\{(\\w+)}}").matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) m.appendReplacement(out, Matcher.quoteReplacement(values.get(m.group(1))));
        return m.appendTail(out).toString();
    }

    private static String runList(Map<String, Object> run) {
        StringBuilder out = new StringBuilder("<dl class=\"run\">");
        run.forEach((k, v) -> {
            if (v != null) out.append("<dt>").append(Html.escape(k)).append("</dt><dd>").append(Html.escape(String.valueOf(v))).append("</dd>");
        });
        return out.append("</dl>").toString();
    }

    private static String table(Summary summary) {
        StringBuilder out = new StringBuilder("<table class=\"summary\"><thead><tr><th>model</th><th>items</th>");
        summary.scorers().forEach(s -> out.append("<th>").append(Html.escape(s)).append(" <small>[95% CI]</small></th>"));
        out.append("<th>errors</th><th>p50 ms</th><th>p95 ms</th><th>tokens in</th><th>tokens out</th><th>cost USD</th></tr></thead><tbody>");
        for (Summary.ModelRow r : summary.models()) {
            out.append("<tr><td>").append(Html.escape(r.model())).append("</td><td>").append(r.items()).append("</td>");
            for (String scorer : summary.scorers()) {
                Stats.Interval i = r.scores().get(scorer);
                out.append("<td>").append(i == null ? "-" : ResultsTable.number(i.mean()) + " <small>[" + ResultsTable.number(i.low()) + ", "
                        + ResultsTable.number(i.high()) + "]</small>").append("</td>");
            }
            out.append("<td").append(r.errors() > 0 ? " class=\"bad\" title=\"" + Html.escape(r.topError()) + "\"" : "").append(">").append(r.errors()).append("</td><td>")
                    .append(ResultsTable.millis(r.latencyP50())).append("</td><td>").append(ResultsTable.millis(r.latencyP95())).append("</td><td>")
                    .append(r.tokensIn()).append("</td><td>").append(r.tokensOut()).append("</td><td>").append(ResultsTable.usd(r.cost())).append("</td></tr>");
        }
        out.append("</tbody></table>");
        ResultsTable.problems(summary).forEach(p -> out.append("<p class=\"bad\">").append(Html.escape(p)).append("</p>"));
        return out.toString();
    }

    private static String comparisons(Summary summary) {
        if (summary.comparisons().isEmpty()) return "<p>One model: nothing to compare.</p>";
        StringBuilder out = new StringBuilder("<ul class=\"comparisons\">");
        for (Summary.Comparison c : summary.comparisons())
            out.append("<li class=\"").append(c.significant() ? "significant" : "").append("\">").append(Html.escape(ResultsTable.comparison(c))).append("</li>");
        return out.append("</ul>").toString();
    }

    /** The items with each model's answer (its first sample's reply, its scores' mean over samples), for the script. */
    private static Map<String, Object> data(Summary summary, List<Outcome> outcomes) {
        Map<String, Map<String, Object>> items = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            Map<String, Object> item = items.computeIfAbsent(o.itemId(), id -> Summary.map("id", id, "input", o.input(), "expected", o.expected(),
                    "answers", new LinkedHashMap<String, Object>()));
            @SuppressWarnings("unchecked") Map<String, Object> answers = (Map<String, Object>) item.get("answers");
            @SuppressWarnings("unchecked") Map<String, Object> answer = (Map<String, Object>) answers.computeIfAbsent(o.model(),
                    m -> Summary.map("reply", o.reply(), "error", o.error(), "notes", o.notes(), "scores", new LinkedHashMap<String, Object>(), "n", new LinkedHashMap<String, Object>()));
            if (answer.get("reply") == null && o.reply() != null) {
                answer.put("reply", o.reply());
                answer.put("error", null);
                answer.put("notes", o.notes());
            }
            accumulate(answer, o);
        }
        items.values().forEach(item -> ((Map<?, ?>) item.get("answers")).values().forEach(a -> mean((Map<?, ?>) a)));
        return Summary.map("models", summary.models().stream().map(Summary.ModelRow::model).toList(), "scorers", summary.scorers(),
                "items", new ArrayList<>(items.values()));
    }

    @SuppressWarnings("unchecked")
    private static void accumulate(Map<String, Object> answer, Outcome o) {
        Map<String, Object> sums = (Map<String, Object>) answer.get("scores"), counts = (Map<String, Object>) answer.get("n");
        o.scores().forEach((scorer, value) -> {
            if (value == null) return;
            sums.merge(scorer, value, (a, b) -> (Double) a + (Double) b);
            counts.merge(scorer, 1, (a, b) -> (Integer) a + (Integer) b);
        });
    }

    @SuppressWarnings("unchecked")
    private static void mean(Map<?, ?> answer) {
        Map<String, Object> sums = (Map<String, Object>) answer.get("scores"), counts = (Map<String, Object>) answer.remove("n");
        sums.replaceAll((scorer, sum) -> (Double) sum / (Integer) counts.get(scorer));
    }

    private static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{title}}</title>
            <style>
            body { font: 14px/1.45 system-ui, sans-serif; margin: 24px auto; max-width: 1200px; padding: 0 16px; color: #222; }
            h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 28px; border-bottom: 1px solid #ddd; }
            table { border-collapse: collapse; } th, td { padding: 4px 8px; border-bottom: 1px solid #eee; text-align: left; vertical-align: top; }
            th { background: #f6f6f6; } small { color: #666; } .bad { color: #b00; font-weight: bold; }
            dl.run { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; } dt { color: #666; } dd { margin: 0; white-space: pre-wrap; }
            .comparisons li.significant { font-weight: bold; }
            svg { display: block; margin: 8px 0 16px; font-size: 12px; } svg text { fill: #222; }
            .controls { margin: 8px 0; display: flex; gap: 16px; align-items: center; flex-wrap: wrap; }
            #items td .text { white-space: pre-wrap; max-height: 11em; overflow: auto; max-width: 360px; }
            #items td.pass { background: #eef8ee; } #items td.fail { background: #fbeeee; } #items td.error { background: #f4f4f4; color: #b00; }
            .score { font-size: 12px; color: #444; }
            </style>
            </head>
            <body>
            <h1>{{title}}</h1>
            {{run}}
            <h2>Results</h2>
            {{table}}
            <h2>Paired comparisons</h2>
            {{comparisons}}
            <h2>Scores</h2>
            {{scores}}
            <h2>Latency and cost</h2>
            {{latency}}
            <h2>Items where the models disagree</h2>
            <div class="controls">
              <label>scorer <select id="scorer"></select></label>
              <label><input type="checkbox" id="all"> every item</label>
              <label>search <input type="search" id="search" placeholder="text in the question or a reply"></label>
              <span id="count"></span>
            </div>
            <table id="items"><thead></thead><tbody></tbody></table>
            <p><button id="more" type="button" hidden>show more</button></p>
            <script type="application/json" id="eval-data">{{data}}</script>
            <script>
            (function () {
              "use strict";
              var data = JSON.parse(document.getElementById("eval-data").textContent);
              var scorerSelect = document.getElementById("scorer"), all = document.getElementById("all");
              var search = document.getElementById("search"), more = document.getElementById("more");
              var shown = 200;
              function el(tag, text, cls) {
                var e = document.createElement(tag);
                if (text !== undefined && text !== null) e.textContent = text;
                if (cls) e.className = cls;
                return e;
              }
              ["any scorer"].concat(data.scorers).forEach(function (s, i) {
                var o = el("option", s); o.value = i === 0 ? "" : s; scorerSelect.appendChild(o);
              });
              var head = el("tr");
              ["id", "question", "expected"].concat(data.models).forEach(function (h) { head.appendChild(el("th", h)); });
              document.querySelector("#items thead").appendChild(head);
              function disagree(item, scorer) {
                var scorers = scorer ? [scorer] : data.scorers;
                return scorers.some(function (s) {
                  var seen = {};
                  data.models.forEach(function (m) {
                    var a = item.answers[m];
                    if (a && a.scores[s] !== undefined) seen[a.scores[s].toFixed(3)] = true;
                  });
                  return Object.keys(seen).length > 1;
                });
              }
              function matches(item, text) {
                if (!text) return true;
                var t = text.toLowerCase();
                if ((item.input || "").toLowerCase().indexOf(t) >= 0) return true;
                return data.models.some(function (m) { var a = item.answers[m]; return a && (a.reply || "").toLowerCase().indexOf(t) >= 0; });
              }
              function cell(item, model, scorer) {
                var a = item.answers[model], td = el("td");
                if (!a) return td;
                if (a.reply === null) { td.className = "error"; td.appendChild(el("div", a.error, "text")); return td; }
                var focus = scorer || data.scorers[0];
                if (a.scores[focus] !== undefined) td.className = a.scores[focus] >= 0.5 ? "pass" : "fail";
                td.appendChild(el("div", a.reply, "text"));
                data.scorers.forEach(function (s) {
                  var v = a.scores[s];
                  var note = a.notes && a.notes[s] ? " (" + a.notes[s] + ")" : "";
                  td.appendChild(el("div", s + ": " + (v === undefined ? "not scored" : v.toFixed(2)) + note, "score"));
                });
                return td;
              }
              function render() {
                var scorer = scorerSelect.value, text = search.value;
                var rows = data.items.filter(function (item) { return (all.checked || disagree(item, scorer)) && matches(item, text); });
                var body = document.querySelector("#items tbody");
                body.textContent = "";
                rows.slice(0, shown).forEach(function (item) {
                  var tr = el("tr");
                  tr.appendChild(el("td", item.id));
                  var q = el("td"); q.appendChild(el("div", item.input, "text")); tr.appendChild(q);
                  tr.appendChild(el("td", item.expected));
                  data.models.forEach(function (m) { tr.appendChild(cell(item, m, scorer)); });
                  body.appendChild(tr);
                });
                document.getElementById("count").textContent = Math.min(shown, rows.length) + " of " + rows.length + " items shown ("
                  + data.items.length + " in all)";
                more.hidden = rows.length <= shown;
              }
              [scorerSelect, all].forEach(function (c) { c.addEventListener("change", function () { shown = 200; render(); }); });
              search.addEventListener("input", function () { shown = 200; render(); });
              more.addEventListener("click", function () { shown += 200; render(); });
              render();
            })();
            </script>
            </body>
            </html>
            """;
}
