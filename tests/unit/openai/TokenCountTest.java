package litellm.openai;

import litellm.openai.TokenCounter;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Local token counts, as tiktoken's cl100k_base gives them. */
class TokenCountTest {
    @Test
    void countsAsTiktoken() {
        assertEquals(2, TokenCounter.count("hello world"));      // [15339, 1917]
        assertEquals(6, TokenCounter.count("tiktoken is great!")); // [83, 1609, 5963, 374, 2294, 0]
        assertEquals(0, TokenCounter.count(""));
        assertEquals(0, TokenCounter.count(null));
        assertTrue(TokenCounter.count("<|endoftext|>") > 1, "a special token in a message is plain text, not one token");
    }

    @Test
    void countsChatMessagesAsOpenAi() {
        // 3 priming the reply + per message 3 + role + content (+1 for a name)
        assertEquals(8, TokenCounter.countMessages(List.of(Map.of("role", "user", "content", "hello"))));
        assertEquals(3 + (3 + 1 + 2) + (3 + 1 + 2 + 1 + 1),
                TokenCounter.countMessages(List.of(Map.of("role", "user", "content", "hello world"),
                        Map.of("role", "user", "name", "bob", "content", List.of(Map.of("type", "text", "text", "hello world"))))));
    }
}
