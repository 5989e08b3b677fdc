package litellm.eval;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Datasets as people write them, and each mistake reported at its file and line. */
class DatasetTest {
    @TempDir
    Path dir;

    @Test
    void jsonlItemsWithTheirFieldsAsVariables() throws Exception {
        List<EvalItem> items = read("q.jsonl", """
                {"question": "2+2?", "answer": 4, "topic": "maths"}

                {"id": "capital", "input": "Capital of Italy?", "expected": "Rome", "choices": ["Paris", "Rome"]}
                """);
        assertEquals(2, items.size());
        EvalItem first = items.get(0), second = items.get(1);
        assertEquals("1", first.id()); // no id: the line number
        assertEquals("2+2?", first.input());
        assertEquals("4", first.expected());
        assertEquals("maths", first.variables().get("topic"));
        assertEquals(dir.resolve("q.jsonl") + ":1", first.where());
        assertEquals("capital", second.id());
        assertEquals(List.of("Paris", "Rome"), second.choices());
        assertEquals("A. Paris\nB. Rome", second.variables().get("choices_text"));
        assertEquals(dir.resolve("q.jsonl") + ":3", second.where());
    }

    @Test
    void csvWithQuotedFieldsAcrossLinesAndChoiceColumns() throws Exception {
        List<EvalItem> items = read("q.csv", "question,A,B,C,answer,note\r\n"
                + "\"Which is \"\"red\"\",\nreally?\",apple,sky,grass,A,\"a, b\"\r\n"
                + "\r\n"
                + "Which is blue?,apple,sky,,B,\n");
        assertEquals(2, items.size());
        assertEquals("Which is \"red\",\nreally?", items.get(0).input());
        assertEquals(List.of("apple", "sky", "grass"), items.get(0).choices());
        assertEquals("a, b", items.get(0).fields().get("note"));
        assertEquals("2", items.get(0).id());
        assertEquals(List.of("apple", "sky"), items.get(1).choices()); // an empty last column is no choice
        assertEquals(dir.resolve("q.csv") + ":5", items.get(1).where());
    }

    @Test
    void csvChoicesColumnSplitByBars() throws Exception {
        EvalItem item = read("q.csv", "input,choices,expected\nPick,red | green|blue,green\n").get(0);
        assertEquals(List.of("red", "green", "blue"), item.choices());
        assertNull(read("r.csv", "input\nHi\n").get(0).expected());
    }

    @Test
    void aLineThatIsNotJsonIsReportedAtItsLineAndColumn() throws IOException {
        assertEquals(dir.resolve("q.jsonl") + ":2:15: not JSON: Unexpected character ('}' (code 125)): was expecting double-quote to start field name",
                error("q.jsonl", "{\"input\": \"a\"}\n{\"input\": \"b\",}\n"));
        assertEquals(dir.resolve("q.jsonl") + ":1:17: not JSON: Unrecognized token 'x': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
                error("q.jsonl", "{\"input\": \"a\"} x\n"));
        assertEquals(dir.resolve("q.jsonl") + ":1:15: not JSON: more after the object (a line holds one JSON object)",
                error("q.jsonl", "{\"input\": \"a\"}{\"input\": \"b\"}\n"));
        assertEquals(dir.resolve("q.jsonl") + ":1: expected a JSON object {\"input\": ..., \"expected\": ...}, got array", error("q.jsonl", "[1, 2]\n"));
    }

    @Test
    void aCsvRowWithTheWrongNumberOfFields() throws IOException {
        assertEquals(dir.resolve("q.csv") + ":3: 3 fields, but the header (line 1) has 2", error("q.csv", "input,expected\na,b\nc,d,e\n"));
        assertEquals(dir.resolve("q.csv") + ":2: a quoted field is never closed (a \" is missing)", error("q.csv", "input,expected\n\"a,b\n"));
    }

    @Test
    void itemsMissingWhatTheyNeed() throws IOException {
        assertEquals(dir.resolve("q.jsonl") + ":1: no 'input' (or 'question'): the question to ask", error("q.jsonl", "{\"answer\": \"x\"}\n"));
        assertEquals(dir.resolve("q.jsonl") + ":2: the id 'a' is already the id of the item at " + dir.resolve("q.jsonl") + ":1",
                error("q.jsonl", "{\"id\": \"a\", \"input\": \"x\"}\n{\"id\": \"a\", \"input\": \"y\"}\n"));
        assertEquals(dir.resolve("q.jsonl") + ":1: 'choices' must be a list of texts, got \"A or B\"", error("q.jsonl", "{\"input\": \"x\", \"choices\": \"A or B\"}\n"));
        assertEquals(dir.resolve("q.jsonl") + ": no items", error("q.jsonl", "\n\n"));
        assertEquals("--data: no such file " + dir.resolve("none.jsonl"), assertThrows(BadInput.class, () -> Dataset.read(dir.resolve("none.jsonl"))).getMessage());
    }

    @Test
    void promptPlaceholdersAreRenderedAndAnUnknownOneIsAnError() throws Exception {
        EvalItem item = read("q.jsonl", "{\"input\": \"2+2?\", \"topic\": \"maths\", \"choices\": [\"3\", \"4\"]}\n").get(0);
        Map<String, Object> variables = item.variables();
        assertEquals("[maths] 2+2?", new PromptTemplate(new TextOption("[{{ topic }}] {{ input }}", "--prompt")).render(variables, item.where()));
        assertEquals("2+2?\n\nA. 3\nB. 4\n\nAnswer with the letter of the correct choice.", PromptTemplate.userMessage(null, item));
        // Jinja where the template needs it, the same text as the plain placeholders give
        var jinja = new PromptTemplate(new TextOption("{{ input }}{% if choices %} ({{ choices|length }} choices){% endif %}", "--prompt"));
        assertEquals("2+2? (2 choices)", jinja.render(variables, item.where()));
        assertEquals(new PromptTemplate(new TextOption("{{input}}: {{ topic }}", "--prompt")).render(variables, item.where()),
                new PromptTemplate(new TextOption("{{ input }}: {{ topic|string }}", "--prompt")).render(variables, item.where()));
        assertEquals(item.where() + ": --prompt uses 'subject', which this item does not have (it has input, topic, choices, id, expected, choices_text)",
                assertThrows(BadInput.class, () -> new PromptTemplate(new TextOption("{% if subject %}x{% endif %}", "--prompt")).render(variables, item.where())).getMessage());
        BadInput unknown = assertThrows(BadInput.class, () -> new PromptTemplate(new TextOption("{{ subject }}: {{ input }}", "--prompt")).render(variables, item.where()));
        assertEquals(item.where() + ": --prompt uses 'subject', which this item does not have (it has input, topic, choices, id, expected, choices_text)",
                unknown.getMessage());
    }

    private List<EvalItem> read(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return Dataset.read(file);
    }

    private String error(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return assertThrows(BadInput.class, () -> Dataset.read(file)).getMessage();
    }
}
