package litellm.e2e.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import litellm.eval.BadInput;
import litellm.eval.Dataset;
import litellm.eval.EvalItem;
import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Launched;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * scripts/eval.java as a user runs it, in its own process: the examples' datasets to several models, through the
 * Java API (offline/echo), a config.yaml and an OpenAI-compatible server (a fake one that knows the answers), every
 * scorer, the output files, the answer cache, an interrupted run resumed, and bad input stopped before any call.
 */
class EvalScriptTest {
    static final ObjectMapper JSON = new ObjectMapper();
    /** The answer cache and compiled scripts of these runs, apart from the user's. */
    @TempDir
    static Path cache;
    @TempDir
    Path dir;

    static Launched eval(Map<String, String> env, String... args) {
        Map<String, String> all = new HashMap<>(env);
        all.put("XDG_CACHE_HOME", cache.toString());
        String[] command = new String[args.length + 1];
        command[0] = "scripts/eval.java";
        System.arraycopy(args, 0, command, 1, args.length);
        return Launched.jbang(all, command);
    }

    /** An OpenAI-compatible server whose models answer as {@code reply} says, from the model asked and the last user message. */
    static FakeUpstream server(java.util.function.BiFunction<String, String, String> reply) {
        return FakeUpstream.start().onRequest("/v1/chat/completions", request -> {
            Map<String, Object> body = request.json();
            List<?> messages = (List<?>) body.get("messages");
            String user = String.valueOf(((Map<?, ?>) messages.get(messages.size() - 1)).get("content"));
            String model = String.valueOf(body.get("model"));
            return FakeUpstream.json(200, chat(model, reply.apply(model, user)));
        });
    }

