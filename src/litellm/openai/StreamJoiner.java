package litellm.openai;

import java.time.Instant;
import java.util.Map;

/**
 * A stream's events put back together as the whole answer a non-streamed call would have given, for the callbacks
 * and the cache: {@link StreamedAnswer} for OpenAI's chunks; each API with streams of its own has its own.
 */
public interface StreamJoiner {
    /** One event (a chunk) of the stream, in the order sent. */
    void add(Map<String, Object> event);

    /** When the first event went out; null before. */
    Instant firstChunk();

    /** The whole answer so far. */
    Map<String, Object> response();
}
