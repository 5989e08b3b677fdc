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
import java.util.ArrayList;
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
    /** Each part as curl's {@code -F} writes it (a file by its name, not its bytes), for --debug. */
    private final List<String> curlFields = new ArrayList<>();

    public FormBody(Map<String, ?> fields) {
        MultipartEntityBuilder form = MultipartEntityBuilder.create().setMode(HttpMultipartMode.LEGACY).setCharset(StandardCharsets.UTF_8);
        fields.forEach((name, value) -> add(form, name, value, curlFields));
        HttpEntity entity = form.build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            entity.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("a form written to memory", e);
        }
        this.bytes = out.toByteArray();
        // the builder adds a charset to the type; browsers and OpenAI's SDKs send the boundary alone
        this.contentType = "multipart/form-data; boundary=" + ContentType.parse(entity.getContentType()).getParameter("boundary");
    }

    private static void add(MultipartEntityBuilder form, String name, Object value, List<String> curl) {
        switch (value) {
            case null -> {}
            case UploadedFile f -> {
                String filename = f.filename() == null ? "file" : f.filename();
                form.addBinaryBody(name, f.bytes(), contentType(f), filename);
                curl.add(name + "=@" + filename + ";type=" + contentType(f).getMimeType());
            }
            case List<?> items -> items.forEach(item -> add(form, name.endsWith("[]") ? name : name + "[]", item, curl));
            case Map<?, ?> m -> text(form, name, new String(Json.bytes(m), StandardCharsets.UTF_8), curl);
            default -> text(form, name, ScriptText.of(value), curl);
        }
    }

    private static void text(MultipartEntityBuilder form, String name, String text, List<String> curl) {
        form.addTextBody(name, text, TEXT);
        curl.add(name + "=" + text);
    }

    private static ContentType contentType(UploadedFile f) {
        try {
            return f.contentType() == null ? ContentType.APPLICATION_OCTET_STREAM : ContentType.parse(f.contentType());
        } catch (RuntimeException e) { // a type the client wrote that does not parse: the bytes are what count
            return ContentType.APPLICATION_OCTET_STREAM;
        }
    }

    public List<String> curlFields() {
        return curlFields;
    }

    public byte[] bytes() {
        return bytes;
    }

    /** multipart/form-data with its boundary. */
    public String contentType() {
        return contentType;
    }
}
