package litellm.engine;

import java.io.IOException;
import java.io.OutputStream;

/** Receives an answer that is bytes (speech's audio): told its content type once, then written to as the bytes arrive. */
public interface BinarySink {
    /** The answer begins: its content type is the upstream's. Nothing may be retried after this. */
    OutputStream start(String contentType) throws IOException;
}
