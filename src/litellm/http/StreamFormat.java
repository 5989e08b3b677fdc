package litellm.http;

/** How an upstream frames a streamed answer; NONE: it cannot stream, and a stream is made from its whole answer. */
public enum StreamFormat { SSE, NDJSON, AWS_EVENTSTREAM, NONE }
