package litellm.keys;

/**
 * A key's or team's requests and tokens in this minute, as counted when a call asked for one more request.
 *
 * @param crossed null when the request was taken; else the limit crossed, as LiteLLM says it
 */
record MinuteCount(String crossed, long requests, long tokens) {
    /** A request taken with no limit to report against. */
    static final MinuteCount UNLIMITED = new MinuteCount(null, 0, 0);
}
