package litellm.eval;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A prompt with {@code {{variable}}} placeholders, rendered for each item by the Jinja engine the chat templates use
 * (Jinjava): {@code {{ input }}}, {@code {% if choices %}...{% endif %}}, filters. A variable the item does not have
 * is an error, not an empty text: a misspelt placeholder would otherwise send every question without its point.
 * A template of plain placeholders only (the default's) is filled in directly: the same text, without Jinja's
 * parsing of each item's copy, which was most of a thousand-item run's start.
 */
public final class PromptTemplate {
    /** The default user message: the question alone. */
    public static final String QUESTION = "{{ input }}";
    /** The default user message of a multiple-choice item: the question, its choices lettered, an instruction. */
    public static final String QUESTION_WITH_CHOICES = "{{ input }}\n\n{{ choices_text }}\n\nAnswer with the letter of the correct choice.";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}");

    private final TextOption text;
    private final boolean plain;

    public PromptTemplate(TextOption text) {
        this.text = text;
        String rest = PLACEHOLDER.matcher(text.text()).replaceAll("");
        this.plain = !rest.contains("{{") && !rest.contains("{%") && !rest.contains("{#");
    }

    /** The user message: {@code --prompt}'s, else the default ({@link #QUESTION}, {@link #QUESTION_WITH_CHOICES}). */
    public static String userMessage(PromptTemplate given, EvalItem item) throws BadInput {
        PromptTemplate t = given != null ? given : item.choices().isEmpty() ? DEFAULT_PLAIN : DEFAULT_CHOICES;
        return t.render(item.variables(), item.where());
    }

    private static final PromptTemplate DEFAULT_PLAIN = new PromptTemplate(new TextOption(QUESTION, "the default prompt"));
    private static final PromptTemplate DEFAULT_CHOICES = new PromptTemplate(new TextOption(QUESTION_WITH_CHOICES, "the default prompt"));

    /** @return null when {@code text} is */
    public static PromptTemplate of(TextOption text) {
        return text == null ? null : new PromptTemplate(text);
    }

    public String text() {
        return text.text();
    }

    /** The text for these variables. @throws BadInput naming {@code where} (the item) for an unknown variable, else the template's line */
    public String render(Map<String, Object> variables, String where) throws BadInput {
        return plain ? fill(variables, where) : jinja(variables, where);
    }

    private String fill(Map<String, Object> variables, String where) throws BadInput {
        Matcher m = PLACEHOLDER.matcher(text.text());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            if (!variables.containsKey(m.group(1))) throw unknown(m.group(1), variables, where);
            Object value = variables.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : String.valueOf(value)));
        }
        return m.appendTail(out).toString();
    }

    private String jinja(Map<String, Object> variables, String where) throws BadInput {
        RenderResult result = Jinja.ENGINE.renderForResult(text.text(), variables);
        for (TemplateError e : result.getErrors()) {
            if (e.getSeverity() != TemplateError.ErrorType.FATAL && e.getReason() != TemplateError.ErrorReason.SYNTAX_ERROR) continue;
            String message = String.valueOf(e.getMessage());
            if (message.contains("UnknownTokenException")) throw unknown(message.replaceFirst(".*Unknown token found: ", ""), variables, where);
            throw new BadInput(text.origin() + (text.origin().startsWith("--") ? ": line " : ":") + e.getLineno() + ": " + message);
        }
        return result.getOutput();
    }

    /** Made on first use: a run with plain prompts never loads Jinjava (its set-up registers hundreds of filters and functions). */
    private static final class Jinja {
        static final Jinjava ENGINE = new Jinjava(JinjavaConfig.newBuilder().withFailOnUnknownTokens(true).build());
    }

    private BadInput unknown(String name, Map<String, Object> variables, String where) {
        return new BadInput(where + ": " + text.origin() + " uses '" + name + "', which this item does not have (it has "
                + String.join(", ", variables.keySet()) + ")");
    }
}
