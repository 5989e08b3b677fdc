package litellm.provider;

import litellm.openai.Endpoint;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallTest {
    /** Groovy's MissingMethodException lists a call's arguments with their toString: it must hold no secret. */
    @Test
    void printsNoKeyNoBodyAndNoParams() {
        var body = new HashMap<String, Object>(Map.of("messages", "the user's words"));
        var call = new Call(Endpoint.CHAT, "gpt-4o", body, true, "https://api.example.com/v1", "sk-secret-key-1234",
                null, Map.of("aws_secret_access_key", "aws-secret-5678"));
        String text = call.toString();
        assertFalse(text.contains("sk-secret-key-1234"), text);
        assertFalse(text.contains("aws-secret-5678"), text);
        assertFalse(text.contains("the user's words"), text);
        assertTrue(text.contains("gpt-4o") && text.contains("https://api.example.com/v1"), text);
    }
}
