package litellm.shared;

/** Where a Redis listens, and its password (null for none). Its text never holds the password. */
public record RedisAddress(String host, int port, String password) {
    @Override
    public String toString() {
        return host + ":" + port;
    }
}
