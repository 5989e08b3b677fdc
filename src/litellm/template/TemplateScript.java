package litellm.template;

import groovy.lang.Script;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The base of every {@code templates/*.groovy} script: one model family's prompt format. Most are a
 * few declarations:
 * <pre>
 * info(models: ['*zephyr*'])                 // glob patterns for the model ids it fits (case-insensitive)
 * start '&lt;s&gt;'                                // text before the first message
 * turns(user: ['[INST] ', ' [/INST]'],       // per role: the text before and after a message's content
 *       assistant: ['', '&lt;/s&gt;'])
 * generation '&lt;|assistant|&gt;\n'              // ends the prompt, opening the model's answer
 * defaultSystem 'You are ...'                // the system message when the conversation has none
 * systemInFirstUser '\n\n'                   // no system role: system text, this, then the first user message
 * trim true                                  // strip whitespace around each message's content
 * like 'alpaca'                              // the same format as another template
 * </pre>
 * A format that text around messages cannot express defines {@code String render(List<Map> messages)}
 * instead; each message is a map with {@code role} and {@code content} (text).
 */
public abstract class TemplateScript extends Script {
    private static final Set<String> INFO_KEYS = Set.of("models", "bos", "eos");

    private List<Pattern> models = List.of();
    private String bos = "", eos = "";
    private Turns turns;
    private String like;
    private Function<String, TemplateScript> lookup = name -> null;

    protected void info(Map<String, Object> declaration) {
        for (String key : declaration.keySet())
            if (!INFO_KEYS.contains(key)) throw new IllegalArgumentException("info(): unknown key '" + key + "'; known keys: " + INFO_KEYS);
        Object m = declaration.get("models");
        Collection<?> patterns = m == null ? List.of() : m instanceof Collection<?> c ? c : List.of(m);
        List<Pattern> list = new ArrayList<>();
        for (Object p : patterns) list.add(glob(p.toString()));
        models = List.copyOf(list);
        bos = str(declaration.get("bos"));
        eos = str(declaration.get("eos"));
    }

    protected void turns(Map<String, List<String>> aroundEachRole) {
        aroundEachRole.forEach((role, around) -> {
            if (around.size() != 2) throw new IllegalArgumentException("turns(): " + role + " needs [before, after], got " + around);
            turns().roles.put(role, List.copyOf(around));
        });
    }

    protected void start(String text) { turns().start = text; }

    protected void generation(String text) { turns().generation = text; }

    protected void defaultSystem(String text) { turns().defaultSystem = text; }

    protected void systemInFirstUser(String separator) { turns().systemInFirstUser = separator; }

    protected void trim(boolean trim) { turns().trim = trim; }

    protected void like(String template) { this.like = template; }

    public String getBos() { return bos; }

    public String getEos() { return eos; }

    /** The prompt for these messages. */
    public String render(List<Map<String, String>> messages) {
        if (like != null) {
            TemplateScript other = lookup.apply(like);
            if (other == null || other == this) throw new IllegalStateException("like '" + like + "': no such template");
            return other.render(messages);
        }
        return turns.render(messages);
    }

    /** True if one of the {@code models} patterns matches the whole model id. */
    public boolean fits(String model) {
        return models.stream().anyMatch(p -> p.matcher(model).matches());
    }

    /** Set when the script loads: finds the templates that {@code like} names. */
    void load(Function<String, TemplateScript> lookup) {
        this.lookup = lookup;
        run();
        boolean renders = false;
        for (var m : getClass().getDeclaredMethods()) renders |= m.getName().equals("render");
        if (turns == null && like == null && !renders)
            throw new IllegalArgumentException("declares no format: use turns(...), like '<template>' or define String render(List<Map> messages)");
    }

    private Turns turns() {
        if (turns == null) turns = new Turns();
        return turns;
    }

    private static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        for (String part : glob.split("((?<=[*?])|(?=[*?]))"))
            re.append(part.equals("*") ? ".*" : part.equals("?") ? "." : Pattern.quote(part));
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE);
    }

    private static String str(Object o) {
        return o == null ? "" : o.toString();
    }
}
