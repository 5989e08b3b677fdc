package litellm.http;

import litellm.json.Json;
import litellm.openai.UploadedFile;
import litellm.script.ScriptText;
import org.apache.hc.client5.http.entity.mime.HttpMultipartMode;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A multipart/form-data body for an upstream (an audio upload passed on), encoded once: its bytes, and the Content-Type
 * that names their boundary. A script's {@code request()} gives it as the body ({@code body: form(fields)}).
 * Fields are written as browsers and OpenAI's SDKs write them: a file with its name and type, text without a type,
 * a list as repeated {@code name[]} parts, an object as JSON text.
 */
public final class FormBody {
    private static final ContentType TEXT = ContentType.TEXT_PLAIN.withCharset(StandardCharsets.UTF_8);

    private final byte[] bytes;
    private final String contentType;

    public FormBody(Map<String, ?> fields) {
        MultipartEntityBuilder form = MultipartEntityBuilder.create().setMode(HttpMultipartMode.LEGACY).setCharset(StandardCharsets.UTF_8);
        fields.forEach((name, value) -> add(form, name, value));
        HttpEntity entity = form.build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            entity.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("a form written to memory", e);
        }
        this.bytes = out.toByteArray();
        this.contentType = entity.getContentType();
    }

    private static void add(MultipartEntityBuilder form, String name, Object value) {
        switch (value) {
            case null -> {}
            case UploadedFile f -> form.addBinaryBody(name, f.bytes(), contentType(f), f.filename() == null ? "file" : f.filename());
            case List<?> items -> items.forEach(item -> add(form, name.endsWith("[]") ? name : name + "[]", item));
            case Map<?, ?> m -> form.addTextBody(name, new String(Json.bytes(m), StandardCharsets.UTF_8), TEXT);
            default -> form.addTextBody(name, ScriptText.of(value), TEXT);
        }
    }

    private static ContentType contentType(UploadedFile f) {
        try {
            return f.contentType() == null ? ContentType.APPLICATION_OCTET_STREAM : ContentType.parse(f.contentType());
        } catch (RuntimeException e) { // a type the client wrote that does not parse: the bytes are what count
            return ContentType.APPLICATION_OCTET_STREAM;
        }
    }

    public byte[] bytes() {
        return bytes;
    }

    /** multipart/form-data with its boundary. */
    public String contentType() {
        return contentType;
    }
}
