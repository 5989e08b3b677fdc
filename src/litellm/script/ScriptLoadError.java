package litellm.script;

/** A script that does not compile or does not start, with where: {@code providers/x.groovy:12:5: message}. */
public final class ScriptLoadError extends Exception {
    public ScriptLoadError(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
