package litellm.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** An upstream's body as text fit for an error message: never raw bytes, never a whole page. */
public final class BodyText {
    /** The longest excerpt of a body put in a message. */
    public static final int EXCERPT = 200;

    private BodyText() {}

    /** The body as UTF-8 text, or {@code "<N bytes of binary>"} when it is not text (not UTF-8, or control characters). */
    public static String of(byte[] body) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return binary(body.length);
        }
        return isText(text) ? text : binary(body.length);
    }

    /** {@link #of} cut to {@link #EXCERPT} characters. */
    public static String excerpt(byte[] body) {
        return abbreviate(of(body));
    }

    /** Text already decoded (a stream's line): itself, cut to {@link #EXCERPT} characters, or a note when it holds binary. */
    public static String excerpt(String text) {
        return isText(text) ? abbreviate(text) : "<" + text.length() + " characters of binary>";
    }

    /** A size limit in bytes as MB, for a message: {@code 64}, {@code 0.5}. */
    public static String megabytes(long bytes) {
        double mb = bytes / (double) (1 << 20);
        return mb == Math.rint(mb) ? String.valueOf((long) mb) : String.valueOf(mb);
    }

    private static String binary(int length) {
        return "<" + length + " bytes of binary>";
    }

    private static String abbreviate(String s) {
        return s.length() > EXCERPT ? s.substring(0, EXCERPT) + "…" : s;
    }

    /** No control characters but tab and line breaks, and no replacement character (bytes that were not UTF-8). */
    private static boolean isText(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c == 0x7f || c == '\uFFFD') return false;
        }
        return true;
    }
}
