package litellm.engine;

import litellm.http.StreamEvent;
import litellm.responses.Turn;

import java.io.IOException;
import java.util.Map;

/**
 * A Responses stream's events on their way to the client, seen by the conversation's {@link Turn}: the events that
 * carry the response echo the client's previous_response_id, and the last one is stored. Other events, and those an
 * upstream sent in OpenAI's format, pass as they came.
 */
final class TurnSink implements ChunkSink {
    private final Turn turn;
    private final ChunkSink sink;

    TurnSink(Turn turn, ChunkSink sink) {
        this.turn = turn;
        this.sink = sink;
    }

    @Override
    public void chunk(Map<String, Object> event) throws IOException {
        sink.chunk(turn.event(event));
    }

    @Override
    public void unchanged(StreamEvent event) throws IOException {
        if (turn.sees(event)) sink.chunk(turn.event(event.map()));
        else sink.unchanged(event);
    }

    @Override
    public void flush() throws IOException {
        sink.flush();
    }
}
