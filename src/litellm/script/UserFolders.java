package litellm.script;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * Where the proxy reads the user's scripts and keeps its caches, from the environment alone.
 * {@code $HOME} wins over Java's {@code user.home}: Java takes the account's home from the password database, so a
 * user (or a test, or a container) that sets another HOME would otherwise still read and write the first one's files.
 *
 * <ul>
 * <li>providers: {@code --providers}, else {@code $LITELLM_PROVIDERS}, else {@code ~/.litellm/providers}</li>
 * <li>templates: {@code $LITELLM_TEMPLATES}, else {@code ~/.litellm/templates}</li>
 * <li>callbacks: {@code $LITELLM_CALLBACKS}, else {@code ~/.litellm/callbacks}</li>
 * <li>compiled scripts, Hugging Face chat templates and the eval's answers: {@code $XDG_CACHE_HOME/litellm.java}, else
 *     {@code ~/.cache/litellm.java}</li>
 * </ul>
 * The start-up (AOT) cache is not here: the JVM opens it before any of this code runs, so litellm.java's header names
 * it, with the same rule for the home folder.
 */
public record UserFolders(Path providers, Path templates, Path callbacks, Path compiledScripts, Path chatTemplates, Path evalAnswers) {

    /** From the process's environment. */
    public static UserFolders fromEnvironment() {
        return from(System::getenv);
    }

    /** From {@code env} (the process's, or with a config's environment_variables laid over it). */
    public static UserFolders from(Function<String, String> env) {
        Path home = home(env);
        Path cache = set(env.apply("XDG_CACHE_HOME")) ? Path.of(env.apply("XDG_CACHE_HOME")) : home.resolve(".cache");
        Path litellmCache = cache.resolve("litellm.java");
        return new UserFolders(
                folder(env, "LITELLM_PROVIDERS", home.resolve(".litellm/providers")),
                folder(env, "LITELLM_TEMPLATES", home.resolve(".litellm/templates")),
                folder(env, "LITELLM_CALLBACKS", home.resolve(".litellm/callbacks")),
                litellmCache.resolve("scripts"),
                litellmCache.resolve("chat-templates"),
                litellmCache.resolve("eval-answers"));
    }

    /** With the providers folder {@code --providers} names, when given. */
    public UserFolders withProviders(Path flag) {
        return flag == null ? this : new UserFolders(flag, templates, callbacks, compiledScripts, chatTemplates, evalAnswers);
    }

    /** $HOME, else Java's user.home. */
    public static Path home(Function<String, String> env) {
        String home = env.apply("HOME");
        return Path.of(set(home) ? home : System.getProperty("user.home"));
    }

    private static Path folder(Function<String, String> env, String variable, Path otherwise) {
        String value = env.apply(variable);
        return set(value) ? Path.of(value) : otherwise;
    }

    private static boolean set(String value) {
        return value != null && !value.isBlank();
    }
}
