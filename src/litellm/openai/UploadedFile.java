package litellm.openai;

import com.fasterxml.jackson.annotation.JsonValue;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A file a client uploaded in a multipart request (an audio file to transcribe), as the request's {@code file} field.
 * In JSON (the callbacks' request, the cache's key) it is its name, type, size and SHA-256, never its bytes: a
 * logged call must not carry megabytes of audio, and two uploads of the same bytes are the same request.
 */
public record UploadedFile(String filename, String contentType, byte[] bytes) {
    @JsonValue
    public Map<String, Object> described() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("filename", filename);
        m.put("content_type", contentType);
        m.put("size", bytes.length);
        m.put("sha256", sha256());
        return m;
    }

    private String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "UploadedFile[" + filename + ", " + contentType + ", " + bytes.length + " bytes]";
    }
}
