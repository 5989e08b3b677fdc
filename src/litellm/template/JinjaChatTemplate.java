package litellm.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import litellm.error.LlmError;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders a Hugging Face {@code chat_template} as {@code tokenizer.apply_chat_template(messages,
 * add_generation_prompt=True)} does: Jinja with trim_blocks and lstrip_blocks, the tokenizer's
 * bos/eos tokens, and {@code raise_exception(message)} for conversations the model refuses.
 */
public final class JinjaChatTemplate {
    private static final Jinjava JINJA = new Jinjava(JinjavaConfig.newBuilder().withTrimBlocks(true).withLstripBlocks(true).build());
    private static final ThreadLocal<String> RAISED = new ThreadLocal<>();

    static {
        JINJA.getGlobalContext().registerFunction(new ELFunctionDefinition("", "raise_exception", JinjaChatTemplate.class, "raise", String.class));
    }

    /** Thrown when the template cannot be rendered by this engine (not when it refuses the messages). */
    public static final class Unrenderable extends RuntimeException {
        Unrenderable(String message) {
            super(message);
        }
    }

    private JinjaChatTemplate() {}

    /** The prompt; a 400 with the template's own message when it raises; {@link Unrenderable} for other template errors. */
    public static String render(String template, List<Map<String, String>> messages, String bos, String eos) {
        Map<String, Object> context = new HashMap<>();
        context.put("messages", messages);
        context.put("bos_token", bos == null ? "" : bos);
        context.put("eos_token", eos == null ? "" : eos);
        context.put("add_generation_prompt", true);
        RAISED.remove();
        try {
            RenderResult result = JINJA.renderForResult(template, context);
            String raised = RAISED.get();
            if (raised != null) throw LlmError.badRequest(raised, "messages", "invalid_messages_for_model");
            List<TemplateError> fatal = result.getErrors().stream().filter(e -> e.getSeverity() == TemplateError.ErrorType.FATAL).toList();
            if (!fatal.isEmpty())
                throw new Unrenderable(fatal.stream().map(e -> "line " + e.getLineno() + ": " + e.getMessage()).collect(Collectors.joining("; ")));
            return result.getOutput();
        } finally {
            RAISED.remove();
        }
    }

    /** {@code raise_exception(message)} in templates. */
    public static String raise(String message) {
        RAISED.set(message);
        throw new IllegalArgumentException(message);
    }
}
