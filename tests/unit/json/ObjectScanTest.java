package litellm.json;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The check an answer passed through gets as its bytes pass: one whole object, and its top-level usage. */
class ObjectScanTest {
    static final String ANSWER = """
            {"id":"x","choices":[{"message":{"content":"a } brace, a \\" quote, \\\\ and {\\"usage\\": 1}","usage":{"x":2}}}],
             "usage" : {"prompt_tokens":9,"completion_tokens":12,"total_tokens":21},"end":true}
            """;

    /** {@code text} scanned in pieces of {@code step} bytes, as it arrives from the network. */
    static ObjectScan scan(String text, int step) {
        ObjectScan scan = new ObjectScan("usage");
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += step) scan.scan(bytes, i, Math.min(step, bytes.length - i));
        return scan;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 64, 4096})
    void aWholeObjectIsWholeAndItsTopLevelUsageIsKeptWhereverTheBytesAreCut(int step) {
        ObjectScan scan = scan(ANSWER, step);
        assertTrue(scan.whole());
        assertEquals("{\"prompt_tokens\":9,\"completion_tokens\":12,\"total_tokens\":21}",
                new String(scan.kept(), StandardCharsets.UTF_8).strip(), "not the usage inside a string or a nested object");
    }

    @Test
    void usageAsTheLastMemberIsKeptWithoutTheClosingBrace() {
        ObjectScan scan = scan("{\"a\":[1,{\"b\":2}],\"usage\":{\"total_tokens\":3}}", 5);
        assertTrue(scan.whole());
        assertEquals("{\"total_tokens\":3}", new String(scan.kept(), StandardCharsets.UTF_8));
    }

    @Test
    void noUsageKeepsNothing() {
        assertNull(scan("{\"data\":[{\"embedding\":[0.1,0.2]}]}", 4).kept());
    }

    @Test
    void anObjectCutShortIsNotWhole() {
        String cut = ANSWER.substring(0, ANSWER.length() - 5);
        ObjectScan scan = scan(cut, 16);
        assertFalse(scan.broken(), "it may still go on");
        assertFalse(scan.whole());
        assertFalse(scan("{\"content\":\"an open string", 3).whole());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1,2]", "<!DOCTYPE html><html></html>", "{\"a\":1}{\"b\":2}", "{\"a\":1} trailing", "{\"a\":1}}", "\"text\""})
    void whatIsNotOneObjectIsBroken(String text) {
        ObjectScan scan = scan(text, 2);
        assertTrue(scan.broken(), text);
        assertFalse(scan.whole(), text);
    }

    @Test
    void blanksAroundTheObjectAreFine() {
        assertTrue(scan(" \r\n\t{\"a\":{}}\n\n ", 1).whole());
    }
}
