package litellm.server;

import java.net.BindException;
import java.nio.channels.UnresolvedAddressException;

/** The server cannot listen where it was told: the port is taken, or the address is not this machine's. Its message is one line. */
public final class CannotListen extends RuntimeException {
    private CannotListen(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code e} as one line when it is a failure to listen; else {@code e} itself. */
    static RuntimeException from(RuntimeException e, String host, int port) {
        String where = "cannot listen on " + host + ":" + port + ": ";
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException)
                return new CannotListen(where + "the host name does not resolve; give --host an address of this machine (0.0.0.0 for all)", e);
            if (t instanceof BindException bind) return new CannotListen(where + why(bind.getMessage()), e);
        }
        return e;
    }

    private static String why(String message) {
        String m = message == null ? "" : message;
        if (m.contains("already in use")) return "the port is in use (another proxy?); stop it, or choose another port with --port";
        if (m.contains("assign requested address")) return "the address is not one of this machine's; choose another with --host (0.0.0.0 for all)";
        if (m.contains("Permission denied")) return "ports below 1024 need root; choose another with --port";
        return m;
    }
}
