///usr/bin/env jbang "$0" "$@" ; exit $?
//SOURCES ../litellm.java

import litellm.LiteLLM;
import litellm.json.Json;
import litellm.error.LlmError;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A quick eval: questions from a JSONL file ({"question": ..., "answer": ...} a line) to any model,
 * scored by whether the reply contains the expected answer (case-insensitive).
 * <pre>
 * ./jbang scripts/eval.java --model claude-2 --data questions.jsonl [--concurrency 8] [--temperature 0]
 * </pre>
 * It calls providers directly through the Java API: no proxy needed, the same keys in the environment.
 */
public class eval {
    record Item(String question, String answer) {}

    record Outcome(Item item, String reply, String error) {
        boolean correct() {
            return reply != null && reply.toLowerCase().contains(item.answer().toLowerCase());
        }
    }

    public static void main(String... args) throws Exception {
        Map<String, String> flags = flags(args);
        if (!flags.containsKey("model") || !flags.containsKey("data")) {
            System.err.println("usage: ./jbang scripts/eval.java --model <model> --data <file.jsonl> [--concurrency N] [--temperature T]");
            System.exit(2);
        }
        List<Item> items = Files.readAllLines(Path.of(flags.get("data"))).stream().filter(l -> !l.isBlank()).map(eval::item).toList();
        var llm = LiteLLM.direct();
        int concurrency = Integer.parseInt(flags.getOrDefault("concurrency", "4"));
        Double temperature = flags.containsKey("temperature") ? Double.valueOf(flags.get("temperature")) : null;
        List<Outcome> outcomes;
        try (var pool = Executors.newFixedThreadPool(concurrency, Thread.ofVirtual().factory())) {
            List<Future<Outcome>> futures = items.stream().map(i -> pool.submit(() -> ask(llm, flags.get("model"), i, temperature))).toList();
            outcomes = futures.stream().map(eval::get).toList();
        }
        long correct = outcomes.stream().filter(Outcome::correct).count();
        long failed = outcomes.stream().filter(o -> o.error() != null).count();
        for (Outcome o : outcomes)
            System.out.printf("%s %s%n", o.error() != null ? "ERR " : o.correct() ? "ok  " : "miss", o.item().question()
                    + (o.error() != null ? "  <- " + o.error() : ""));
        System.out.printf("accuracy: %d/%d (%.1f%%), errors: %d%n", correct, items.size(), 100.0 * correct / Math.max(1, items.size()), failed);
        System.exit(failed == items.size() && !items.isEmpty() ? 1 : 0);
    }

    static Outcome ask(LiteLLM llm, String model, Item item, Double temperature) {
        try {
            Map<String, Object> request = new java.util.LinkedHashMap<>(Map.of("model", model,
                    "messages", List.of(Map.of("role", "user", "content", item.question()))));
            if (temperature != null) request.put("temperature", temperature);
            var choice = ((List<?>) llm.completion(request).get("choices")).get(0);
            return new Outcome(item, String.valueOf(((Map<?, ?>) ((Map<?, ?>) choice).get("message")).get("content")), null);
        } catch (LlmError e) {
            return new Outcome(item, null, e.status() + " " + e.getMessage());
        }
    }

    static Item item(String line) {
        try {
            var m = Json.parseObject(line);
            return new Item(String.valueOf(m.get("question")), String.valueOf(m.get("answer")));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not a JSON line: " + line, e);
        }
    }

    static Outcome get(Future<Outcome> f) {
        try {
            return f.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> flags(String[] args) {
        Map<String, String> flags = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) flags.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        return flags;
    }
}
