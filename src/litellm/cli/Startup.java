package litellm.cli;

import litellm.http.Secrets;
import picocli.CommandLine;


/** What the command line sets up before serving: logging, the user's script folder, the default model. */
public final class Startup {
    /** Served when neither --model nor --config is given: answers without network or key. */
    public static final String OFFLINE_MODEL = "offline/echo";

    private Startup() {}

    /**
     * slf4j-simple reads these once, so this runs before the first logger is made. It writes to standard error,
     * which from now on masks the proxy's secrets in every line ({@link MaskedOutput}), the environment's among them.
     */
    public static void configureLogging(boolean debug) {
        Secrets.registerEnvironment(System.getenv());
        MaskedOutput.installOnStderr();
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
        System.setProperty("org.slf4j.simpleLogger.log.litellm", debug ? "debug" : "info");
        System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.io.javalin", "warn");
        // The pool's warnings repeat, with a stack trace, what litellm.keys says in a line when the database is away
        System.setProperty("org.slf4j.simpleLogger.log.com.zaxxer.hikari", "error");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
    }

    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"litellm.java " + litellm.runtime.Version.VERSION, "Java " + Runtime.version()};
        }
    }
}
