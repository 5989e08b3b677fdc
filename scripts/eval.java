///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../src/Library.java
// C1 only: an eval is short and its own work small (the models do the rest); C2 compiling it cost more CPU than it
// saved. The serial collector: the least work on two cores (docs/performance.md, "The eval workbench").
//JAVA_OPTIONS -XX:+UseSerialGC -XX:TieredStopAtLevel=1

import litellm.cli.Startup;
import litellm.eval.Backend;
import litellm.eval.BadInput;
import litellm.eval.Dataset;
import litellm.eval.EvalItem;
import litellm.eval.EvalRun;
import litellm.eval.HtmlReport;
import litellm.eval.ModelCalls;
import litellm.eval.Outcome;
import litellm.eval.Progress;
import litellm.eval.PromptTemplate;
import litellm.eval.Question;
import litellm.eval.ResultsFile;
import litellm.eval.ResultsTable;
import litellm.eval.Scorer;
import litellm.eval.Scorers;
import litellm.eval.Summary;
import litellm.eval.TextOption;
import litellm.json.Json;
import litellm.log.Logging;
import litellm.script.LiveScripts;
import litellm.script.UserFolders;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The eval workbench: a dataset's questions to several models, each reply scored, the models compared.
 * <pre>
 * ./jbang scripts/eval.java --models gpt-4o-mini,claude-3-5-haiku-20241022 --data examples/eval/arithmetic.jsonl --scorer numeric --out results
 * </pre>
 * The work is in src/litellm/eval; this file is the command line.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 120,
        versionProvider = Startup.Version.class,
        description = {"Asks each model every question of a dataset, scores the replies and compares the models: a table on stdout,",
                "and with --out a results.jsonl, a summary.json and a report.html that works offline."},
        footer = {"", "Exit status: 0 when the run finished, 1 when every call failed, 2 for bad input (found before any call)."})
