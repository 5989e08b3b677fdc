package litellm.engine;

import litellm.http.StreamEvent;

import java.io.IOException;
import java.util.Map;

/**
 * Receives the chunks of a stream, each as it arrives. A sink that writes to a network may hold what it was given
 * until {@link #flush()}: the relay flushes whenever it is about to wait for the upstream, so every chunk still leaves
 * as soon as it arrived, and what the upstream delivered at once leaves in one write.
 */
public interface ChunkSink {
    void chunk(Map<String, Object> chunk) throws IOException;

    /** An upstream event already in OpenAI's chunk format; a sink that writes JSON can send its text unparsed. */
    default void unchanged(StreamEvent event) throws IOException {
        chunk(event.map());
    }

    /** What was given so far must reach its destination now: the stream is about to wait. */
    default void flush() throws IOException {}

    /** A sink that hands each chunk to {@code mapping} (which maps it on to {@code next}) and its flushes to {@code next}. */
    static ChunkSink via(ChunkSink mapping, ChunkSink next) {
        return new ChunkSink() {
            @Override
            public void chunk(Map<String, Object> chunk) throws IOException {
                mapping.chunk(chunk);
            }

            @Override
            public void flush() throws IOException {
                next.flush();
            }
        };
    }
}
