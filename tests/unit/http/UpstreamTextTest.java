package litellm.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** StreamEvent's cheap shape check, BodyText and Secrets.maskIn: what an upstream's text may carry into an answer. */
class UpstreamTextTest {
    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"a\":1}", "{\"a\":\"}{\\\"\",\"b\":[{},[1,2]]}", "{\"choices\":[{\"delta\":{\"content\":\"x\"}}]}"})
    void jsonObjectsPassTheShapeCheck(String data) {
        assertTrue(new StreamEvent(null, data).looksLikeJsonObject(), data);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{broken", "42", "[1]", "not json", "{\"a\":1}{\"b\":2}", "{\"a\":\"1}", "{\"a\":[}",
            "{\"choices\":[{\"delta\":{}}", "{\"a\":\n1}", " {\"a\":1}"})
    void otherTextFailsIt(String data) {
        assertFalse(new StreamEvent(null, data).looksLikeJsonObject(), data);
    }

    @Test
    void bodyTextIsTextOrSaysItIsBinary() {
        assertEquals("Bad Gateway\n", BodyText.of("Bad Gateway\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals("<3 bytes of binary>", BodyText.of(new byte[]{(byte) 0xff, (byte) 0xfe, 0x41}));
        assertEquals("<2 bytes of binary>", BodyText.of(new byte[]{0x41, 0x00}));
        assertEquals("x".repeat(200) + "…", BodyText.excerpt("x".repeat(500).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void secretsInTextAreMaskedButShortPlaceholdersAreLeftAlone() {
        assertEquals("bad key Bearer sk-a****qrst here", Secrets.maskIn("bad key Bearer sk-abcdefghijklmnopqrst here", List.of("sk-abcdefghijklmnopqrst")));
        assertEquals("x marks none", Secrets.maskIn("x marks none", List.of("x", "none")));
    }
}
