package litellm.testing;

import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.http.Part;
import org.eclipse.jetty.server.MultiPartFormInputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** multipart/form-data bodies for tests: written as a client writes them, and read as an upstream reads them. */
public final class Multipart {
    public static final String BOUNDARY = "----litellm-test-boundary-7MA4YWxkTrZu0gW";
    public static final String CONTENT_TYPE = "multipart/form-data; boundary=" + BOUNDARY;

    /** One part: a field's text, or a file's bytes with its name and type. */
    public record Field(String name, String filename, String contentType, byte[] bytes) {
        public static Field text(String name, String value) {
            return new Field(name, null, null, value.getBytes(StandardCharsets.UTF_8));
        }

        public static Field file(String name, String filename, String contentType, byte[] bytes) {
            return new Field(name, filename, contentType, bytes);
        }

        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private Multipart() {}

    /** A body of these parts, with {@link #BOUNDARY}. */
    public static byte[] body(Field... fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Field f : fields) {
            String head = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + f.name() + "\""
                    + (f.filename() == null ? "" : "; filename=\"" + f.filename() + "\"") + "\r\n"
                    + (f.contentType() == null ? "" : "Content-Type: " + f.contentType() + "\r\n") + "\r\n";
            out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
            out.writeBytes(f.bytes());
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** The parts of a multipart body, as Jetty's parser reads them, in order. */
    public static List<Field> parse(String contentType, byte[] body) throws IOException {
        File tmp = new File(System.getProperty("java.io.tmpdir"));
        var parts = new MultiPartFormInputStream(new ByteArrayInputStream(body), contentType,
                new MultipartConfigElement(tmp.getPath(), -1, -1, Integer.MAX_VALUE), tmp);
        List<Field> fields = new ArrayList<>();
        for (Part p : parts.getParts()) {
            try (InputStream in = p.getInputStream()) {
                fields.add(new Field(p.getName(), p.getSubmittedFileName(), p.getContentType(), in.readAllBytes()));
            }
        }
        return fields;
    }

    /** The part named {@code name}; fails the test when there is none. */
    public static Field part(List<Field> fields, String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError("no part '" + name + "' in " + fields));
    }
}