public class eval implements Callable<Integer> {
    @Option(names = "--models", split = ",", required = true, paramLabel = "MODEL[,MODEL...]",
            description = "The models to compare: LiteLLM model names (gpt-4o-mini, anthropic/claude-3-5-haiku-20241022, offline/echo), or with --config its model_names.")
    List<String> models;

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "JSONL or CSV (.csv): input (or question), expected (or answer), optionally id and choices; every field is a prompt variable.")
    Path data;

    @Option(names = "--config", paramLabel = "FILE", description = "A LiteLLM config.yaml: --models are its model_names, with its keys, routing and prices.")
    Path config;

    @Option(names = "--base-url", paramLabel = "URL", description = "Evaluate through a running proxy or any OpenAI-compatible server, e.g. http://localhost:4000/v1.")
    String baseUrl;

    @Option(names = "--api-key", paramLabel = "KEY", description = "The key for --base-url (sent as a bearer token).")
    String apiKey;

    @Option(names = "--prompt", paramLabel = "TEXT|@FILE", description = "The user message, a Jinja template: {{ input }}, {{ choices_text }}, any field. "
            + "Default: the input, with a multiple-choice item's choices lettered.")
    String prompt;

    @Option(names = "--system", paramLabel = "TEXT|@FILE", description = "A system message (a Jinja template too).")
    String system;

    @Option(names = "--scorer", paramLabel = "NAME", description = "Repeatable: " + Scorers.BUILT_IN + ", or a script's name in --scorers. Default: contains.")
    List<String> scorers = new ArrayList<>();

    @Option(names = "--scorers", paramLabel = "DIR", description = "A folder of Groovy scorer scripts, <name>.groovy each defining score(item, reply); all of them score when no --scorer is given.")
    Path scorersDir;

    @Option(names = "--tolerance", defaultValue = "1e-6", paramLabel = "X", description = "The numeric scorer's relative tolerance (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--schema", paramLabel = "FILE", description = "A JSON Schema the json scorer validates each reply against.")
    Path schema;

    @Option(names = "--rubric", paramLabel = "TEXT|@FILE", description = "What the judge:<model> scorer grades against.")
    String rubric;

    @Option(names = "--concurrency", defaultValue = "8", paramLabel = "N", description = "Calls in flight per model (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--repeat", defaultValue = "1", paramLabel = "K", description = "Samples per item and model; an item's score is their mean (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--temperature", paramLabel = "T", description = "Sampling temperature (default: each model's own).")
    Double temperature;

    @Option(names = "--seed", paramLabel = "N", description = "Sent to models that take a seed.")
    Integer seed;

    @Option(names = "--max-tokens", paramLabel = "N", description = "The most tokens a reply may have.")
    Integer maxTokens;

    @Option(names = "--limit", paramLabel = "N", description = "Only the first N items.")
    Integer limit;

    @Option(names = "--no-cache", description = "Ask again: do not answer from (nor keep answers in) the answer cache.")
    boolean noCache;

    @Option(names = "--out", paramLabel = "DIR", description = "Write results.jsonl, summary.json and report.html here.")
    Path out;

    @Option(names = "--resume", description = "Continue the run whose results are in --out: answers already there are scored, not asked again.")
    boolean resume;

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "STYLE", description = "bar, lines (one every 5 s), off, or auto: bars when stderr is a terminal (default).")
    String progress;

    public static void main(String... args) {
        System.setProperty("picocli.disable.closures", "true"); // picocli would start Groovy's runtime looking for closures
        new Logging(Level.WARN, false, false, false).apply();
        ((Logger) LoggerFactory.getLogger(LiveScripts.class)).setLevel(Level.OFF); // a broken scorer is reported once, by the eval
        CommandLine cli = new CommandLine(new eval()).setExpandAtFiles(false); // @FILE is --prompt's, not picocli's argument file
        cli.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("eval: " + e.getMessage() + " (see --help)");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, c, p) -> {
            c.getErr().println("eval: internal error: " + e); // a bug: one line, not a stack trace
            return 1;
        });
        System.exit(cli.execute(args));
    }

    @Override
    public Integer call() throws IOException {
        try {
            return run();
        } catch (BadInput e) {
            System.err.println("eval: " + e.getMessage());
            return 2;
        }
    }

    private int run() throws BadInput, IOException {
        Instant started = Instant.now();
        checkOptions();
        models = List.copyOf(new LinkedHashSet<>(models.stream().map(String::strip).filter(m -> !m.isEmpty()).toList()));
        List<EvalItem> items = Dataset.read(data);
        if (limit != null && limit < items.size()) items = items.subList(0, limit);
        List<Question> questions = Question.of(items, PromptTemplate.of(TextOption.of(prompt, "--prompt")), PromptTemplate.of(TextOption.of(system, "--system")));
        Backend backend = config != null ? Backend.config(config) : baseUrl != null ? Backend.server(baseUrl, apiKey) : Backend.direct();
        ModelCalls calls = new ModelCalls(backend.llm(), noCache ? null : UserFolders.fromEnvironment().evalAnswers(), concurrency);
        List<Scorer> scorerList = Scorers.of(scorers, new Scorers.Options(tolerance, schema, TextOption.of(rubric, "--rubric"), scorersDir), calls::judge);
        Scorers.check(scorerList, items);
        for (String judge : Scorers.judges(scorerList))
            if (calls.problem(judge) != null) throw new BadInput("--scorer judge:" + judge + ": " + calls.problem(judge));
        Map<String, Outcome> resumed = resume ? ResultsFile.read(out) : Map.of();

        List<Outcome> outcomes;
        var sampling = new Question.Sampling(temperature, seed, maxTokens);
        try (ResultsFile results = out == null ? null : ResultsFile.create(out);
             Progress shown = new Progress(System.err, progressStyle(), models, items.size() * repeat, Duration.ofSeconds(5))) {
            Thread hint = interruptionHint();
            outcomes = new EvalRun(calls, questions, scorerList, models, repeat, concurrency, sampling)
                    .run(resumed, shown, results == null ? o -> {} : results::write);
            if (hint != null) Runtime.getRuntime().removeShutdownHook(hint);
        }
        Summary summary = Summary.of(outcomes, models, scorerList.stream().map(Scorer::name).toList());
        System.out.print(ResultsTable.of(summary));
        if (out != null) {
            Map<String, Object> run = runDescription(backend, items.size(), scorerList, started);
            Map<String, Object> summaryJson = new LinkedHashMap<>(Map.of("run", run));
            summaryJson.putAll(summary.asMap());
            Files.writeString(out.resolve("summary.json"), Json.text(summaryJson) + "\n");
            Files.writeString(out.resolve("report.html"), HtmlReport.of(summary, outcomes, run));
            System.err.println("eval: wrote " + out.resolve(ResultsFile.NAME) + ", summary.json and report.html");
        }
        return outcomes.stream().allMatch(Outcome::failed) ? 1 : 0;
    }

    private void checkOptions() throws BadInput {
        if (config != null && baseUrl != null) throw new BadInput("--config and --base-url are two ways to reach the models: give one");
        if (apiKey != null && baseUrl == null) throw new BadInput("--api-key is the key of --base-url's server (with --config, the config holds the keys)");
        if (resume && out == null) throw new BadInput("--resume continues the run written in --out DIR: give --out");
        if (concurrency < 1) throw new BadInput("--concurrency must be at least 1, got " + concurrency);
        if (repeat < 1) throw new BadInput("--repeat must be at least 1, got " + repeat);
        if (limit != null && limit < 1) throw new BadInput("--limit must be at least 1, got " + limit);
        if (tolerance < 0) throw new BadInput("--tolerance must be 0 or more, got " + tolerance);
        if (maxTokens != null && maxTokens < 1) throw new BadInput("--max-tokens must be at least 1, got " + maxTokens);
        if (temperature != null && (temperature < 0 || temperature > 2)) throw new BadInput("--temperature must be between 0 and 2, got " + temperature);
        if (models.stream().allMatch(String::isBlank)) throw new BadInput("--models names no model");
        progressStyle();
    }

    private Progress.Style progressStyle() throws BadInput {
        return switch (progress) {
            case "auto" -> Progress.auto();
            case "bar" -> Progress.Style.BAR;
            case "lines" -> Progress.Style.LINES;
            case "off" -> Progress.Style.OFF;
            default -> throw new BadInput("--progress must be auto, bar, lines or off, got " + progress);
        };
    }

    /** On Ctrl-C, where the answers so far are and how to go on. */
    private Thread interruptionHint() {
        if (out == null) return null;
        Thread hint = new Thread(() -> System.err.println("\neval: interrupted; the answers so far are in " + out.resolve(ResultsFile.NAME)
                + ": the same command with --resume goes on from there"));
        Runtime.getRuntime().addShutdownHook(hint);
        return hint;
    }

    private Map<String, Object> runDescription(Backend backend, int items, List<Scorer> scorerList, Instant started) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("data", data.toString());
        run.put("items", items);
        run.put("models", String.join(", ", models));
        run.put("through", backend.description());
        run.put("scorers", String.join(", ", scorerList.stream().map(Scorer::name).toList()));
        run.put("prompt", prompt == null ? "the default: the input; a multiple-choice item's with its choices lettered and an instruction" : prompt);
        run.put("system", system);
        run.put("repeat", repeat);
        run.put("temperature", temperature);
        run.put("seed", seed);
        run.put("max_tokens", maxTokens);
        run.put("started", started.toString());
        run.put("seconds", Duration.between(started, Instant.now()).toMillis() / 1000.0);
        return run;
    }
}
