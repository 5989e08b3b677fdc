package litellm.keys;

import java.util.function.BiConsumer;

/**
 * A call let through: closed when it ends, it frees its place among the key's parallel requests. Its headers are
 * LiteLLM's {@code x-ratelimit-<api_key|team>-<remaining|limit>-<requests|tokens>} for each rpm/tpm limit the call
 * was counted against, as they stood once it was counted.
 */
public interface Permit extends AutoCloseable {
    Permit NONE = () -> {};

    /** Gives {@code header} each rate-limit header's name and value; nothing where the call had no limit. */
    default void writeHeaders(BiConsumer<String, String> header) {}

    @Override
    void close();
}