    static String chat(String model, String content) {
        try {
            return JSON.writeValueAsString(Map.of("id", "chatcmpl-1", "object", "chat.completion", "created", 1, "model", model,
                    "choices", List.of(Map.of("index", 0, "message", Map.of("role", "assistant", "content", content), "finish_reason", "stop")),
                    "usage", Map.of("prompt_tokens", 10, "completion_tokens", 5, "total_tokens", 15)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An example dataset's expected answers by question, read as the eval reads them. */
    static Map<String, String> answers(String dataset) throws BadInput {
        Map<String, String> answers = new HashMap<>();
        for (EvalItem item : Dataset.read(Fixtures.repo().resolve(dataset))) answers.put(item.input(), item.expected());
        return answers;
    }

    static JsonNode summary(Path out) throws IOException {
        return JSON.readTree(out.resolve("summary.json").toFile());
    }

    static JsonNode model(JsonNode summary, String name) {
        for (JsonNode m : summary.get("models")) if (m.get("model").asText().equals(name)) return m;
        throw new AssertionError("no model " + name + " in " + summary);
    }

    static double mean(JsonNode summary, String model, String scorer) {
        return model(summary, model).get("scores").get(scorer).get("mean").asDouble();
    }

    static void noStackTrace(Launched run) {
        assertFalse(run.err().contains("\tat ") || run.err().contains("Exception"), run.toString());
    }

    @Test
    void comparesModelsThroughTheJavaApiAndWritesTheResultsSummaryAndReport() throws IOException {
        Path out = dir.resolve("out");
        var run = eval(Map.of(), "--models", "offline/echo,no-such-model", "--data", "tests/fixtures/eval/echo.jsonl", "--out", out.toString(),
                "--progress", "bar", "--no-cache");
        assertEquals(0, run.exitCode(), run.toString());
        noStackTrace(run);
        // a row per model; the model that fails shows its errors while the other finishes
        assertTrue(Pattern.compile("offline/echo +3 +0\\.67 \\[0\\.21, 0\\.94] +0 ").matcher(run.out()).find(), run.out());
        assertTrue(Pattern.compile("no-such-model +0 +- +3 ").matcher(run.out()).find(), run.out());
        assertTrue(run.out().contains("no-such-model: 3 of 3 calls failed, e.g. 400 cannot tell which provider serves 'no-such-model'"), run.out());
        assertTrue(run.err().contains("] 3/3  0 errors") && run.err().contains("\033["), run.err()); // the bars, redrawn in place

        List<String> lines = Files.readAllLines(out.resolve("results.jsonl"));
        assertEquals(6, lines.size());
        JsonNode paris = lines.stream().map(EvalScriptTest::tree).filter(l -> l.get("model").asText().equals("offline/echo") && l.get("id").asText().equals("1"))
                .findFirst().orElseThrow();
        assertEquals("Repeat after me: Paris", paris.get("prompt").asText());
        assertEquals(1.0, paris.get("scores").get("contains").asDouble());
        assertTrue(paris.get("reply").asText().contains("You said: \"Repeat after me: Paris\""));
        assertTrue(paris.get("tokens_in").asLong() > 0 && paris.get("latency_ms").isNumber());

        JsonNode summary = summary(out);
        assertEquals(2.0 / 3, mean(summary, "offline/echo", "contains"), 1e-9);
        assertEquals("wilson", model(summary, "offline/echo").get("scores").get("contains").get("interval").asText());
        assertEquals(3, model(summary, "no-such-model").get("errors").asInt());
        assertEquals("tests/fixtures/eval/echo.jsonl", summary.get("run").get("data").asText());
        String report = Files.readString(out.resolve("report.html"));
        assertTrue(report.contains("<svg data-chart=\"scores\"") && report.contains("<svg data-chart=\"latency-cost\""));
    }

    @Test
    void aModelWithoutItsKeyFailsInItsRowWhileTheOthersFinish() {
        assumeTrue(System.getenv("ANTHROPIC_API_KEY") == null, "ANTHROPIC_API_KEY is set: the call would reach Anthropic");
        var run = eval(Map.of(), "--models", "offline/echo,claude-3-5-haiku-20241022", "--data", "tests/fixtures/eval/echo.jsonl", "--no-cache");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(Pattern.compile("offline/echo +3 +0\\.67").matcher(run.out()).find(), run.out());
        assertTrue(run.out().contains("claude-3-5-haiku-20241022: 3 of 3 calls failed, e.g. 401 no API key for anthropic: set ANTHROPIC_API_KEY"), run.out());
    }

    @Test
    void everyModelFailingIsExitOne() {
        var run = eval(Map.of(), "--models", "no-such-model", "--data", "tests/fixtures/eval/echo.jsonl", "--no-cache");
        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.out().contains("no-such-model: 3 of 3 calls failed"), run.out());
    }

    @Test
    void arithmeticScoredNumericallyExactlyByPatternByAJudgeAndByAScript() throws Exception {
        Map<String, String> answers = answers("examples/eval/arithmetic.jsonl");
        try (var server = server((model, user) -> switch (model) {
            case "good" -> "Let me see.\nThe answer is " + answers.get(user);
            case "bad" -> "It is 5";
            case "judge" -> user.contains("[Answer to grade]\nLet me see.") ? "Right, and clear.\nSCORE: 9" : "Wrong.\nSCORE: 2";
            default -> throw new IllegalArgumentException(model);
        })) {
            Path out = dir.resolve("out");
            var run = eval(Map.of(), "--models", "good,bad", "--data", "examples/eval/arithmetic.jsonl", "--base-url", server.baseUrl() + "/v1",
                    "--api-key", "sk-eval", "--scorer", "numeric", "--scorer", "exact", "--scorer", "regex:answer is", "--scorer", "judge:judge",
                    "--rubric=@examples/eval/rubric.txt", "--scorers", "examples/eval/scorers", "--scorer", "brief",
                    "--system=@examples/eval/system.txt", "--temperature", "0", "--seed", "7", "--out", out.toString());
            assertEquals(0, run.exitCode(), run.toString());
            noStackTrace(run);
            JsonNode summary = summary(out);
            assertEquals(1.0, mean(summary, "good", "numeric"));
            assertEquals(0.0, mean(summary, "bad", "numeric"));
            assertEquals(0.0, mean(summary, "good", "exact"));
            assertEquals(1.0, mean(summary, "good", "regex:answer is"));
            assertEquals(0.9, mean(summary, "good", "judge:judge"), 1e-9);
            assertEquals(0.2, mean(summary, "bad", "judge:judge"), 1e-9);
            assertEquals(1.0, mean(summary, "bad", "brief"));
            assertEquals(20, model(summary, "good").get("items").asInt());

            // 20 of 20 right for good only: McNemar's exact p = 2 / 2^20
            assertTrue(run.out().contains("numeric: good 1.00 vs bad 0.00 on 20 items: 20 right only for good, 0 only for bad; McNemar p < 0.001: significant"), run.out());
            assertTrue(run.out().contains("judge:judge: good 0.90 vs bad 0.20 on 20 items: difference +0.70 [+0.70, +0.70]; bootstrap p < 0.001: significant"), run.out());

            var sent = server.received().stream().filter(r -> "good".equals(r.json().get("model"))).findFirst().orElseThrow();
            assertEquals("Bearer sk-eval", sent.headers().get("authorization"));
            assertEquals(0, ((Number) sent.json().get("temperature")).intValue());
            assertEquals(7, ((Number) sent.json().get("seed")).intValue());
            assertFalse(sent.json().containsKey("drop_params"), "the eval's drop_params is the engine's, never sent");
            List<?> messages = (List<?>) sent.json().get("messages");
            assertEquals(Files.readString(Fixtures.repo().resolve("examples/eval/system.txt")), ((Map<?, ?>) messages.get(0)).get("content"));
            var judged = server.received().stream().filter(r -> "judge".equals(r.json().get("model"))).findFirst().orElseThrow();
            assertTrue(judged.text().contains("Correctness: the final answer agrees with the reference answer"), judged.text());

            JsonNode line = Files.readAllLines(out.resolve("results.jsonl")).stream().map(EvalScriptTest::tree)
                    .filter(l -> l.get("model").asText().equals("good") && l.get("id").asText().equals("arith-01")).findFirst().orElseThrow();
            assertEquals("Right, and clear. SCORE: 9", line.get("notes").get("judge:judge").asText());
            assertEquals("7 words", line.get("notes").get("brief").asText()); // "Let me see. The answer is 42"
        }
    }

    @Test
    void multipleChoiceFromCsvWithTheChoiceAndJsonScorers() throws Exception {
        Map<String, String> letters = answers("examples/eval/multiple-choice.csv");
        Path schema = dir.resolve("answer.schema.json");
        Files.writeString(schema, "{\"type\": \"object\", \"required\": [\"answer\"], \"properties\": {\"answer\": {\"enum\": [\"A\", \"B\", \"C\", \"D\"]}}}");
        try (var server = server((model, user) -> {
            String letter = letters.get(user.lines().findFirst().orElseThrow());
            return switch (model) {
                case "good" -> "The answer is (" + letter + ").";
                case "always-a" -> "A";
                case "json" -> "```json\n{\"answer\": \"" + letter + "\"}\n```";
                default -> throw new IllegalArgumentException(model);
            };
        })) {
            Path out = dir.resolve("out");
            var run = eval(Map.of("OPENAI_API_KEY", "sk-must-not-leak"), "--models", "good,always-a,json", "--data", "examples/eval/multiple-choice.csv",
                    "--base-url", server.baseUrl() + "/v1", "--scorer", "choice", "--scorer", "json", "--schema", schema.toString(), "--out", out.toString());
            assertEquals(0, run.exitCode(), run.toString());
            JsonNode summary = summary(out);
            assertEquals(1.0, mean(summary, "good", "choice"));
            assertEquals(0.25, mean(summary, "always-a", "choice"), 1e-9); // 5 of the 20 answers are A
            assertEquals(1.0, mean(summary, "json", "choice"));
            assertEquals(1.0, mean(summary, "json", "json"));
            assertEquals(0.0, mean(summary, "good", "json"));
            assertTrue(run.out().contains("choice: good 1.00 vs always-a 0.25 on 20 items: 15 right only for good, 0 only for always-a"), run.out());
            // the default prompt lists the choices, lettered
            String prompt = (String) ((Map<?, ?>) ((List<?>) server.received().get(0).json().get("messages")).get(0)).get("content");
            assertTrue(prompt.contains("\n\nA. ") && prompt.endsWith("Answer with the letter of the correct choice."), prompt);
            assertTrue(server.received().stream().noneMatch(r -> r.headers().containsKey("authorization")),
                    "without --api-key no key is sent: OPENAI_API_KEY is OpenAI's alone");
        }
    }

    @Test
    void aConfigsModelNamesWithTheirKeysAndPrices() throws IOException {
        try (var server = server((model, user) -> "Paris")) {
            Path config = dir.resolve("config.yaml");
            Files.writeString(config, "model_list:\n"
                    + "  - model_name: mini\n    litellm_params: {model: openai/gpt-4o-mini, api_base: " + server.baseUrl() + "/v1, api_key: sk-mini}\n"
                    + "  - model_name: priced\n    litellm_params: {model: openai/house-model, api_base: " + server.baseUrl() + "/v1, api_key: sk-priced,"
                    + " input_cost_per_token: 0.001, output_cost_per_token: 0.002}\n");
            Path out = dir.resolve("out");
            var run = eval(Map.of(), "--models", "mini,priced,absent", "--config", config.toString(), "--data", "tests/fixtures/eval/echo.jsonl",
                    "--out", out.toString());
            assertEquals(0, run.exitCode(), run.toString());
            JsonNode summary = summary(out);
            // usage 10 in, 5 out per call, 3 calls: gpt-4o-mini at models.yaml's 1.5e-7 and 6e-7 per token; the config's own prices
            assertEquals(3 * (10 * 1.5e-7 + 5 * 6e-7), model(summary, "mini").get("cost_usd").asDouble(), 1e-12);
            assertEquals(3 * (10 * 0.001 + 5 * 0.002), model(summary, "priced").get("cost_usd").asDouble(), 1e-12);
            assertEquals(30, model(summary, "priced").get("tokens_in").asLong());
            assertEquals("the config has no model_name 'absent' (it has mini, priced)", model(summary, "absent").get("top_error").asText());
            assertEquals("sk-mini", keyOf(server, "gpt-4o-mini"));
            assertEquals("sk-priced", keyOf(server, "house-model"));
            assertTrue(Pattern.compile("priced +3 +0\\.33 .* 30 +15 +0\\.06\\n").matcher(run.out()).find(), run.out());
        }
    }

    static String keyOf(FakeUpstream server, String model) {
        return server.received().stream().filter(r -> model.equals(r.json().get("model"))).findFirst().orElseThrow()
                .headers().get("authorization").substring("Bearer ".length());
    }

    @Test
    void aRerunIsAnsweredFromTheCacheAndNoCacheAsksAgain() throws IOException {
        try (var server = server((model, user) -> "Rome")) {
            String[] args = {"--models", "m1,m2", "--data", "tests/fixtures/eval/echo.jsonl", "--base-url", server.baseUrl() + "/v1", "--repeat", "2"};
            var first = eval(Map.of(), args);
            assertEquals(0, first.exitCode(), first.toString());
            assertEquals(12, server.received().size()); // 3 items, 2 models, 2 samples each
            var again = eval(Map.of(), args);
            assertEquals(0, again.exitCode(), again.toString());
            assertEquals(12, server.received().size());
            assertTrue(again.out().contains("12 answers came from the cache"), again.out());
            String[] noCache = java.util.Arrays.copyOf(args, args.length + 1);
            noCache[args.length] = "--no-cache";
            assertEquals(0, eval(Map.of(), noCache).exitCode());
            assertEquals(24, server.received().size());
        }
    }

    @Test
    void anInterruptedRunIsResumedFromItsResults() throws Exception {
        try (var server = FakeUpstream.start().onRequest("/v1/chat/completions", r -> FakeUpstream.slow(400, FakeUpstream.json(200, chat("m", "42"))))) {
            Path out = dir.resolve("out");
            String[] args = {"--models", "m", "--data", "examples/eval/arithmetic.jsonl", "--base-url", server.baseUrl() + "/v1", "--concurrency", "1",
                    "--scorer", "numeric", "--no-cache", "--out", out.toString()};
            Launched interrupted = eval(Map.of(), args);
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (lines(out) < 3 && System.nanoTime() < deadline) Thread.sleep(50);
            interrupted.close(); // SIGTERM, as Ctrl-C (what it then prints, a hint to --resume, is lost by the JDK's reading of an ended process)
            interrupted.exitCode();
            int kept = lines(out), askedBefore = server.received().size();
            assertTrue(kept >= 3 && kept < 20, "kept " + kept);

            String[] resume = java.util.Arrays.copyOf(args, args.length + 1);
            resume[args.length] = "--resume";
            var resumed = eval(Map.of(), resume);
            assertEquals(0, resumed.exitCode(), resumed.toString());
            assertEquals(20 - kept, server.received().size() - askedBefore, "only the items without an answer are asked");
            // stderr is no terminal here: a progress line every 5 s (this run takes 0.4 s an item), and one at the end
            assertTrue(Pattern.compile("eval \\d+\\.\\d s: m \\d+/20 \\(0 errors").matcher(resumed.err()).find(), resumed.err());
            assertTrue(resumed.err().contains("eval done in "), resumed.err());
            assertEquals(20, lines(out));
            assertEquals(20, model(summary(out), "m").get("items").asInt());
            assertEquals(0.05, mean(summary(out), "m", "numeric"), 1e-9); // 42 is the answer to the first question only
        }
    }

    static int lines(Path out) throws IOException {
        Path results = out.resolve("results.jsonl");
        return Files.exists(results) ? (int) Files.readAllLines(results).stream().filter(l -> l.endsWith("}")).count() : 0;
    }

    @Test
    void aSlowModelDoesNotHoldUpTheOthers() throws IOException {
        try (var server = FakeUpstream.start().onRequest("/v1/chat/completions", r -> "slow".equals(r.json().get("model"))
                ? FakeUpstream.slow(3000, FakeUpstream.json(200, chat("slow", "x"))) : FakeUpstream.json(200, chat("fast", "x")))) {
            Path out = dir.resolve("out");
            var run = eval(Map.of(), "--models", "slow,fast", "--data", "examples/eval/arithmetic.jsonl", "--limit", "4", "--concurrency", "2",
                    "--base-url", server.baseUrl() + "/v1", "--no-cache", "--out", out.toString());
            assertEquals(0, run.exitCode(), run.toString());
            List<String> models = Files.readAllLines(out.resolve("results.jsonl")).stream().map(l -> tree(l).get("model").asText()).toList();
            assertEquals(List.of("fast", "fast", "fast", "fast", "slow", "slow", "slow", "slow"), models);
        }
    }

    @Test
    void badInputIsOneLineAndExitTwoBeforeAnyCall() throws IOException {
        try (var server = server((model, user) -> "x")) {
            String url = server.baseUrl() + "/v1";
            Path jsonl = dir.resolve("broken.jsonl");
            Files.writeString(jsonl, "{\"input\": \"a\", \"expected\": \"1\"}\n{\"input\": \"b\" \"expected\": \"2\"}\n");
            assertBad(eval(Map.of(), "--models", "m", "--data", jsonl.toString(), "--base-url", url),
                    "eval: " + jsonl + ":2:15: not JSON: Unexpected character ('\"' (code 34)): was expecting comma to separate Object entries");
            Path csv = dir.resolve("broken.csv");
            Files.writeString(csv, "question,answer\nWhat is 1+1?,2\nWhat is 2+2?,4,extra\n");
            assertBad(eval(Map.of(), "--models", "m", "--data", csv.toString(), "--base-url", url),
                    "eval: " + csv + ":3: 3 fields, but the header (line 1) has 2");
            assertBad(eval(Map.of(), "--models", "m", "--data", "examples/eval/multiple-choice.csv", "--scorer", "numeric", "--base-url", url),
                    "eval: examples/eval/multiple-choice.csv:2: the expected answer 'B' is not a number (the scorer 'numeric')");
            Path scorers = Files.createDirectories(dir.resolve("scorers"));
            Files.writeString(scorers.resolve("broken.groovy"), "def score(item, reply) {\n  reply.size( > 3\n}\n");
            Launched broken = eval(Map.of(), "--models", "m", "--data", "examples/eval/arithmetic.jsonl", "--scorers", scorers.toString(), "--base-url", url);
            assertEquals(2, broken.exitCode(), broken.toString());
            assertTrue(eval(broken).startsWith("eval: scorer " + scorers.resolve("broken.groovy") + ":2:"), broken.err());
            assertEquals(1, eval(broken).lines().count(), broken.err());
            assertBad(eval(Map.of(), "--models", "m", "--data", dir.resolve("none.jsonl").toString()),
                    "eval: --data: no such file " + dir.resolve("none.jsonl"));
            assertBad(eval(Map.of(), "--models", "m", "--data", "examples/eval/arithmetic.jsonl", "--concurency", "4"),
                    "eval: Unknown options: '--concurency', '4' (see --help)");
            assertBad(eval(Map.of(), "--models", "m", "--data", "examples/eval/arithmetic.jsonl", "--scorer", "judge:nobody-knows"),
                    "eval: --scorer judge:nobody-knows: 400 cannot tell which provider serves 'nobody-knows': write it as <provider>/<model>, e.g. openai/nobody-knows");
            assertEquals(0, server.received().size(), "no call before the input is checked");
        }
    }

    static void assertBad(Launched run, String line) {
        assertEquals(2, run.exitCode(), run.toString());
        assertEquals(line, eval(run), run.toString());
        assertEquals("", run.out());
    }

    /** What the eval wrote on stderr, without JBang's lines (the first run after an edit builds the script). */
    static String eval(Launched run) {
        return run.err().lines().filter(l -> !l.startsWith("[jbang]")).collect(java.util.stream.Collectors.joining("\n")).strip();
    }

    @Test
    void helpListsEveryOption() {
        var run = eval(Map.of(), "--help");
        assertEquals(0, run.exitCode(), run.toString());
        for (String option : List.of("--models", "--data", "--config", "--base-url", "--api-key", "--prompt", "--system", "--scorer=", "--scorers",
                "--tolerance", "--schema", "--rubric", "--concurrency", "--repeat", "--temperature", "--seed", "--max-tokens", "--limit", "--no-cache",
                "--out", "--resume", "--progress"))
            assertTrue(run.out().contains(option), option + " in " + run.out());
    }

    static JsonNode tree(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
