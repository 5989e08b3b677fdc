package litellm.responses;

import java.io.IOException;
import java.util.Map;

/** Receives JSON objects one at a time, as they are made: a stream's Responses events, or a chat stream's chunks. */
@FunctionalInterface
public interface JsonSink {
    void accept(Map<String, Object> json) throws IOException;
}
