package litellm.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prometheus' text exposition format (version 0.0.4), parsed strictly by its rules: every line a comment, a
 * {@code # HELP}/{@code # TYPE} line or a sample; metric and label names of the allowed characters; label values
 * quoted with only {@code \\}, {@code \"} and {@code \n} escaped; values Go floats (+Inf, -Inf, NaN); a family's TYPE
 * before its samples and only once; a sample's name its family's (a counter's {@code _total}, a histogram's
 * {@code _bucket}, {@code _sum}, {@code _count}); no label twice; a histogram's buckets cumulative, with an
 * {@code le="+Inf"} bucket equal to its {@code _count}. Anything else fails the test with the line.
 */
public final class PrometheusText {
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern VALUE = Pattern.compile("[+-]?(Inf|NaN|[0-9]*\\.?[0-9]+([eE][+-]?[0-9]+)?|[0-9]+\\.)");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    public record Sample(String name, Map<String, String> labels, double value) {}

    public record Family(String name, String type, String help, List<Sample> samples) {}

    private final Map<String, Family> families = new LinkedHashMap<>();

    private PrometheusText() {}

    public static PrometheusText parse(String text) {
        PrometheusText parsed = new PrometheusText();
        String[] lines = text.split("\n", -1);
        if (!text.isEmpty() && !text.endsWith("\n")) throw new AssertionError("the exposition must end with a line feed");
        for (int i = 0; i < lines.length - 1; i++) {
            try {
                parsed.line(lines[i]);
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError("line " + (i + 1) + ": " + e.getMessage() + "\n" + lines[i], e);
            }
        }
        parsed.families.values().forEach(PrometheusText::checkHistogram);
        return parsed;
    }

    public Map<String, Family> families() {
        return families;
    }

    /** A family by its name, a counter's with or without its {@code _total}. */
    public Family family(String name) {
        Family f = families.containsKey(name) ? families.get(name) : families.get(name + "_total");
        if (f == null) throw new AssertionError("no metric " + name + " in " + families.keySet());
        return f;
    }

    /** The samples named {@code name} whose labels include {@code match}. */
    public List<Sample> samples(String name, Map<String, String> match) {
        List<Sample> out = new ArrayList<>();
        for (Family f : families.values())
            for (Sample s : f.samples())
                if (s.name().equals(name) && s.labels().entrySet().containsAll(match.entrySet())) out.add(s);
        return out;
    }

    /** The one sample named {@code name} whose labels include {@code match}: its value. */
    public double value(String name, Map<String, String> match) {
        List<Sample> found = samples(name, match);
        if (found.size() != 1) throw new AssertionError(found.size() + " samples " + name + match + ": " + found);
        return found.getFirst().value();
    }

    private void line(String line) {
        if (line.isEmpty()) return;
        if (line.startsWith("#")) {
            comment(line);
            return;
        }
        sample(line);
    }

    private void comment(String line) {
        String[] parts = line.split(" ", 4);
        if (parts.length < 3 || !(parts[1].equals("HELP") || parts[1].equals("TYPE"))) return; // a plain comment
        String name = parts[2];
        if (!METRIC_NAME.matcher(name).matches()) throw new AssertionError("bad metric name " + name);
        Family f = families.get(name);
        if (parts[1].equals("TYPE")) {
            String type = parts.length == 4 ? parts[3] : "";
            if (!TYPES.contains(type)) throw new AssertionError("unknown type " + type);
            if (f != null && f.type() != null) throw new AssertionError("a second TYPE for " + name);
            if (f != null && !f.samples().isEmpty()) throw new AssertionError("TYPE after the samples of " + name);
            families.put(name, new Family(name, type, f == null ? null : f.help(), f == null ? new ArrayList<>() : f.samples()));
        } else {
            if (f != null && f.help() != null) throw new AssertionError("a second HELP for " + name);
            String help = parts.length == 4 ? parts[3] : "";
            if (help.matches(".*\\\\[^\\\\n].*")) throw new AssertionError("HELP escapes only \\\\ and \\n");
            families.put(name, new Family(name, f == null ? null : f.type(), help, f == null ? new ArrayList<>() : f.samples()));
        }
    }

    private void sample(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') i++;
        String name = line.substring(0, i);
        if (!METRIC_NAME.matcher(name).matches()) throw new AssertionError("bad metric name " + name);
        Map<String, String> labels = new TreeMap<>();
        if (i < line.length() && line.charAt(i) == '{') i = labels(line, i + 1, labels);
        if (i >= line.length() || line.charAt(i) != ' ') throw new AssertionError("no space before the value");
        String[] rest = line.substring(i + 1).split(" ");
        if (rest.length > 2 || !VALUE.matcher(rest[0]).matches()) throw new AssertionError("bad value " + line.substring(i + 1));
        if (rest.length == 2 && !rest[1].matches("-?[0-9]+")) throw new AssertionError("bad timestamp " + rest[1]);
        double value = rest[0].endsWith("Inf") ? (rest[0].startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY)
                : Double.parseDouble(rest[0]);
        familyOf(name).samples().add(new Sample(name, labels, value));
    }

    /** Reads {@code name="value",...}} from {@code i}; the index after the closing brace. */
    private static int labels(String line, int i, Map<String, String> labels) {
        while (true) {
            if (line.charAt(i) == '}') return i + 1;
            Matcher m = LABEL_NAME.matcher(line).region(i, line.length());
            if (!m.lookingAt()) throw new AssertionError("bad label name at column " + (i + 1));
            String label = m.group();
            i = m.end();
            if (line.charAt(i) != '=' || line.charAt(i + 1) != '"') throw new AssertionError("expected =\" after " + label);
            i += 2;
            StringBuilder value = new StringBuilder();
            for (; line.charAt(i) != '"'; i++) {
                char c = line.charAt(i);
                if (c == '\\') {
                    char next = line.charAt(++i);
                    value.append(switch (next) {
                        case '\\' -> '\\';
                        case '"' -> '"';
                        case 'n' -> '\n';
                        default -> throw new AssertionError("bad escape \\" + next + " in label " + label);
                    });
                } else {
                    value.append(c);
                }
            }
            i++;
            if (labels.put(label, value.toString()) != null) throw new AssertionError("label " + label + " twice");
            if (line.charAt(i) == ',') i++;
            else if (line.charAt(i) != '}') throw new AssertionError("expected , or } after label " + label);
        }
    }

    private Family familyOf(String sample) {
        Family named = families.get(sample); // a counter's TYPE line may name it with its _total, as the clients write it
        if (named != null && "counter".equals(named.type()) && sample.endsWith("_total")) return named;
        for (String suffix : List.of("", "_total", "_created", "_bucket", "_sum", "_count")) {
            if (!sample.endsWith(suffix)) continue;
            Family f = families.get(sample.substring(0, sample.length() - suffix.length()));
            if (f == null || f.type() == null) continue;
            boolean fits = switch (f.type()) {
                case "counter" -> suffix.equals("_total") || suffix.equals("_created");
                case "histogram" -> List.of("_bucket", "_sum", "_count", "_created").contains(suffix);
                case "summary" -> List.of("", "_sum", "_count", "_created").contains(suffix);
                default -> suffix.isEmpty();
            };
            if (fits) return f;
        }
        throw new AssertionError("sample " + sample + " of no family whose TYPE came before it");
    }

    /** Each series' buckets never fall, and the +Inf one is its count. */
    private static void checkHistogram(Family f) {
        if (!"histogram".equals(f.type())) return;
        Map<Map<String, String>, List<Sample>> series = new LinkedHashMap<>();
        for (Sample s : f.samples()) {
            if (!s.name().endsWith("_bucket")) continue;
            Map<String, String> rest = new TreeMap<>(s.labels());
            if (rest.remove("le") == null) throw new AssertionError(s.name() + " without le");
            series.computeIfAbsent(rest, k -> new ArrayList<>()).add(s);
        }
        series.forEach((labels, buckets) -> {
            double last = -1;
            for (Sample b : buckets) {
                if (b.value() < last) throw new AssertionError(f.name() + labels + ": buckets fall at le=" + b.labels().get("le"));
                last = b.value();
            }
            Sample inf = buckets.getLast();
            if (!inf.labels().get("le").equals("+Inf")) throw new AssertionError(f.name() + labels + ": the last bucket is not le=\"+Inf\"");
            Map<String, String> countLabels = labels;
            double count = f.samples().stream().filter(s -> s.name().equals(f.name() + "_count") && s.labels().equals(countLabels))
                    .findFirst().orElseThrow(() -> new AssertionError(f.name() + labels + " has no _count")).value();
            if (count != inf.value()) throw new AssertionError(f.name() + labels + ": +Inf bucket " + inf.value() + " != _count " + count);
        });
    }
}
