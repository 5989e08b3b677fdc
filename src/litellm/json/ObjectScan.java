package litellm.json;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Follows a JSON text byte by byte as it passes, building nothing: whether it is one object that ends where its last
 * brace closes it, and the value of one of its top-level members (such as {@code "usage"}), kept when small. It
 * follows strings, escapes and nesting, not every token: a body cut short, or one that is not an object, fails it;
 * a misspelt number inside does not. UTF-8 needs no decoding here, as no byte of a multi-byte character is ASCII.
 */
public final class ObjectScan {
    /** The longest member value kept; a longer one is dropped. */
    private static final int KEPT_AT_MOST = 64 << 10;

    private final byte[] member;
    private int depth;
    private boolean started, ended, broken;
    private boolean inString, escaped;
    private boolean expectKey, inKey, keyIsMember, keeping;
    private int keyMatched;
    private ByteArrayOutputStream kept;

    /** @param member the name of the top-level member whose value {@link #kept()} returns */
    public ObjectScan(String member) {
        this.member = member.getBytes(StandardCharsets.UTF_8);
    }

    public void scan(byte[] bytes, int offset, int length) {
        int end = offset + length;
        for (int i = offset; i < end && !broken; i++) {
            // most of a long answer is the inside of strings: skipped in a tight loop, up to a quote or a backslash
            if (inString && !escaped && !inKey && !keeping) {
                while (i < end && bytes[i] != '"' && bytes[i] != '\\') i++;
                if (i == end) break;
            }
            scan(bytes[i]);
        }
    }

    private void scan(byte b) {
        if (keeping) keep(b);
        if (inString) {
            if (escaped) escaped = false;
            else if (b == '\\') escaped = true;
            else if (b == '"') endString();
            else if (inKey) matchKey(b);
            return;
        }
        if (b == ' ' || b == '\n' || b == '\r' || b == '\t') return;
        if (ended) {
            broken = true; // something after the object
            return;
        }
        if (!started) {
            started = true;
            if (b != '{') {
                broken = true;
                return;
            }
        }
        switch (b) {
            case '"' -> {
                inString = true;
                inKey = expectKey;
                keyMatched = 0;
                expectKey = false;
            }
            case '{', '[' -> {
                depth++;
                expectKey = b == '{' && depth == 1;
            }
            case '}', ']' -> {
                if (depth == 1) stopKeeping();
                if (--depth == 0) ended = true;
                if (depth < 0) broken = true;
            }
            case ',' -> {
                if (depth == 1) {
                    stopKeeping();
                    expectKey = true;
                }
            }
            case ':' -> {
                if (depth == 1 && keyIsMember) {
                    keeping = true;
                    kept = new ByteArrayOutputStream();
                }
                keyIsMember = false;
            }
            default -> { } // numbers, true, false, null
        }
    }

    private void endString() {
        inString = false;
        if (inKey) keyIsMember = keyMatched == member.length;
        inKey = false;
    }

    private void matchKey(byte b) {
        if (keyMatched >= 0 && keyMatched < member.length && member[keyMatched] == b) keyMatched++;
        else keyMatched = -1;
    }

    private void keep(byte b) {
        if (kept.size() >= KEPT_AT_MOST) {
            keeping = false;
            kept = null;
            return;
        }
        kept.write(b);
    }

    /** The member's value ended: the byte that ended it (',' or '}') was kept too, and is taken off. */
    private void stopKeeping() {
        if (!keeping) return;
        keeping = false;
        byte[] value = kept.toByteArray();
        kept.reset();
        kept.write(value, 0, value.length - 1);
    }

    /** True once what was scanned cannot be the start of one JSON object. */
    public boolean broken() {
        return broken;
    }

    /** True when what was scanned is one whole object (and blanks after it). */
    public boolean whole() {
        return ended && !broken;
    }

    /** The member's value as JSON text, or null when it was not met, not finished, or too long to keep. */
    public byte[] kept() {
        return kept == null || keeping ? null : kept.toByteArray();
    }
}
