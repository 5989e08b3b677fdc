package litellm.anthropic;

import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Anthropic's stream events joined into the message (what the callbacks and the cache keep), and a message cut into events. */
@SuppressWarnings("unchecked")
class StreamedMessageTest {
    @ParameterizedTest
    @ValueSource(strings = {"anthropic/messages-tools-response.json", "anthropic/messages-thinking-response.json",
            "anthropic/messages-response.recorded.json", "anthropic/messages-response-stop-sequence.json"})
    void aMessageCutIntoEventsJoinsBackIntoItself(String fixture) {
        Map<String, Object> message = Http.parse(Fixtures.read(fixture));
        StreamedMessage joined = new StreamedMessage();
        MessageReplay.events(message).forEach(joined::add);
        assertEquals(message, joined.response());
    }

    @Test
    void anAnthropicStreamJoinsIntoItsMessage() {
        Map<String, Object> message = joined("anthropic/messages-stream-tool-use.sdk-fixture.txt");
        List<Map<String, Object>> content = (List<Map<String, Object>>) message.get("content");
        assertEquals("I'll check the current weather in Paris for you.", content.get(0).get("text"));
        assertEquals(Map.of("location", "Paris"), content.get(1).get("input"), "the partial JSON, parsed");
        assertEquals("tool_use", message.get("stop_reason"));
        assertEquals(377, ((Map<String, Object>) message.get("usage")).get("input_tokens"));

        Map<String, Object> thought = ((List<Map<String, Object>>) joined("anthropic/messages-thinking-stream.txt").get("content")).get(0);
        assertEquals("Let me solve this step by step:\n\n1. First break down 27 * 453\n2. 453 = 400 + 50 + 3", thought.get("thinking"));
        assertEquals("EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds...", thought.get("signature"));
    }

    private static Map<String, Object> joined(String fixture) {
        StreamedMessage joined = new StreamedMessage();
        for (String event : FakeUpstream.events(Fixtures.read(fixture)))
            for (String line : event.split("\n"))
                if (line.startsWith("data: ")) joined.add(Http.parse(line.substring(6)));
        return joined.response();
    }
}
