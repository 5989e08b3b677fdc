package litellm.keys;

/** A call let through: closed when it ends, it frees its place among the key's parallel requests. */
public interface Permit extends AutoCloseable {
    Permit NONE = () -> {};

    @Override
    void close();
}
