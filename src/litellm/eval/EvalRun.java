package litellm.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * Asks every model every question ({@code repeat} times) and scores each reply. Each model has its own workers, as
 * many as its concurrency, taking its questions in order: a slow or failing model never holds up the others.
 * Each outcome goes to {@code sink} (results.jsonl) as soon as it is scored, so an interrupted run can be resumed.
 */
public final class EvalRun {
    private final ModelCalls calls;
    private final List<Question> questions;
    private final List<Scorer> scorers;
    private final List<String> models;
    private final int repeat;
    private final int concurrency;
    private final Question.Sampling sampling;

    public EvalRun(ModelCalls calls, List<Question> questions, List<Scorer> scorers, List<String> models, int repeat, int concurrency,
                   Question.Sampling sampling) {
        this.calls = calls;
        this.questions = questions;
        this.scorers = scorers;
        this.models = models;
        this.repeat = repeat;
        this.concurrency = concurrency;
        this.sampling = sampling;
    }

    private record Task(int index, Question question, String model, int sample) {}

    /**
     * @param resumed a previous run's outcomes by {@link Outcome#key()}: an answer to the same prompt is scored again, not asked again
     * @return the outcomes by item, then model, then sample
     */
    public List<Outcome> run(Map<String, Outcome> resumed, Progress progress, Consumer<Outcome> sink) {
        List<Task> tasks = new ArrayList<>();
        for (Question q : questions)
            for (String model : models)
                for (int sample = 0; sample < repeat; sample++) tasks.add(new Task(tasks.size(), q, model, sample));
        AtomicReferenceArray<Outcome> outcomes = new AtomicReferenceArray<>(tasks.size());
        Map<String, ExecutorService> workers = new LinkedHashMap<>();
        for (String model : models) workers.put(model, Executors.newFixedThreadPool(concurrency, Thread.ofVirtual().name("eval-" + model + "-", 0).factory()));
        for (Task task : tasks) {
            Outcome before = resumed.get(Outcome.key(task.model(), task.question().item().id(), task.sample()));
            Runnable work = () -> {
                Outcome outcome = reusable(before, task) ? rescore(before, task.question().item()) : ask(task);
                outcomes.set(task.index(), outcome);
                sink.accept(outcome);
                progress.done(task.model(), outcome.failed());
            };
            if (reusable(before, task)) work.run();
            else workers.get(task.model()).execute(work);
        }
        workers.values().forEach(ExecutorService::close); // waits for each model's last answer
        List<Outcome> all = new ArrayList<>(tasks.size());
        for (int i = 0; i < tasks.size(); i++) all.add(outcomes.get(i));
        return all;
    }

    private static boolean reusable(Outcome before, Task task) {
        return before != null && !before.failed() && Objects.equals(before.prompt(), task.question().prompt())
                && Objects.equals(before.system(), task.question().system());
    }

    private Outcome ask(Task task) {
        Question q = task.question();
        Answer a = calls.ask(task.model(), task.sample(), q.request(task.model(), sampling));
        Outcome unscored = new Outcome(task.model(), q.item().id(), task.sample(), q.item().input(), q.item().expected(), q.system(), q.prompt(),
                a.reply(), a.error(), a.latencyMs(), a.tokensIn(), a.tokensOut(), a.cost(), a.cached(), Map.of(), Map.of());
        return rescore(unscored, q.item());
    }

    private Outcome rescore(Outcome outcome, EvalItem item) {
        if (outcome.failed()) return outcome;
        Map<String, Double> scores = new LinkedHashMap<>();
        Map<String, String> notes = new HashMap<>();
        for (Scorer scorer : scorers) {
            try {
                Score s = scorer.score(item, outcome.reply());
                scores.put(scorer.name(), s.value());
                if (s.note() != null) notes.put(scorer.name(), s.note());
            } catch (ScoreError e) {
                scores.put(scorer.name(), null);
                notes.put(scorer.name(), e.getMessage());
            }
        }
        return outcome.rescored(scores, notes);
    }
}
