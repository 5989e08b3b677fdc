package litellm.eval;

import litellm.script.LiveScripts;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The scorers {@code --scorer} names, made once before the run; a name that is none is a one-line error. */
public final class Scorers {
    public static final String BUILT_IN = "exact, contains, regex:<pattern>, numeric, choice, json, judge:<model>";

    /**
     * @param tolerance  the numeric scorer's relative tolerance
     * @param schema     the json scorer's JSON Schema file; null for any JSON
     * @param rubric     the judge's rubric; null for {@link JudgeScorer#DEFAULT_RUBRIC}
     * @param scriptsDir the folder of scorer scripts; null for none
     */
    public record Options(double tolerance, Path schema, TextOption rubric, Path scriptsDir) {}

    private Scorers() {}

    /**
     * @param names as given, in order; none: {@code contains}, or every script of {@code --scorers} when it is given
     * @param judge how a judge scorer asks its model
     */
    public static List<Scorer> of(List<String> names, Options options, JudgeScorer.Judge judge) throws BadInput {
        LiveScripts<ScorerScript> scripts = options.scriptsDir() == null ? null : ScriptScorer.folder(options.scriptsDir());
        List<String> wanted = !names.isEmpty() ? names : scripts != null ? ScriptScorer.names(options.scriptsDir()) : List.of("contains");
        if (wanted.isEmpty()) throw new BadInput("--scorers: no *.groovy scorer scripts in " + options.scriptsDir());
        List<Scorer> scorers = new ArrayList<>();
        for (String name : new LinkedHashSet<>(wanted)) scorers.add(scorer(name.strip(), options, scripts, judge));
        return scorers;
    }

    private static Scorer scorer(String name, Options options, LiveScripts<ScorerScript> scripts, JudgeScorer.Judge judge) throws BadInput {
        switch (name) {
            case "exact": return TextScorers.exact();
            case "contains": return TextScorers.contains();
            case "numeric": return new NumericScorer(options.tolerance());
            case "choice": return new ChoiceScorer();
            case "json": return JsonScorer.of(options.schema());
            default: break;
        }
        if (name.startsWith("regex:")) {
            try {
                return new TextScorers.Matches(Pattern.compile(name.substring(6)));
            } catch (PatternSyntaxException e) {
                throw new BadInput("--scorer " + name + ": not a regular expression: " + e.getDescription() + " at index " + e.getIndex());
            }
        }
        if (name.startsWith("judge:")) {
            String model = name.substring(6).strip();
            if (model.isEmpty()) throw new BadInput("--scorer judge:<model> names the judge model, e.g. judge:gpt-4o");
            return new JudgeScorer(model, options.rubric() == null ? JudgeScorer.DEFAULT_RUBRIC : options.rubric().text(), judge);
        }
        Scorer script = scripts == null ? null : ScriptScorer.load(name, scripts);
        if (script != null) return script;
        throw new BadInput("--scorer: no scorer '" + name + "'; the built-in ones are " + BUILT_IN
                + (scripts == null ? ", and --scorers DIR adds scripts" : ", and the scripts in " + options.scriptsDir()));
    }

    /** Checks that every scorer can score every item, before any call. @throws BadInput at the first item one cannot */
    public static void check(List<Scorer> scorers, List<EvalItem> items) throws BadInput {
        for (EvalItem item : items)
            for (Scorer scorer : scorers) {
                String problem = scorer.problem(item);
                if (problem != null) throw new BadInput(item.where() + ": " + problem);
            }
    }

    /** The models the judge scorers ask. */
    public static List<String> judges(List<Scorer> scorers) {
        return scorers.stream().filter(s -> s instanceof JudgeScorer).map(s -> ((JudgeScorer) s).model()).distinct().toList();
    }
}
