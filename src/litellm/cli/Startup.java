package litellm.cli;

import litellm.http.Secrets;
import litellm.log.Logging;
import picocli.CommandLine;


/** What the command line sets up before serving: logging, the user's script folder, the default model. */
public final class Startup {
    /** Served when neither --model nor --config is given: answers without network or key. */
    public static final String OFFLINE_MODEL = "offline/echo";

    private Startup() {}

    /**
     * The log as {@code logging} says. It writes to standard error and standard output, which from now on mask the
     * proxy's secrets in every line ({@link MaskedOutput}), the environment's among them.
     */
    public static void configureLogging(Logging logging) {
        Secrets.registerEnvironment(System.getenv());
        MaskedOutput.install();
        logging.apply();
    }

    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"litellm.java " + litellm.runtime.Version.VERSION, "Java " + Runtime.version()};
        }
    }
}
