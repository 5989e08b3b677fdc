package litellm.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import litellm.json.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a dataset: JSONL (a JSON object a line) or CSV (a header row, then a row per item), told apart by the file's
 * extension ({@code .csv}; anything else is JSONL). An item has an input ({@code input} or {@code question}), an
 * expected answer ({@code expected} or {@code answer}, optional), optionally {@code id} and {@code choices} (a JSON
 * list; in CSV texts split by {@code |}, or columns named {@code A}, {@code B}, ...); every field is a prompt variable.
 * Every problem is found before the run starts, as {@code FILE:LINE: what is wrong}.
 */
public final class Dataset {
    /** A line must be one JSON value: {@code {"a": 1} x} is not JSON, though the shared mapper lets trailing text pass. */
    private static final ObjectReader LINE = Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Dataset() {}

    public static List<EvalItem> read(Path file) throws BadInput {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new BadInput("--data: no such file " + file);
        } catch (IOException e) {
            throw new BadInput("--data: cannot read " + file + ": " + e.getMessage());
        }
        List<EvalItem> items = file.getFileName().toString().toLowerCase().endsWith(".csv") ? csv(text, file.toString()) : jsonl(text, file.toString());
        if (items.isEmpty()) throw new BadInput(file + ": no items");
        Map<String, String> ids = new HashMap<>();
        for (EvalItem item : items) {
            String first = ids.putIfAbsent(item.id(), item.where());
            if (first != null) throw new BadInput(item.where() + ": the id '" + item.id() + "' is already the id of the item at " + first);
        }
        return items;
    }

    private static List<EvalItem> jsonl(String text, String file) throws BadInput {
        List<EvalItem> items = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = i == 0 && lines[i].startsWith("\uFEFF") ? lines[i].substring(1) : lines[i];
            if (line.isBlank()) continue;
            String where = file + ":" + (i + 1);
            items.add(item(where, i + 1, object(line, where)));
        }
        return items;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String line, String where) throws BadInput {
        JsonNode node;
        try {
            node = LINE.readTree(line);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            String why = e.getOriginalMessage().startsWith("Trailing token") ? "more after the object (a line holds one JSON object)"
                    : e.getOriginalMessage().lines().findFirst().orElse("");
            throw new BadInput(where + (at == null || at.getColumnNr() < 1 ? "" : ":" + at.getColumnNr()) + ": not JSON: " + why);
        }
        if (!node.isObject()) throw new BadInput(where + ": expected a JSON object {\"input\": ..., \"expected\": ...}, got " + node.getNodeType().name().toLowerCase());
        return Json.MAPPER.convertValue(node, Map.class);
    }

    private static List<EvalItem> csv(String text, String file) throws BadInput {
        List<Csv.Row> rows = Csv.rows(text, file);
        if (rows.isEmpty()) return List.of();
        List<String> header = rows.get(0).fields().stream().map(String::strip).toList();
        List<EvalItem> items = new ArrayList<>();
        for (Csv.Row row : rows.subList(1, rows.size())) {
            String where = file + ":" + row.line();
            if (row.fields().size() != header.size())
                throw new BadInput(where + ": " + row.fields().size() + " fields, but the header (line " + rows.get(0).line() + ") has " + header.size());
            Map<String, Object> fields = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) fields.put(header.get(i), row.fields().get(i));
            if (fields.get("choices") instanceof String s) fields.put("choices", s.isBlank() ? List.of() : List.of(s.split("\\s*\\|\\s*")));
            else if (fields.containsKey("A") && fields.containsKey("B")) fields.put("choices", letterColumns(fields));
            items.add(item(where, row.line(), fields));
        }
        return items;
    }

    /** MMLU's CSV shape: a column per choice, named A, B, C... (an empty last one is no choice). */
    private static List<String> letterColumns(Map<String, Object> fields) {
        List<String> choices = new ArrayList<>();
        for (int i = 0; fields.get(EvalItem.letter(i)) instanceof String choice && !choice.isBlank(); i++) choices.add(choice);
        return choices;
    }

    private static EvalItem item(String where, int line, Map<String, Object> fields) throws BadInput {
        String input = text(first(fields, "input", "question"), where, "input");
        if (input == null || input.isBlank()) throw new BadInput(where + ": no 'input' (or 'question'): the question to ask");
        String expected = text(first(fields, "expected", "answer"), where, "expected");
        String id = text(fields.get("id"), where, "id");
        return new EvalItem(id == null || id.isBlank() ? String.valueOf(line) : id, where, input, expected, choices(fields.get("choices"), where), fields);
    }

    private static Object first(Map<String, Object> fields, String name, String otherName) {
        return fields.get(name) != null ? fields.get(name) : fields.get(otherName);
    }

    /** A text, number or true/false as text; null for none. */
    private static String text(Object value, String where, String field) throws BadInput {
        if (value == null) return null;
        if (value instanceof String || value instanceof Number || value instanceof Boolean) return value.toString();
        throw new BadInput(where + ": '" + field + "' must be a text or a number, got " + Json.text(value));
    }

    private static List<String> choices(Object value, String where) throws BadInput {
        if (value == null) return List.of();
        if (!(value instanceof List<?> list)) throw new BadInput(where + ": 'choices' must be a list of texts, got " + Json.text(value));
        if (list.size() > 26) throw new BadInput(where + ": 'choices' has " + list.size() + " choices; at most 26 (A to Z)");
        List<String> choices = new ArrayList<>();
        for (Object choice : list) {
            if (choice == null) throw new BadInput(where + ": 'choices' holds a null; each choice is a text");
            choices.add(text(choice, where, "choices"));
        }
        return choices;
    }
}
