package litellm.eval;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;

import java.util.Map;

/**
 * A prompt with {@code {{variable}}} placeholders, rendered for each item by the Jinja engine the chat templates use
 * (Jinjava): {@code {{ input }}}, {@code {% if choices %}...{% endif %}}, filters. A variable the item does not have
 * is an error, not an empty text: a misspelt placeholder would otherwise send every question without its point.
 */
public final class PromptTemplate {
    /** The question, and a multiple-choice question's choices with an instruction. */
    public static final String DEFAULT = "{{ input }}{% if choices %}\n\n{{ choices_text }}\n\nAnswer with the letter of the correct choice.{% endif %}";
    private static final Jinjava JINJA = new Jinjava(JinjavaConfig.newBuilder().withFailOnUnknownTokens(true).build());

    private final TextOption text;

    public PromptTemplate(TextOption text) {
        this.text = text;
    }

    public static PromptTemplate of(TextOption text, String fallback) {
        return text == null ? (fallback == null ? null : new PromptTemplate(new TextOption(fallback, "the default prompt"))) : new PromptTemplate(text);
    }

    /** The text for these variables. @throws BadInput naming {@code where} (the item) for an unknown variable, else the template's line */
    public String render(Map<String, Object> variables, String where) throws BadInput {
        if (text.text().indexOf('{') < 0) return text.text(); // nothing to render: most system prompts
        RenderResult result = JINJA.renderForResult(text.text(), variables);
        for (TemplateError e : result.getErrors()) {
            if (e.getSeverity() != TemplateError.ErrorType.FATAL && e.getReason() != TemplateError.ErrorReason.SYNTAX_ERROR) continue;
            String message = String.valueOf(e.getMessage());
            if (message.contains("UnknownTokenException"))
                throw new BadInput(where + ": " + text.origin() + " uses '" + message.replaceFirst(".*Unknown token found: ", "")
                        + "', which this item does not have (it has " + String.join(", ", variables.keySet()) + ")");
            throw new BadInput(text.origin() + (text.origin().startsWith("--") ? ": line " : ":") + e.getLineno() + ": " + message);
        }
        return result.getOutput();
    }
}
