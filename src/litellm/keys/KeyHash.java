package litellm.keys;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** A new key, and the form it is stored in: LiteLLM's {@code hashed_token}, the SHA-256 of the key in hex. */
final class KeyHash {
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyHash() {}

    /** {@code sk-} and 24 random bytes (192 bits) in URL-safe base64, as LiteLLM's keys look. */
    static String newKey() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return "sk-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String of(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256
        }
    }

    /** What a person sees of a key: {@code sk-...7sFA}, as LiteLLM's key_name. */
    static String abbreviated(String key) {
        return "sk-..." + key.substring(Math.max(3, key.length() - 4));
    }

    /** A presented key as the table is indexed: LiteLLM takes a key or its hash wherever it takes a key. */
    static String token(String keyOrHash) {
        return keyOrHash.length() == 64 && keyOrHash.chars().allMatch(c -> Character.digit(c, 16) >= 0) ? keyOrHash : of(keyOrHash);
    }
}
