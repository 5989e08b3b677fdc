package litellm.e2e.faults;

import litellm.config.Settings;
import litellm.routing.Deployment;
import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.ProxyUnderTest;

import java.util.List;
import java.util.Map;

/** Providers whose wire formats the fault tests speak: a whole answer and a stream as each sends them, from the fixtures. */
enum Wire {
    OPENAI("openai", "gpt-4o-mini", "/v1", "openai/chat/response.json", "openai/chat/stream-no-usage.txt", "text/event-stream"),
    ANTHROPIC("anthropic", "claude-3-5-sonnet-20240620", "", "anthropic/messages-response.json", "anthropic/messages-stream.sdk-fixture.txt", "text/event-stream"),
    OLLAMA("ollama", "llama3.2", "", "ollama/chat-response.json", "ollama/chat-stream.ndjson", "application/x-ndjson"),
    GEMINI("gemini", "gemini-1.5-flash", "/v1beta", "gemini/generateContent-response.json", "gemini/streamGenerateContent-sse.txt", "text/event-stream"),
    COHERE("cohere", "command-r", "/v1", "cohere/v1-chat-response.json", "cohere/v1-chat-stream.ndjson", "application/x-ndjson");

    /** One provider of each stream format: OpenAI's SSE, Anthropic's SSE of typed events, Ollama's NDJSON. */
    static final List<Wire> EACH_STREAM_FORMAT = List.of(OPENAI, ANTHROPIC, OLLAMA);

    final String provider, model, apiBase, whole, stream, streamType;

    Wire(String provider, String model, String apiBase, String whole, String stream, String streamType) {
        this.provider = provider;
        this.model = model;
        this.apiBase = apiBase;
        this.whole = whole;
        this.stream = stream;
        this.streamType = streamType;
    }

    String answer(boolean stream) {
        return Fixtures.read(stream ? this.stream : whole);
    }

    String contentType(boolean stream) {
        return stream ? streamType : "application/json";
    }

    /** The first half of the stream's events: enough for the client to have been sent something. */
    String firstHalf() {
        List<String> events = FakeUpstream.events(Fixtures.read(stream));
        return String.join("", events.subList(0, events.size() / 2));
    }

    /** {@code upstream} answers every path as this provider does, whole or streamed as asked. */
    void answerAnyPath(FakeUpstream upstream) {
        upstream.otherwise(upstream.streamOrNot(FakeUpstream.json(200, answer(false)), FakeUpstream.sse(answer(true), 0)));
    }

    /** A proxy serving this provider's model at {@code base} (the upstream's base URL) as model "m". */
    ProxyUnderTest proxy(String base, Settings settings) {
        return ProxyUnderTest.serving(new Deployment("m", provider, model, base + apiBase, "sk-faults", null, Map.of()), settings, null);
    }
}
