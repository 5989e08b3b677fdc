package litellm.error;

import java.io.IOException;

/** The client went away (its connection failed or closed): nothing more to send, nobody to tell. */
public final class ClientGone extends RuntimeException {
    public ClientGone(IOException cause) {
        super(cause.getMessage(), cause, false, false);
    }

    public ClientGone(String message) {
        super(message, null, false, false);
    }

    /**
     * As an error: 499, nginx's "client closed request". What the callbacks log, and what a client that only closed
     * its sending side (an HTTP half-close, which is all the proxy can see of a client that left) still reads.
     */
    public LlmError error() {
        return new LlmError(499, "client_closed_request", "the client left before the answer was complete: " + getMessage(), null, null, null);
    }
}
