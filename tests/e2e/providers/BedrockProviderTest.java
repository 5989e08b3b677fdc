package litellm.e2e.providers;

import litellm.config.Settings;
import litellm.json.Json;
import litellm.openai.Endpoint;
import litellm.provider.Call;
import litellm.routing.Deployment;
import litellm.template.PromptTemplates;
import litellm.testing.AwsSignatures;
import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.ProxyUnderTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static litellm.testing.OpenAiResponses.choices;
import static litellm.testing.OpenAiResponses.choice;
import static litellm.testing.OpenAiResponses.message;
import static litellm.testing.OpenAiResponses.delta;
import static litellm.testing.FakeUpstream.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The proxy in front of a fake Bedrock Runtime on loopback (the deployment's api_base), answering with Bedrock's wire
 * format: per-family InvokeModel JSON, Converse JSON, binary event streams and AWS error shapes. Credentials come from
 * the deployment's aws_* params; every request must arrive SigV4-signed for service "bedrock".
 */
class BedrockProviderTest {
    static final String AKID = "AKIDEXAMPLE", SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", TOKEN = "IQoJb3JpZ2luX2VjEXAMPLETOKEN/abc+def==";
    static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
    static final String CHAT = "{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"You are a helpful assistant.\"},"
            + "{\"role\":\"user\",\"content\":\"Hello\"}],\"max_tokens\":50,\"temperature\":0.5,\"top_p\":0.9,\"stop\":[\"##\"]}";
    static FakeUpstream upstream;
    static final List<String> rawPaths = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        upstream = FakeUpstream.start();
    }

    @AfterAll
    static void stop() {
        upstream.close();
    }

    // InvokeModel, per family.

    @Test
    void claude3MessagesAreSignedAndMapped() {
        on(HAIKU, "invoke", json(200, fixture("invoke/anthropic-messages/response.json")));
        try (var proxy = proxy(HAIKU, Map.of())) {
            var r = Http.post(proxy.url("/chat/completions"), CHAT.replace("\"stop\":[\"##\"]", "\"stop\":[\"\\n\\nHuman:\"],\"top_k\":250"));
            assertEquals(200, r.status(), r.body());
            assertEquals("Hello! How can I help you today?", message(r.json()).get("content"));
            assertEquals("stop", choice(r.json()).get("finish_reason"));
            assertEquals(Map.of("prompt_tokens", 15, "completion_tokens", 12, "total_tokens", 27), r.json().get("usage"));
        }
        var sent = upstream.last();
        assertEquals("/model/anthropic.claude-3-haiku-20240307-v1%3A0/invoke", lastRawPath(), "the ':' of the model id is percent-encoded");
        assertEquals("POST", sent.method());
        assertSigned(sent, null);
        assertTrue(sent.headers().get("authorization").contains("SignedHeaders=accept;content-type;host;x-amz-date,"), sent.headers().toString());
        assertNull(sent.headers().get("x-amz-security-token"));
        assertEquals("application/json", sent.headers().get("accept"));
        var expected = new LinkedHashMap<>(Http.parse(fixture("invoke/anthropic-messages/request.json")));
        expected.put("max_tokens", 50);
        expected.put("messages", List.of(Map.of("role", "user", "content", "Hello")));
        assertEquals(expected, sent.json(), "Bedrock's Messages body: anthropic_version, system apart, no model field");
    }

    @Test
    void aSessionTokenIsSentAndSigned() {
        on(HAIKU, "invoke", json(200, fixture("invoke/anthropic-messages/response.json")));
        try (var proxy = proxy(HAIKU, Map.of("aws_session_token", TOKEN, "aws_region_name", "eu-west-3"))) {
            assertEquals(200, Http.post(proxy.url("/chat/completions"), CHAT).status());
        }
        var sent = upstream.last();
        assertEquals(TOKEN, sent.headers().get("x-amz-security-token"));
        assertTrue(sent.headers().get("authorization").contains("/eu-west-3/bedrock/aws4_request, SignedHeaders=accept;content-type;host;x-amz-date;x-amz-security-token,"));
        assertSigned(sent, TOKEN);
    }

    @Test
    void claudeV2TextCompletionsUseTheHumanAssistantPrompt() {
        on("anthropic.claude-v2", "invoke", json(200, fixture("invoke/anthropic-text-completions/response.json")));
        try (var proxy = proxy("anthropic.claude-v2", Map.of())) {
            var r = Http.post(proxy.url("/chat/completions"), CHAT);
            assertEquals(" Hello! How can I help you today?", message(r.json()).get("content"));
            assertEquals("stop", choice(r.json()).get("finish_reason"));
            var text = Http.post(proxy.url("/completions"), "{\"model\":\"m\",\"prompt\":\"Hi\",\"max_tokens\":9}");
            assertEquals(" Hello! How can I help you today?", choice(text.json()).get("text"));
            assertEquals("\n\nHuman: Hi\n\nAssistant:", upstream.last().json().get("prompt"));
        }
        var sent = upstream.received().get(upstream.received().size() - 2).json();
        assertEquals(Map.of("prompt", "You are a helpful assistant.\n\nHuman: Hello\n\nAssistant:", "max_tokens_to_sample", 50,
                "temperature", 0.5, "top_p", 0.9, "stop_sequences", List.of("##")), sent);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "ai21.j2-mid-v1|ai21-j2|\\nWaves crash on the shore\\nSalt spray kisses the cold rocks\\nThe tide pulls away|2|2",
            "cohere.command-text-v14|cohere-command|\" Hello and welcome, it's great to see you!\"|-1|-1",
            "cohere.command-r-v1:0|cohere-command-r|Hello! How can I assist you today?|-1|-1",
            "amazon.titan-text-express-v1|amazon-titan-text|\" Hello! How can I help you today?\"|5|9",
            "meta.llama3-8b-instruct-v1:0|meta-llama|Hello! How can I help you today?|24|10",
            "mistral.mistral-7b-instruct-v0:2|mistral|\" I'm quite partial to a squeeze of fresh lemon juice.\"|-1|-1",
    })
    void eachFamilyGetsItsOwnBodyAndItsAnswerIsMapped(String model, String dir, String text, int promptTokens, int completionTokens) {
        on(model, "invoke", json(200, fixture("invoke/" + dir + "/response.json")));
        try (var proxy = proxy(model, Map.of())) {
            String request = dir.equals("ai21-j2") ? CHAT.replace("\"max_tokens\"", "\"presence_penalty\":0.1,\"max_tokens\"") : CHAT;
            var r = Http.post(proxy.url("/chat/completions"), request);
            assertEquals(200, r.status(), r.body());
            assertEquals(text.replace("\\n", "\n"), message(r.json()).get("content"));
            assertEquals("stop", choice(r.json()).get("finish_reason"));
            var usage = (Map<String, Object>) r.json().get("usage");
            if (promptTokens < 0) { // the family reports no usage: counted
                assertTrue((Integer) usage.get("prompt_tokens") > 0 && (Integer) usage.get("completion_tokens") > 0, usage.toString());
            } else {
                assertEquals(Map.of("prompt_tokens", promptTokens, "completion_tokens", completionTokens, "total_tokens", promptTokens + completionTokens), usage);
            }
        }
        assertEquals("/model/" + model.replace(":", "%3A") + "/invoke", lastRawPath());
        assertSigned(upstream.last(), null);
        var sent = upstream.last().json();
        String prompt = new PromptTemplates().prompt(model, Http.parse(CHAT), key -> null);
        Map<String, Object> expected = switch (dir) {
            case "ai21-j2" -> Map.of("prompt", prompt, "maxTokens", 50, "temperature", 0.5, "topP", 0.9, "stopSequences", List.of("##"),
                    "presencePenalty", Map.of("scale", 0.1));
            case "cohere-command" -> Map.of("prompt", prompt, "max_tokens", 50, "temperature", 0.5, "p", 0.9, "stop_sequences", List.of("##"), "stream", false);
            case "cohere-command-r" -> Map.of("message", "Hello", "chat_history", List.of(), "preamble", "You are a helpful assistant.",
                    "max_tokens", 50, "temperature", 0.5, "p", 0.9, "stop_sequences", List.of("##"));
            case "amazon-titan-text" -> Map.of("inputText", prompt, "textGenerationConfig",
                    Map.of("maxTokenCount", 50, "temperature", 0.5, "topP", 0.9, "stopSequences", List.of("##")));
            case "meta-llama" -> Map.of("prompt", prompt, "max_gen_len", 50, "temperature", 0.5, "top_p", 0.9);
            default -> Map.of("prompt", prompt, "max_tokens", 50, "stop", List.of("##"), "temperature", 0.5, "top_p", 0.9);
        };
        assertEquals(expected, sent);
    }

    @Test
    void titanEmbeddings() {
        on("amazon.titan-embed-text-v2:0", "invoke", json(200, fixture("invoke/amazon-titan-embed/response.json")));
        try (var proxy = proxy("amazon.titan-embed-text-v2:0", Map.of())) {
            var r = Http.post(proxy.url("/v1/embeddings"), "{\"model\":\"m\",\"input\":\"The food was delicious.\",\"dimensions\":256}");
            assertEquals(200, r.status(), r.body());
            var data = (List<Map<String, Object>>) r.json().get("data");
            assertEquals(((Map<?, ?>) Http.parse(fixture("invoke/amazon-titan-embed/response.json"))).get("embedding"), data.get(0).get("embedding"));
            assertEquals(6, ((Map<?, ?>) r.json().get("usage")).get("prompt_tokens"));
            assertEquals(Map.of("inputText", "The food was delicious.", "dimensions", 256), upstream.last().json());
            assertSigned(upstream.last(), null);

            var two = Http.post(proxy.url("/v1/embeddings"), "{\"model\":\"m\",\"input\":[\"a\",\"b\"]}");
            assertEquals(400, two.status(), "Titan embeds one text a call");
            assertEquals(400, Http.post(proxy.url("/chat/completions"), CHAT).status(), "an embedding model does not chat");
        }
    }

    // Converse.

    @Test
    void converseWithToolsBothWays() {
        String model = "converse/" + HAIKU;
        on(HAIKU, "converse", json(200, fixture("converse/tools-response.json")));
        try (var proxy = proxy(model, Map.of())) {
            var r = Http.post(proxy.url("/chat/completions"), "{\"model\":\"m\",\"max_tokens\":512,\"messages\":[{\"role\":\"user\",\"content\":\"What is the weather in Paris?\"}],"
                    + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"description\":\"Get the current weather\","
                    + "\"parameters\":{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\"}},\"required\":[\"location\"]}}}],\"tool_choice\":\"auto\"}");
            assertEquals(200, r.status(), r.body());
            assertEquals(Http.parse(fixture("converse/tools-request.json")), upstream.last().json());
            assertEquals("tool_calls", choice(r.json()).get("finish_reason"));
            var call = ((List<Map<String, Object>>) message(r.json()).get("tool_calls")).get(0);
            assertEquals("tooluse_kZJMlvQmRJ6eAyJE5GIl7Q", call.get("id"));
            assertEquals(Map.of("name", "get_weather", "arguments", "{\"location\":\"Paris\"}"), call.get("function"));
            assertEquals("I'll look that up.", message(r.json()).get("content"));
            assertEquals(Map.of("prompt_tokens", 389, "completion_tokens", 62, "total_tokens", 451), r.json().get("usage"));

            // The answer goes back as a tool message: Converse's toolUse and toolResult blocks.
            Http.post(proxy.url("/chat/completions"), "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"What is the weather in Paris?\"},"
                    + "{\"role\":\"assistant\",\"content\":\"I'll look that up.\",\"tool_calls\":[" + Json.text(call) + "]},"
                    + "{\"role\":\"tool\",\"tool_call_id\":\"tooluse_kZJMlvQmRJ6eAyJE5GIl7Q\",\"content\":\"{\\\"temperature_c\\\":18}\"}]}");
            var followup = (List<Map<String, Object>>) upstream.last().json().get("messages");
            assertEquals(((List<?>) Http.parse(fixture("converse/tools-followup-request.json")).get("messages")).subList(0, 2), followup.subList(0, 2));
            assertEquals(List.of(Map.of("toolResult", Map.of("toolUseId", "tooluse_kZJMlvQmRJ6eAyJE5GIl7Q", "content", List.of(Map.of("text", "{\"temperature_c\":18}"))))),
                    followup.get(2).get("content"));
        }
        assertEquals("/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse", lastRawPath());
        assertSigned(upstream.last(), null);
    }

    @Test
    void converseMapsSystemInferenceConfigAndTopK() {
        on(HAIKU, "converse", json(200, fixture("converse/response.json")));
        try (var proxy = proxy("converse/" + HAIKU, Map.of())) {
            var r = Http.post(proxy.url("/chat/completions"), "{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"You are a helpful assistant.\"},"
                    + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hello\"}]}],\"max_tokens\":256,\"temperature\":0.5,\"top_p\":0.9,\"top_k\":250,\"stop\":\"\\n\\nHuman:\"}");
            assertEquals("Hello! How can I help you today?", message(r.json()).get("content"));
            assertEquals(Map.of("prompt_tokens", 15, "completion_tokens", 12, "total_tokens", 27), r.json().get("usage"));
        }
        assertEquals(Http.parse(fixture("converse/request.json")), upstream.last().json());
    }

    @Test
    void unknownFamiliesGoToConverseAndInvokeRefusesThem() {
        on("amazon.nova-lite-v1:0", "converse", json(200, fixture("converse/response.json")));
        try (var proxy = proxy("amazon.nova-lite-v1:0", Map.of())) {
            assertEquals(200, Http.post(proxy.url("/chat/completions"), CHAT).status());
        }
        assertEquals("/model/amazon.nova-lite-v1%3A0/converse", lastRawPath());
        try (var proxy = proxy("invoke/amazon.nova-lite-v1:0", Map.of())) {
            var r = Http.post(proxy.url("/chat/completions"), CHAT);
            assertEquals(400, r.status());
            assertTrue(r.error().get("message").toString().contains("bedrock/converse/amazon.nova-lite-v1:0"), r.body());
        }
    }

    // Streams: binary event streams decoded into OpenAI chunks.

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "anthropic.claude-v2:1|invoke/anthropic-text-completions|\" Hello!\"|10|6",
            HAIKU + "|invoke/anthropic-messages|Hello!|15|5",
            "amazon.titan-text-express-v1|invoke/amazon-titan-text|\" Hello! How can I help you today?\"|5|9",
            "meta.llama3-8b-instruct-v1:0|invoke/meta-llama|Hello!|24|3",
            "mistral.mistral-7b-instruct-v0:2|invoke/mistral|\" I'm partial to lemon.\"|16|7",
            "cohere.command-text-v14|invoke/cohere-command|\" Hello and welcome!\"|6|4",
            "converse/" + HAIKU + "|converse|Hello! How can I help?|15|8",
    })
    void streamsBecomeOpenAiChunks(String model, String dir, String text, int promptTokens, int completionTokens) {
        boolean converse = model.startsWith("converse/");
        String id = model.replace("converse/", "");
        on(id, converse ? "converse-stream" : "invoke-with-response-stream", eventStream(bytes(dir + "/stream.eventstream.bin")));
        List<Map<String, Object>> chunks;
        try (var proxy = proxy(model, Map.of())) {
            chunks = stream(proxy, CHAT.replace("{\"model\"", "{\"stream\":true,\"stream_options\":{\"include_usage\":true},\"model\""));
        }
        assertEquals("/model/" + id.replace(":", "%3A") + (converse ? "/converse-stream" : "/invoke-with-response-stream"), lastRawPath());
        assertSigned(upstream.last(), null);
        assertEquals(text, content(chunks));
        assertEquals(List.of("stop"), chunks.stream().filter(c -> !choices(c).isEmpty()).map(c -> choices(c).get(0).get("finish_reason")).filter(f -> f != null).toList());
        var last = chunks.get(chunks.size() - 1);
        assertEquals(List.of(), last.get("choices"));
        assertEquals(Map.of("prompt_tokens", promptTokens, "completion_tokens", completionTokens, "total_tokens", promptTokens + completionTokens), last.get("usage"));
        assertEquals(1, chunks.stream().map(c -> c.get("id")).distinct().count(), "one id for the whole stream");
        assertTrue(chunks.stream().allMatch(c -> "chat.completion.chunk".equals(c.get("object"))));
    }

    @Test
    void converseStreamToolUseBecomesToolCallDeltas() {
        on(HAIKU, "converse-stream", eventStream(bytes("converse/stream-tool-use.eventstream.bin")));
        List<Map<String, Object>> chunks;
        try (var proxy = proxy("converse/" + HAIKU, Map.of())) {
            chunks = stream(proxy, "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris?\"}]}");
        }
        StringBuilder arguments = new StringBuilder();
        String name = null, callId = null;
        for (var c : chunks)
            if (delta(c).get("tool_calls") instanceof List<?> calls) {
                var call = (Map<String, Object>) calls.get(0);
                var function = (Map<String, Object>) call.get("function");
                if (call.get("id") != null) callId = (String) call.get("id");
                if (function.get("name") != null) name = (String) function.get("name");
                arguments.append(function.getOrDefault("arguments", ""));
            }
        assertEquals("tooluse_kZJMlvQmRJ6eAyJE5GIl7Q", callId);
        assertEquals("get_weather", name);
        assertEquals(Map.of("location", "Paris"), Http.parse(arguments.toString()));
        assertEquals("tool_calls", choices(chunks.get(chunks.size() - 1)).get(0).get("finish_reason"), "no usage chunk without include_usage");
    }

    @Test
    void toolCallsAreNumberedFromZeroAfterTextOrThinkingBlocks() throws IOException {
        // The recorded tool-use stream with a text block before the tool's: the tool's block becomes Bedrock's index 1
        List<Map<String, Object>> recorded = (List<Map<String, Object>>) Json.parse(Fixtures.read("bedrock/converse/stream-tool-use.decoded.json").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        List<Map<String, Object>> events = new ArrayList<>(List.of(recorded.get(0),
                event("contentBlockDelta", Map.of("contentBlockIndex", 0, "delta", Map.of("text", "Let me look that up."))),
                event("contentBlockStop", Map.of("contentBlockIndex", 0))));
        for (var e : recorded.subList(1, recorded.size())) {
            var payload = new LinkedHashMap<>((Map<String, Object>) e.get("payload"));
            payload.computeIfPresent("contentBlockIndex", (k, i) -> (Integer) i + 1);
            events.add(Map.of("headers", e.get("headers"), "payload", payload));
        }
        on(HAIKU, "converse-stream", eventStream(encoded(events)));
        List<Map<String, Object>> chunks;
        try (var proxy = proxy("converse/" + HAIKU, Map.of())) {
            chunks = stream(proxy, "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris?\"}]}");
        }
        assertEquals("Let me look that up.", content(chunks));
        var indexes = chunks.stream().filter(c -> delta(c).get("tool_calls") instanceof List<?>)
                .map(c -> ((List<Map<String, Object>>) delta(c).get("tool_calls")).get(0).get("index")).distinct().toList();
        assertEquals(List.of(0), indexes, "OpenAI's clients gather a message's tool calls by index, from 0");
    }

    static Map<String, Object> event(String type, Map<String, Object> payload) {
        return Map.of("headers", Map.of(":event-type", type, ":content-type", "application/json", ":message-type", "event"), "payload", payload);
    }

    /** Events (headers and JSON payload, as the .decoded.json fixtures give them) encoded with AWS's own event stream encoder. */
    static byte[] encoded(List<Map<String, Object>> events) {
        var out = new java.io.ByteArrayOutputStream();
        for (var e : events) {
            Map<String, software.amazon.awssdk.eventstream.HeaderValue> headers = new LinkedHashMap<>();
            ((Map<String, Object>) e.get("headers")).forEach((k, v) -> headers.put(k, software.amazon.awssdk.eventstream.HeaderValue.fromString(v.toString())));
            new software.amazon.awssdk.eventstream.Message(headers, Json.text(e.get("payload")).getBytes(java.nio.charset.StandardCharsets.UTF_8)).encode(out);
        }
        return out.toByteArray();
    }

    @Test
    void completionsStreamTextChunks() {
        on("meta.llama3-8b-instruct-v1:0", "invoke-with-response-stream", eventStream(bytes("invoke/meta-llama/stream.eventstream.bin")));
        List<Map<String, Object>> chunks;
        try (var proxy = proxy("meta.llama3-8b-instruct-v1:0", Map.of())) {
            chunks = stream(proxy, "{\"model\":\"m\",\"stream\":true,\"prompt\":\"Hello\"}", "/completions");
        }
        assertEquals("Hello!", String.join("", chunks.stream().map(c -> (String) choices(c).get(0).get("text")).toList()));
        assertTrue(chunks.stream().allMatch(c -> "text_completion".equals(c.get("object"))));
        assertEquals("stop", choices(chunks.get(chunks.size() - 1)).get(0).get("finish_reason"));
    }

    @Test
    void ai21CannotStreamSoItsWholeAnswerIsCutIntoChunks() {
        on("ai21.j2-ultra-v1", "invoke", json(200, fixture("invoke/ai21-j2/response.json")));
        List<Map<String, Object>> chunks;
        try (var proxy = proxy("ai21.j2-ultra-v1", Map.of())) {
            chunks = stream(proxy, "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Write a haiku about the sea.\"}]}");
        }
        assertEquals("/model/ai21.j2-ultra-v1/invoke", lastRawPath());
        assertEquals("\nWaves crash on the shore\nSalt spray kisses the cold rocks\nThe tide pulls away", content(chunks));
        assertEquals("stop", choices(chunks.get(chunks.size() - 1)).get(0).get("finish_reason"));
    }

    // Claude's extended thinking, through InvokeModel (Anthropic's thinking blocks) and Converse (reasoningContent blocks).

    static final String SONNET = "us.anthropic.claude-3-7-sonnet-20250219-v1:0";
    static final String REDACTED = "EmwKAhgBEgy3va3pzix/0x8AzdkFfQKvUfCHLnX78SFb6cFU7skGDvHY2ClI80zLjJb2g3qiQ7vB"; // the fixtures' redacted thinking
    static final String WEATHER = "{\"model\":\"m\",\"reasoning_effort\":\"medium\",\"messages\":[{\"role\":\"user\",\"content\":\"What is the weather in Paris?\"}],"
            + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"description\":\"Get the current weather\","
            + "\"parameters\":{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\"}},\"required\":[\"location\"]}}}]}";
    static final String ARITHMETIC = "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"What is 27 * 453?\"}],";

    @Test
    void invokeModelThinkingIsABudgetComesBackSignedAndGoesBackFirst() {
        on(SONNET, "invoke", json(200, fixture("invoke/anthropic-messages/thinking-response.json")));
        try (var proxy = proxy(SONNET, Map.of())) {
            var r = Http.post(proxy.url("/chat/completions"), WEATHER);
            assertEquals(200, r.status(), r.body());
            var sent = upstream.last();
            assertSigned(sent, null);
            assertEquals(Map.of("type", "enabled", "budget_tokens", 2048), sent.json().get("thinking"), "reasoning_effort medium: LiteLLM's 2048 tokens");
            assertEquals(4096 + 2048, sent.json().get("max_tokens"), "Claude wants max_tokens above the budget");

            var message = message(r.json());
            assertEquals("The user wants the weather in Paris. I have a get_weather tool, so I should call it with location Paris.", message.get("reasoning_content"));
            var blocks = (List<Map<String, Object>>) message.get("thinking_blocks");
            var content = (List<?>) Http.parse(fixture("invoke/anthropic-messages/thinking-response.json")).get("content");
            assertEquals(content.subList(0, 2), blocks, "the thinking block with its signature, then the redacted one");
            assertEquals("get_weather", ((Map<?, ?>) ((List<Map<String, Object>>) message.get("tool_calls")).get(0).get("function")).get("name"));

            // The next turn: the assistant's message as the client got it, then the tool's result.
            on(SONNET, "invoke", json(200, fixture("invoke/anthropic-messages/response.json")));
            assertEquals(200, Http.post(proxy.url("/chat/completions"), nextTurn(message, "toolu_bdrk_01Pq3LxTnW8vZsJd4kYbHc2M")).status());
            var turns = (List<Map<String, Object>>) upstream.last().json().get("messages");
            var assistant = (List<Map<String, Object>>) turns.get(1).get("content");
            assertEquals(List.of("thinking", "redacted_thinking", "tool_use"), assistant.stream().map(b -> b.get("type")).toList());
            assertEquals(blocks, assistant.subList(0, 2), "the thinking blocks go back first, unchanged");
        }
    }

    @Test
    void invokeModelThinkingStreamsAsReasoningContentThenTheSignature() {
        on(SONNET, "invoke-with-response-stream", eventStream(bytes("invoke/anthropic-messages/thinking-stream.eventstream.bin")));
        List<Map<String, Object>> chunks;
        try (var proxy = proxy(SONNET, Map.of())) {
            chunks = stream(proxy, ARITHMETIC + "\"reasoning_effort\":\"minimal\"}");
        }
        assertEquals(Map.of("type", "enabled", "budget_tokens", 1024), upstream.last().json().get("thinking"), "minimal's 128 tokens raised to Claude's least");
        assertThinkingStream(chunks);
    }

    @Test
    void converseThinkingGoesInAdditionalModelRequestFieldsAndReasoningContentComesAndGoesBack() {
        on(SONNET, "converse", json(200, fixture("converse/thinking-response.json")));
        try (var proxy = proxy("converse/" + SONNET, Map.of())) {
            var r = Http.post(proxy.url("/chat/completions"), WEATHER);
            assertEquals(200, r.status(), r.body());
            var sent = upstream.last().json();
            assertEquals(Map.of("thinking", Map.of("type", "enabled", "budget_tokens", 2048)), sent.get("additionalModelRequestFields"));
            assertEquals(Map.of("maxTokens", 4096 + 2048), sent.get("inferenceConfig"));

            var message = message(r.json());
            assertEquals("The user wants the weather in Paris. I have a get_weather tool, so I should call it with location Paris.", message.get("reasoning_content"));
            var content = (List<?>) ((Map<?, ?>) ((Map<?, ?>) Http.parse(fixture("converse/thinking-response.json")).get("output")).get("message")).get("content");
            var text = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) content.get(0)).get("reasoningContent")).get("reasoningText");
            assertEquals(List.of(Map.of("type", "thinking", "thinking", text.get("text"), "signature", text.get("signature")),
                    Map.of("type", "redacted_thinking", "data", REDACTED)), message.get("thinking_blocks"), "reasoningContent blocks as Anthropic's thinking blocks");
            assertEquals("tool_calls", choice(r.json()).get("finish_reason"));

            // The next turn: the thinking blocks go back first, as the very reasoningContent blocks Bedrock sent.
            on(SONNET, "converse", json(200, fixture("converse/response.json")));
            assertEquals(200, Http.post(proxy.url("/chat/completions"), nextTurn(message, "tooluse_Xc7Qm2WfR9yKd1LpZt4bNg")).status());
            var turns = (List<Map<String, Object>>) upstream.last().json().get("messages");
            assertEquals(content, turns.get(1).get("content"), "reasoningText with its signature, redactedContent, then the toolUse");
        }
    }

    @Test
    void converseThinkingStreamsAsReasoningContentThenTheSignature() {
        on(SONNET, "converse-stream", eventStream(bytes("converse/thinking-stream.eventstream.bin")));
        List<Map<String, Object>> chunks;
        try (var proxy = proxy("converse/" + SONNET, Map.of())) {
            chunks = stream(proxy, ARITHMETIC + "\"max_tokens\":8000,\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":3000}}");
        }
        var sent = upstream.last().json();
        assertEquals(Map.of("thinking", Map.of("type", "enabled", "budget_tokens", 3000)), sent.get("additionalModelRequestFields"), "Anthropic's own thinking parameter, as given");
        assertEquals(Map.of("maxTokens", 8000), sent.get("inferenceConfig"));
        assertThinkingStream(chunks);
    }

    // reasoning_effort for the other families on Converse, as LiteLLM's AmazonConverseConfig maps it.

    static final String GPT_OSS = "openai.gpt-oss-120b-1:0";
    static final String GPT_OSS_REASONING = "The user asks for 27 * 453. 27 * 453 = 27 * 400 + 27 * 53 = 10800 + 1431 = 12231."; // the fixture's
    static final String QUESTION = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"What is 27 * 453?\"}],";

    @Test
    void gptOssTakesReasoningEffortAsIsAndItsUnsignedReasoningGoesBackAsText() {
        on(GPT_OSS, "converse", json(200, fixture("converse/gpt-oss-response.json")));
        try (var proxy = proxy(GPT_OSS, Map.of())) {
            var r = Http.post(proxy.url("/chat/completions"), QUESTION + "\"reasoning_effort\":\"high\"}");
            assertEquals(200, r.status(), r.body());
            var sent = upstream.last().json();
            assertEquals("/model/openai.gpt-oss-120b-1%3A0/converse", lastRawPath());
            assertEquals(Map.of("reasoning_effort", "high"), sent.get("additionalModelRequestFields"), "gpt-oss takes OpenAI's own parameter");
            assertNull(sent.get("inferenceConfig"), "no thinking budget, so max_tokens stays unset");

            var message = message(r.json());
            assertEquals("27 * 453 = 12,231", message.get("content"));
            assertEquals(GPT_OSS_REASONING, message.get("reasoning_content"));
            assertEquals(List.of(Map.of("type", "thinking", "thinking", GPT_OSS_REASONING)), message.get("thinking_blocks"), "no signature to keep");
            assertEquals(Map.of("prompt_tokens", 81, "completion_tokens", 64, "total_tokens", 145), r.json().get("usage"));

            // The next turn: a thinking block without a signature goes back as text, not as reasoningContent.
            var assistant = Json.text(Map.of("role", "assistant", "content", message.get("content"),
                    "reasoning_content", message.get("reasoning_content"), "thinking_blocks", message.get("thinking_blocks")));
            assertEquals(200, Http.post(proxy.url("/chat/completions"), QUESTION.replace("}],", "}," + assistant
                    + ",{\"role\":\"user\",\"content\":\"Are you sure?\"}],") + "\"reasoning_effort\":\"high\"}").status());
            var turns = (List<Map<String, Object>>) upstream.last().json().get("messages");
            assertEquals(List.of(Map.of("text", GPT_OSS_REASONING), Map.of("text", "27 * 453 = 12,231")), turns.get(1).get("content"));
        }
    }

    @Test
    void gptOssStreamsItsReasoningAsReasoningContent() throws IOException {
        var events = (List<Map<String, Object>>) Json.parse(fixture("converse/gpt-oss-stream.decoded.json").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        on(GPT_OSS, "converse-stream", eventStream(encoded(events)));
        List<Map<String, Object>> chunks;
        try (var proxy = proxy(GPT_OSS, Map.of())) {
            chunks = stream(proxy, QUESTION + "\"stream\":true,\"stream_options\":{\"include_usage\":true},\"reasoning_effort\":\"low\"}");
        }
        assertEquals(Map.of("reasoning_effort", "low"), upstream.last().json().get("additionalModelRequestFields"));
        var deltas = chunks.stream().filter(c -> !choices(c).isEmpty()).map(c -> delta(c)).toList();
        assertEquals("The user asks for 27 * 453. 27 * 453 = 10800 + 1431 = 12231.",
                deltas.stream().map(d -> (String) d.get("reasoning_content")).filter(t -> t != null).collect(Collectors.joining()));
        assertTrue(deltas.stream().noneMatch(d -> d.containsKey("thinking_blocks")), "no signature, so no thinking_blocks deltas");
        assertEquals("27 * 453 = 12,231", content(chunks));
        assertEquals(Map.of("prompt_tokens", 81, "completion_tokens", 64, "total_tokens", 145), chunks.get(chunks.size() - 1).get("usage"));
    }

    @Test
    void nova2TakesReasoningConfigAndOnlyLowMediumOrHigh() {
        String nova2 = "us.amazon.nova-2-lite-v1:0";
        on(nova2, "converse", json(200, fixture("converse/response.json")));
        try (var proxy = proxy(nova2, Map.of())) {
            var r = Http.post(proxy.url("/chat/completions"), QUESTION + "\"reasoning_effort\":\"medium\",\"temperature\":0.5}");
            assertEquals(200, r.status(), r.body());
            var sent = upstream.last().json();
            assertEquals(Map.of("reasoningConfig", Map.of("type", "enabled", "maxReasoningEffort", "medium")), sent.get("additionalModelRequestFields"));
            assertEquals(Map.of("temperature", 0.5), sent.get("inferenceConfig"), "no thinking budget added to max_tokens");

            int before = upstream.received().size();
            for (String effort : List.of("minimal", "none")) {
                var refused = Http.post(proxy.url("/chat/completions"), QUESTION + "\"reasoning_effort\":\"" + effort + "\"}");
                assertEquals(400, refused.status(), refused.body());
                assertEquals("reasoning_effort", refused.error().get("param"));
                assertTrue(refused.error().get("message").toString().contains("low, medium or high"), refused.body());
            }
            assertEquals(before, upstream.received().size(), "refused before reaching Bedrock");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"amazon.nova-pro-v1:0", "us.deepseek.r1-v1:0", "qwen.qwen3-32b-v1:0", "converse/meta.llama3-3-70b-instruct-v1:0"})
    void otherFamiliesHaveReasoningEffortAndThinkingDropped(String model) {
        on(model.replace("converse/", ""), "converse", json(200, fixture("converse/response.json")));
        try (var proxy = proxy(model, Map.of())) {
            for (String reasoning : List.of("\"reasoning_effort\":\"high\"", "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2048}")) {
                var r = Http.post(proxy.url("/chat/completions"), QUESTION + reasoning + "}");
                assertEquals(200, r.status(), r.body());
                var sent = upstream.last().json();
                assertNull(sent.get("additionalModelRequestFields"), "Anthropic's thinking is Claude's alone: " + sent);
                assertNull(sent.get("inferenceConfig"), "and no budget raises max_tokens: " + sent);
            }
        }
    }

    /** The question, the assistant's message as the client got it (thinking blocks and all), and the tool's answer. */
    static String nextTurn(Map<String, Object> assistant, String toolCallId) {
        var next = new LinkedHashMap<String, Object>(Map.of("role", "assistant", "tool_calls", assistant.get("tool_calls"),
                "thinking_blocks", assistant.get("thinking_blocks"), "reasoning_content", assistant.get("reasoning_content")));
        return WEATHER.replace("}],\"tools\"", "}," + Json.text(next) + ",{\"role\":\"tool\",\"tool_call_id\":\"" + toolCallId
                + "\",\"content\":\"18 C\"}],\"tools\"");
    }

    /** Both thinking streams say the same: two pieces of thinking, its signature, a redacted block, then the answer. */
    static void assertThinkingStream(List<Map<String, Object>> chunks) {
        var deltas = chunks.stream().filter(c -> !choices(c).isEmpty()).map(c -> delta(c)).toList();
        assertEquals("Let me solve this step by step:\n\n1. First break down 27 * 453\n2. 453 = 400 + 50 + 3",
                deltas.stream().map(d -> (String) d.get("reasoning_content")).filter(t -> t != null).collect(Collectors.joining()));
        assertEquals(List.of(List.of(Map.of("type", "thinking", "thinking", "", "signature",
                        "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds5Xrd7C8vDMUHmW3eqXr4SzY7jHfM1vN0pQ2gA==")),
                List.of(Map.of("type", "redacted_thinking", "data", REDACTED))),
                deltas.stream().map(d -> d.get("thinking_blocks")).filter(b -> b != null).toList());
        assertEquals("27 * 453 = 12,231", content(chunks));
        assertEquals("stop", choices(chunks.get(chunks.size() - 1)).get(0).get("finish_reason"));
    }

    // Errors.

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "403-invalid-signature, 401, authentication_error, invalid_api_key",
            "403-access-denied, 403, permission_error, AccessDeniedException",
            "429-throttling, 429, rate_limit_error, ThrottlingException",
            "400-validation-exception, 400, invalid_request_error, ValidationException",
            "404-resource-not-found, 404, invalid_request_error, ResourceNotFoundException",
            "503-service-unavailable, 503, api_error, ServiceUnavailableException",
    })
    void upstreamErrorsKeepStatusMessageAndAwsErrorType(String fixture, int status, String type, String code) {
        var error = Http.parse(fixture("errors/" + fixture + ".json"));
        Map<String, String> headers = new HashMap<>((Map<String, String>) error.get("headers"));
        headers.remove("Content-Type");
        if (status == 429) headers.put("Retry-After", "3");
        on(HAIKU, "invoke", json(status, Json.text(error.get("body")), headers));
        on(HAIKU, "invoke-with-response-stream", json(status, Json.text(error.get("body")), headers));
        try (var proxy = proxy(HAIKU, Map.of())) {
            for (String request : List.of(CHAT, CHAT.replace("{\"model\"", "{\"stream\":true,\"model\""))) {
                var r = Http.post(proxy.url("/chat/completions"), request);
                assertEquals(status, r.status(), r.body());
                assertEquals(((Map<?, ?>) error.get("body")).get("message"), r.error().get("message"));
                assertEquals(type, r.error().get("type"));
                assertEquals(code, r.error().get("code"));
                if (status == 429) assertEquals("3", r.header("Retry-After"));
            }
        }
    }

    @Test
    void anExceptionMidStreamBecomesAnSseErrorEvent() {
        byte[] claude = bytes("invoke/anthropic-messages/stream.eventstream.bin");
        byte[] first = Arrays.copyOf(claude, ByteBuffer.wrap(claude).getInt());
        byte[] exception = bytes("errors/stream-throttling-exception.eventstream.bin");
        byte[] both = Arrays.copyOf(first, first.length + exception.length);
        System.arraycopy(exception, 0, both, first.length, exception.length);
        on(HAIKU, "invoke-with-response-stream", eventStream(both));
        try (var proxy = proxy(HAIKU, Map.of())) {
            List<String> got = Http.streamData(proxy.url("/chat/completions"), CHAT.replace("{\"model\"", "{\"stream\":true,\"model\""));
            assertEquals(2, got.size(), "the first chunk, then the error, and no [DONE]: " + got);
            assertEquals("assistant", delta(Http.parse(got.get(0))).get("role"));
            var error = (Map<?, ?>) Http.parse(got.get(1)).get("error");
            assertEquals("Too many requests, please wait before trying again.", error.get("message"));
            assertEquals("throttlingException", error.get("code"));
            assertEquals("rate_limit_error", error.get("type"));

            // An exception before any chunk is a plain error with the exception's status.
            on(HAIKU, "invoke-with-response-stream", eventStream(bytes("errors/stream-model-stream-error.eventstream.bin")));
            var r = Http.post(proxy.url("/chat/completions"), CHAT.replace("{\"model\"", "{\"stream\":true,\"model\""));
            assertEquals(424, r.status(), r.body());
            assertEquals("Model stream error", r.error().get("message"));
            assertEquals("modelStreamErrorException", r.error().get("code"));
        }
    }

    @Test
    void aCorruptEventStreamIs502NotGarbage() {
        byte[] claude = bytes("invoke/anthropic-messages/stream.eventstream.bin").clone();
        claude[20] ^= 0x55; // breaks the first message's CRC
        on(HAIKU, "invoke-with-response-stream", eventStream(claude));
        try (var proxy = proxy(HAIKU, Map.of())) {
            var r = Http.post(proxy.url("/chat/completions"), CHAT.replace("{\"model\"", "{\"stream\":true,\"model\""));
            assertEquals(502, r.status(), r.body());
            assertTrue(r.error().get("message").toString().contains("event stream"), r.body());
        }
    }

    @Test
    void aBedrockApiKeyIsABearerTokenInsteadOfSigV4() {
        on(HAIKU, "invoke", json(200, fixture("invoke/anthropic-messages/response.json")));
        try (var proxy = ProxyUnderTest.serving(new Deployment("b", "bedrock", HAIKU, upstream.baseUrl(), "bedrock-api-key-123", null,
                Map.of("aws_region_name", "us-east-1")), Settings.defaults(), null)) {
            assertEquals(200, Http.post(proxy.url("/chat/completions"), CHAT).status());
        }
        assertEquals("Bearer bedrock-api-key-123", upstream.last().headers().get("authorization"));
        assertNull(upstream.last().headers().get("x-amz-date"));
    }

    // Helpers.

    static ProxyUnderTest proxy(String model, Map<String, Object> extra) {
        Map<String, Object> params = new HashMap<>(Map.of("aws_access_key_id", AKID, "aws_secret_access_key", SECRET, "aws_region_name", "us-east-1"));
        params.putAll(extra);
        return ProxyUnderTest.serving(new Deployment("bedrock/" + model, "bedrock", model, upstream.baseUrl(), null, null, params), Settings.defaults(), null);
    }

    /** Answers {@code /model/<id>/<action>}, keeping the raw (still percent-encoded) path the proxy sent. */
    static void on(String modelId, String action, FakeUpstream.Reply reply) {
        upstream.on("/model/" + modelId + "/" + action, exchange -> {
            rawPaths.add(exchange.getRequestURI().getRawPath());
            reply.send(exchange);
        });
    }

    static String lastRawPath() {
        return rawPaths.get(rawPaths.size() - 1);
    }

    /** An event stream sent in small pieces that cut messages apart, as a network may. */
    static FakeUpstream.Reply eventStream(byte[] bytes) {
        return exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/vnd.amazon.eventstream");
            exchange.getResponseHeaders().add("X-Amzn-Bedrock-Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            for (int i = 0; i < bytes.length; i += 97) {
                out.write(bytes, i, Math.min(97, bytes.length - i));
                out.flush();
            }
        };
    }

    /** The request arrived signed: right scope and date, and the signature is the one its own bytes give. */
    static void assertSigned(FakeUpstream.Received r, String token) {
        AwsSignatures.assertSigned(r, URI.create(upstream.baseUrl() + lastRawPath()), AKID, SECRET, token, "bedrock");
    }

    static List<Map<String, Object>> stream(ProxyUnderTest proxy, String body) {
        return stream(proxy, body, "/chat/completions");
    }

    static List<Map<String, Object>> stream(ProxyUnderTest proxy, String body, String path) {
        List<String> data = Http.streamData(proxy.url(path), body);
        assertEquals("[DONE]", data.get(data.size() - 1), data.toString());
        List<Map<String, Object>> chunks = new ArrayList<>();
        for (String d : data.subList(0, data.size() - 1)) chunks.add(Http.parse(d));
        return chunks;
    }

    static String content(List<Map<String, Object>> chunks) {
        StringBuilder sb = new StringBuilder();
        for (var c : chunks) if (!choices(c).isEmpty() && delta(c).get("content") instanceof String s) sb.append(s);
        return sb.toString();
    }

    static String fixture(String relative) {
        return Fixtures.read("bedrock/" + relative);
    }

    static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(Fixtures.repo().resolve("tests/fixtures/bedrock").resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
