package litellm.server;

import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.http.Part;
import litellm.error.LlmError;
import litellm.openai.Endpoint;
import litellm.openai.UploadedFile;
import org.eclipse.jetty.server.MultiPartFormInputStream;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A multipart/form-data body (an audio upload: the file and its fields) as a request: text fields as strings, a part
 * with a filename (or a type other than text) as an {@link UploadedFile}, a field named {@code name[]} (OpenAI's SDKs send
 * {@code timestamp_granularities[]} so) as a list under {@code name}. Parsed by Jetty's own parser, from the body the
 * server has already read whole within max_request_size_mb, so every part stays in memory.
 */
final class MultipartForm {
    private static final File NO_FILES = new File(System.getProperty("java.io.tmpdir"));

    private MultipartForm() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(Endpoint endpoint, String contentType, byte[] body) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data"))
            throw LlmError.badRequest("/" + endpoint.path + " takes a multipart/form-data body (the file and the other fields), not "
                    + (contentType == null ? "a body without a Content-Type" : contentType), null, "invalid_content_type");
        // The threshold past which a part would go to a file is larger than any body the server reads
        MultipartConfigElement inMemory = new MultipartConfigElement(NO_FILES.getPath(), -1, -1, Integer.MAX_VALUE);
        MultiPartFormInputStream parts = new MultiPartFormInputStream(new ByteArrayInputStream(body), contentType, inMemory, NO_FILES);
        Map<String, Object> fields = new LinkedHashMap<>();
        try {
            for (Part part : parts.getParts()) {
                Object value = value(part);
                String name = part.getName();
                if (name.endsWith("[]")) ((List<Object>) fields.computeIfAbsent(name.substring(0, name.length() - 2), k -> new ArrayList<>())).add(value);
                else fields.put(name, value);
            }
        } catch (IOException | IllegalStateException e) {
            throw LlmError.badRequest("the multipart/form-data body could not be read: " + e.getMessage(), null, "invalid_multipart");
        } finally {
            parts.deleteParts();
        }
        return fields;
    }

    private static Object value(Part part) throws IOException {
        byte[] bytes;
        try (InputStream in = part.getInputStream()) {
            bytes = in.readAllBytes();
        }
        String filename = part.getSubmittedFileName(), type = part.getContentType();
        // a file: a part with a filename, or one typed as something other than text (SDKs send bytes without a name so)
        boolean file = filename != null || type != null && !type.toLowerCase(Locale.ROOT).startsWith("text/plain");
        return file ? new UploadedFile(filename, type, bytes) : new String(bytes, StandardCharsets.UTF_8);
    }
}
