package litellm.engine;

import litellm.http.StreamEvent;

import java.io.IOException;
import java.util.Map;

/** Receives the chunks of a stream, each as it arrives. */
public interface ChunkSink {
    void chunk(Map<String, Object> chunk) throws IOException;

    /** An upstream event already in OpenAI's chunk format; a sink that writes JSON can send its text unparsed. */
    default void unchanged(StreamEvent event) throws IOException {
        chunk(event.map());
    }
}
