package litellm.template;

import litellm.error.LlmError;
import litellm.script.LiveScripts;
import litellm.script.ScriptLoadError;
import litellm.script.UserFolders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns chat messages into the prompt string a text-generation model was trained on. The first of
 * these that applies wins:
 * <ol>
 * <li>a custom template in the deployment's params: {@code initial_prompt_value}, {@code roles}
 *     ({@code pre_message}/{@code post_message} per role), {@code final_prompt_value}, {@code bos_token}, {@code eos_token};</li>
 * <li>the template the deployment names with {@code prompt_template} (a {@code templates/<name>.groovy});</li>
 * <li>the {@code chat_template} of the model's tokenizer_config.json on the Hugging Face hub, rendered with Jinja;</li>
 * <li>the first family template ({@code templates/*.groovy}; the user's folder first) whose model patterns fit the model id;</li>
 * <li>a plain "role: content" transcript ending with "assistant:".</li>
 * </ol>
 * Templates are Groovy scripts loaded like provider scripts: the user's folder ({@code $LITELLM_TEMPLATES},
 * default ~/.litellm/templates) overrides the built-in ones, and an edit serves once compiled, off the requests' path.
 */
public class PromptTemplates {
    private static final Logger log = LoggerFactory.getLogger(PromptTemplates.class);

    /** The built-in templates, in the order their model patterns are tried. */
    public static final List<String> BUILT_IN = List.of("codellama", "llama-2", "llama-3", "mistral", "zephyr", "chatml", "qwen",
            "mpt", "falcon", "vicuna", "phind", "wizardcoder", "orca-mini", "alpaca", "gemma");

    private final LiveScripts<TemplateScript> scripts;
    private final HubChatTemplates hub;
    private final Set<String> unrenderable = ConcurrentHashMap.newKeySet();

    /** The user's templates from $LITELLM_TEMPLATES or ~/.litellm/templates; the hub from the environment. */
    public PromptTemplates() {
        this(UserFolders.fromEnvironment().templates(), HubChatTemplates.fromEnvironment());
    }

    /**
     * @param userDir the user's folder of templates (overriding the built-in ones), or null
     * @param hub     where Hugging Face chat templates come from, or null for none
     */
    public PromptTemplates(Path userDir, HubChatTemplates hub) {
        this.hub = hub;
        this.scripts = new LiveScripts<>("templates", TemplateScript.class, userDir, script -> script.load(this::lookup), "litellm.template");
    }

    /** The prompt of a request body: its {@code prompt} for /completions, its rendered {@code messages} for chat. */
    public String prompt(String model, Map<String, Object> body, java.util.function.Function<String, Object> param) {
        Object prompt = body.get("prompt");
        if (prompt instanceof String s) return s;
        if (prompt instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof String s) return s;
        return render(model, messages(body.get("messages")), param);
    }

    /** Chat messages rendered for {@code model}; {@code param} gives the deployment's settings. */
    public String render(String model, List<Map<String, String>> messages, java.util.function.Function<String, Object> param) {
        Turns custom = Turns.fromParams(param);
        if (custom != null) return custom.render(messages);

        Object named = param.apply("prompt_template");
        if (named != null) {
            TemplateScript script = named(named.toString());
            if (script == null) throw LlmError.badRequest("unknown prompt_template '" + named + "': there is no templates/" + named + ".groovy", "prompt_template");
            return script.render(messages);
        }

        if (hub != null && !unrenderable.contains(model)) {
            var found = hub.find(model);
            if (found.isPresent()) {
                try {
                    return JinjaChatTemplate.render(found.get().template(), messages, found.get().bos(), found.get().eos());
                } catch (JinjaChatTemplate.Unrenderable e) {
                    if (unrenderable.add(model)) log.warn("the chat template of {} does not render ({}); using the family template", model, e.getMessage());
                }
            }
        }

        TemplateScript family = family(model);
        return family != null ? family.render(messages) : plain(messages);
    }

    /** The first template, the user's first, whose model patterns fit; null if none does. */
    private TemplateScript family(String model) {
        for (String name : names()) {
            try {
                var loaded = scripts.get(name);
                if (loaded != null && loaded.script().fits(model)) return loaded.script();
            } catch (ScriptLoadError e) {
                // logged by LiveScripts; a template that never loaded fits nothing
            }
        }
        return null;
    }

    private List<String> names() {
        List<String> names = new ArrayList<>();
        File[] files = scripts.userDir() == null ? null : scripts.userDir().toFile().listFiles((dir, n) -> n.endsWith(".groovy"));
        if (files != null)
            Arrays.stream(files).map(f -> f.getName().replaceFirst("\\.groovy$", "")).sorted().forEach(names::add);
        for (String b : BUILT_IN) if (!names.contains(b)) names.add(b);
        return names;
    }

    private TemplateScript named(String name) {
        try {
            var loaded = scripts.get(name);
            return loaded == null ? null : loaded.script();
        } catch (ScriptLoadError e) {
            throw new LlmError(500, "internal_server_error", "prompt template does not load: " + e.getMessage(), null, "prompt_template_error", null);
        }
    }

    /** For {@code like '<name>'}: null when there is no such template. */
    private TemplateScript lookup(String name) {
        try {
            var loaded = scripts.get(name);
            return loaded == null ? null : loaded.script();
        } catch (ScriptLoadError e) {
            return null;
        }
    }

    static String plain(List<Map<String, String>> messages) {
        StringBuilder sb = new StringBuilder();
        for (var m : messages) sb.append(m.get("role")).append(": ").append(m.get("content")).append("\n");
        return sb.append("assistant:").toString();
    }

    /** The messages as role and text, as templates see them. */
    public static List<Map<String, String>> messages(Object messages) {
        List<Map<String, String>> list = new ArrayList<>();
        if (messages instanceof List<?> l)
            for (Object m : l)
                if (m instanceof Map<?, ?> message) list.add(message(String.valueOf(message.get("role")), text(message.get("content"))));
        return list;
    }

    static Map<String, String> message(String role, String content) {
        return Map.of("role", role, "content", content);
    }

    /** A message's text: its string content, or the text parts of a content array. */
    public static String text(Object content) {
        if (content == null) return "";
        if (content instanceof String s) return s;
        StringBuilder sb = new StringBuilder();
        if (content instanceof List<?> parts)
            for (Object p : parts)
                if (p instanceof Map<?, ?> part && "text".equals(part.get("type"))) sb.append(part.get("text"));
        return sb.toString();
    }
}
