package litellm.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One question of a dataset.
 *
 * @param id       its {@code id} field, else its line number
 * @param where    {@code FILE:LINE}, for messages about it
 * @param input    the question: the {@code input} field, else {@code question}
 * @param expected the answer it should get: {@code expected}, else {@code answer}; null when it has none
 * @param choices  a multiple-choice question's choices, A first; empty for other questions
 * @param fields   every field as the data has it: the prompt's variables
 */
public record EvalItem(String id, String where, String input, String expected, List<String> choices, Map<String, Object> fields) {
    public EvalItem {
        choices = List.copyOf(choices);
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** The letter of the choice at {@code index}: A, B, C... */
    public static String letter(int index) {
        return String.valueOf((char) ('A' + index));
    }

    /** The choices one a line, {@code A. Paris}, as the default prompt lists them. */
    public String choicesText() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < choices.size(); i++) text.append(i == 0 ? "" : "\n").append(letter(i)).append(". ").append(choices.get(i));
        return text.toString();
    }

    /**
     * The item as the prompt, the rubric and scorer scripts see it: every field, and {@code input}, {@code expected},
     * {@code choices}, {@code choices_text} and {@code id} whatever the data called them.
     */
    public Map<String, Object> variables() {
        Map<String, Object> variables = new LinkedHashMap<>(fields);
        variables.put("id", id);
        variables.put("input", input);
        variables.put("expected", expected);
        variables.put("choices", choices);
        variables.put("choices_text", choicesText());
        return variables;
    }
}
