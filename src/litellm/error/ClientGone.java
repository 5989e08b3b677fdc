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
}
