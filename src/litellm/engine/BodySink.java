package litellm.engine;

import java.io.IOException;
import java.io.OutputStream;

/** Receives a whole answer as the bytes the upstream sent, when the proxy passes it through unchanged ({@link PassThrough}). */
public interface BodySink {
    /** Sends the status (200) and headers, with the body's length when known (else -1); the body's bytes then go to the stream returned. */
    OutputStream start(long length) throws IOException;

    /** Whether {@link #start} was called: the client has been sent something, so the call can no longer be retried. */
    boolean started();
}
