package litellm.eval;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each built-in scorer on the replies models really give, scorer scripts, and the names --scorer takes. */
class ScorersTest {
    static final Scorers.Options DEFAULTS = new Scorers.Options(1e-6, null, null, null);
    static final JudgeScorer.Judge NO_JUDGE = (model, request) -> { throw new ScoreError("no judge here"); };

    @TempDir
    Path dir;

    static EvalItem item(String expected, String... choices) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("input", "question");
        if (expected != null) fields.put("expected", expected);
        return new EvalItem("1", "data.jsonl:1", "question", expected, List.of(choices), fields);
    }

    static double score(String scorer, EvalItem item, String reply) throws Exception {
        return Scorers.of(List.of(scorer), DEFAULTS, NO_JUDGE).get(0).score(item, reply).value();
    }

    @Test
    void exactContainsAndRegex() throws Exception {
        assertEquals(1, score("exact", item("Paris"), "  Paris\n"));
        assertEquals(0, score("exact", item("Paris"), "paris"));
        assertEquals(1, score("contains", item("paris"), "It is Paris."));
        assertEquals(0, score("contains", item("Rome"), "It is Paris."));
        assertEquals(1, score("regex:^\\d{3}$", item(null), "123"));
        assertEquals(0, score("regex:^\\d{3}$", item(null), "1234"));
    }

    @ParameterizedTest(name = "{1} in \"{0}\"")
    @CsvSource(delimiter = '|', value = {
            "The answer is 42.|42|1",
            "So 6 × 7 = 42|42|1",
            "It costs $1,234.50 in total|1234.5|1",
            "From 3 apples we get -12|-12|1",
            "x = .5|0.5|1",
            "about 6.02e23 atoms|6.02e23|1",
            "First 41, then 43|42|0",
            "forty-two|42|0",
            "42 is wrong, it is 41|42|0",
    })
    void numericReadsTheLastNumber(String reply, String expected, double score) throws Exception {
        assertEquals(score, score("numeric", item(expected), reply));
    }

    @Test
    void numericToleranceIsRelative() throws Exception {
        var scorer = Scorers.of(List.of("numeric"), new Scorers.Options(0.01, null, null, null), NO_JUDGE).get(0);
        assertEquals(1, scorer.score(item("3.14159"), "pi is about 3.14").value());
        assertEquals(0, scorer.score(item("3.14159"), "pi is about 3.1").value());
        assertEquals("the expected answer 'many' is not a number (the scorer 'numeric')", scorer.problem(item("many")));
    }

    @ParameterizedTest(name = "\"{0}\" picks {1}")
    @CsvSource(delimiter = '|', value = {
            "B|B",
            "B.|B",
            "(C) Rome|C",
            "**D**|D",
            "The answer is (B).|B",
            "Answer: C|C",
            "I think the correct option is D because...|D",
            "Let me think. A cat is not a dog. So: Rome|B",
            "A|A",
            "{\"answer\": \"C\"}|C",
            "A cat sat|",
            "It is either Paris or Rome|",
    })
    void choiceFindsTheLetterTheReplyPicks(String reply, String letter) {
        EvalItem item = item("B", "Paris", "Rome", "Oslo", "Bern");
        assertEquals(letter, ChoiceScorer.picked(reply, item));
    }

    @Test
    void choiceTakesTheExpectedAnswerAsALetterATextOrAnIndex() throws Exception {
        assertEquals(1, score("choice", item("b", "Paris", "Rome"), "B"));
        assertEquals(1, score("choice", item("Rome", "Paris", "Rome"), "(B)"));
        Map<String, Object> fields = new LinkedHashMap<>(Map.of("input", "q", "answer", 1));
        EvalItem indexed = new EvalItem("1", "d:1", "q", "1", List.of("Paris", "Rome"), fields);
        assertEquals(1, score("choice", indexed, "Answer: B"));
        var choice = Scorers.of(List.of("choice"), DEFAULTS, NO_JUDGE).get(0);
        assertEquals("no 'choices' for the scorer 'choice'", choice.problem(item("B")));
        assertEquals("the expected answer 'Madrid' is neither a letter from A to B nor one of the choices (the scorer 'choice')",
                choice.problem(item("Madrid", "Paris", "Rome")));
    }

    @Test
    void jsonWithAndWithoutASchema() throws Exception {
        assertEquals(1, score("json", item(null), "```json\n{\"name\": \"Ada\"}\n```"));
        assertEquals(0, score("json", item(null), "{\"name\": \"Ada\""));
        Path schema = dir.resolve("person.schema.json");
        Files.writeString(schema, """
                {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
                 "required": ["name", "age"], "properties": {"name": {"type": "string"}, "age": {"type": "integer", "minimum": 0}}}
                """);
        var json = Scorers.of(List.of("json"), new Scorers.Options(0, schema, null, null), NO_JUDGE).get(0);
        assertEquals(1, json.score(item(null), "{\"name\": \"Ada\", \"age\": 36}").value());
        Score missing = json.score(item(null), "{\"name\": \"Ada\"}");
        assertEquals(0, missing.value());
        assertTrue(missing.note().contains("age"), missing.note());
        assertEquals(0, json.score(item(null), "{\"name\": \"Ada\", \"age\": -1}").value());
        Files.writeString(schema, "{\"type\": ");
        assertTrue(assertThrows(BadInput.class, () -> Scorers.of(List.of("json"), new Scorers.Options(0, schema, null, null), NO_JUDGE))
                .getMessage().startsWith(schema + ":1: not JSON"));
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "The answer is right.\\nSCORE: 8|0.8",
            "Score: 7/10|0.7",
            "**Rating:** 4 out of 5|0.8",
            "Grade: 85%|0.85",
            "score 0.9|0.9",
            "Verdict: PASS|1",
            "Verdict: fail|0",
            "I would give it 3/4.|0.75",
            "7|0.7",
            "The answer is correct.|1",
            "The answer is not correct.|0",
            "Incorrect: it says Paris.|0",
            "Score: 3. On reflection, Score: 9|0.9",
            "SCORE: 85|0.85",
            "I cannot grade this.|",
    })
    void verdictsAsJudgesWriteThem(String text, Double score) {
        Double read = Verdict.score(text.replace("\\n", "\n"));
        if (score == null) assertNull(read);
        else assertEquals(score, read, 1e-9);
    }

    @Test
    void aJudgeAsksItsModelWithTheRubricAndReadsItsVerdict() throws Exception {
        List<Map<String, Object>> asked = new java.util.ArrayList<>();
        JudgeScorer.Judge judge = (model, request) -> {
            asked.add(request);
            return "Close enough.\nSCORE: 6";
        };
        var scorer = Scorers.of(List.of("judge:gpt-4o"), new Scorers.Options(0, null, new TextOption("Be kind.", "--rubric"), null), judge).get(0);
        Score s = scorer.score(item("Rome"), "It is Rome, I think");
        assertEquals(0.6, s.value(), 1e-9);
        assertEquals("Close enough. SCORE: 6", s.note());
        assertEquals("gpt-4o", asked.get(0).get("model"));
        String prompt = String.valueOf(((Map<?, ?>) ((List<?>) asked.get(0).get("messages")).get(1)).get("content"));
        assertTrue(prompt.contains("[Reference answer]\nRome") && prompt.contains("[Answer to grade]\nIt is Rome, I think") && prompt.contains("[Rubric]\nBe kind."), prompt);
        JudgeScorer.Judge vague = (model, request) -> "Hmm.";
        assertEquals("the judge's verdict states no score: Hmm.",
                assertThrows(ScoreError.class, () -> Scorers.of(List.of("judge:x"), DEFAULTS, vague).get(0).score(item(null), "r")).getMessage());
    }

    @Test
    void scorerScriptsScoreAndReportTheirFailuresWithFileAndLine() throws Exception {
        Files.writeString(dir.resolve("short.groovy"), "def score(item, reply) {\n    reply.split(/\\s+/).size() <= 3\n}\n");
        Files.writeString(dir.resolve("half.groovy"), "def score(Map item, String reply) { [score: 0.5, note: \"for ${item.expected}\"] }\n");
        Files.writeString(dir.resolve("throws.groovy"), "def score(item, reply) {\n    def x = null\n    x.size()\n}\n");
        var options = new Scorers.Options(0, null, null, dir);
        List<Scorer> all = Scorers.of(List.of(), options, NO_JUDGE); // every script of the folder
        assertEquals(List.of("half", "short", "throws"), all.stream().map(Scorer::name).toList());
        assertEquals(1, all.get(1).score(item("x"), "two words").value());
        assertEquals(0, all.get(1).score(item("x"), "one two three four").value());
        assertEquals(new Score(0.5, "for x"), all.get(0).score(item("x"), "r"));
        String failure = assertThrows(ScoreError.class, () -> all.get(2).score(item("x"), "r")).getMessage();
        assertTrue(failure.contains("Cannot invoke method size() on null object") && failure.endsWith(" at " + dir.resolve("throws.groovy") + ":3"), failure);

        Files.writeString(dir.resolve("broken.groovy"), "def score(item, reply) {\n    reply.size( > 3\n}\n");
        String broken = assertThrows(BadInput.class, () -> Scorers.of(List.of("broken"), options, NO_JUDGE)).getMessage();
        assertTrue(broken.startsWith("scorer " + dir.resolve("broken.groovy") + ":2:"), broken);
        Files.writeString(dir.resolve("none.groovy"), "def grade(item, reply) { true }\n");
        assertEquals("scorer " + dir.resolve("none.groovy") + ": defines no score(item, reply)",
                assertThrows(BadInput.class, () -> Scorers.of(List.of("none"), options, NO_JUDGE)).getMessage());
    }

    @Test
    void anUnknownScorerOrABadPatternIsOneLine() {
        assertEquals("--scorer: no scorer 'exactly'; the built-in ones are " + Scorers.BUILT_IN + ", and --scorers DIR adds scripts",
                assertThrows(BadInput.class, () -> Scorers.of(List.of("exactly"), DEFAULTS, NO_JUDGE)).getMessage());
        assertEquals("--scorer regex:(a: not a regular expression: Unclosed group at index 2",
                assertThrows(BadInput.class, () -> Scorers.of(List.of("regex:(a"), DEFAULTS, NO_JUDGE)).getMessage());
        assertEquals("--scorers: no such folder " + dir.resolve("nope"),
                assertThrows(BadInput.class, () -> Scorers.of(List.of(), new Scorers.Options(0, null, null, dir.resolve("nope")), NO_JUDGE)).getMessage());
    }
}
