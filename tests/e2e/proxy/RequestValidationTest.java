package litellm.e2e.proxy;

import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.ProviderUnderTest;
import litellm.testing.ProxyUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static litellm.testing.FakeUpstream.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad values are refused as OpenAI refuses them (400, {@code invalid_request_error}, {@code param} naming the path,
 * OpenAI's code) before any upstream call; OpenAI's edge values pass; an unknown top-level parameter is forwarded
 * to an OpenAI-format provider and refused (or dropped with drop_params) by one that declares its parameters.
 */
class RequestValidationTest {
    static final String USER = "{\"role\":\"user\",\"content\":\"hi\"}";
    static final String TOOL = "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\"}}}";
    @RegisterExtension
    static final ProviderUnderTest upstream = new ProviderUnderTest();
    static final ProviderUnderTest.Proxy openai = upstream.serving(base -> ProxyUnderTest.serving("openai", "gpt-4o-mini", base + "/v1", "sk-x"));
    static final ProviderUnderTest.Proxy anthropic = upstream.serving(base -> ProxyUnderTest.serving("anthropic", "claude-3-5-sonnet-20241022", base, "sk-ant-x"));

    /** A chat request with {@code fields} after its messages (or, starting with "messages", in their place). */
    static String chat(String fields) {
        if (fields.startsWith("\"messages\"")) return "{\"model\":\"gpt-4o-mini\"," + fields + "}";
        return "{\"model\":\"gpt-4o-mini\",\"messages\":[" + USER + "]" + (fields.isEmpty() ? "" : "," + fields) + "}";
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "\"n\":-1|n|integer_below_min_value",
            "\"n\":0|n|integer_below_min_value",
            "\"n\":129|n|integer_above_max_value",
            "\"n\":1.5|n|invalid_type",
            "\"max_tokens\":-5|max_tokens|integer_below_min_value",
            "\"max_tokens\":0|max_tokens|integer_below_min_value",
            "\"max_tokens\":\"10\"|max_tokens|invalid_type",
            "\"max_completion_tokens\":0|max_completion_tokens|integer_below_min_value",
            "\"temperature\":99|temperature|decimal_above_max_value",
            "\"temperature\":2.01|temperature|decimal_above_max_value",
            "\"temperature\":-0.1|temperature|decimal_below_min_value",
            "\"temperature\":\"hot\"|temperature|invalid_type",
            "\"top_p\":5|top_p|decimal_above_max_value",
            "\"top_p\":-1|top_p|decimal_below_min_value",
            "\"presence_penalty\":2.5|presence_penalty|decimal_above_max_value",
            "\"frequency_penalty\":-3|frequency_penalty|decimal_below_min_value",
            "\"logit_bias\":{\"50256\":101}|logit_bias.50256|invalid_value",
            "\"logit_bias\":{\"50256\":-100.5}|logit_bias.50256|invalid_value",
            "\"logit_bias\":{\"hello\":5}|logit_bias|invalid_value",
            "\"logit_bias\":{\"50256\":\"x\"}|logit_bias.50256|invalid_type",
            "\"logit_bias\":[1]|logit_bias|invalid_type",
            "\"messages\":[{\"role\":\"wizard\",\"content\":\"hi\"}]|messages[0].role|invalid_value",
            "\"messages\":[" + USER + ",{\"role\":\"robot\",\"content\":\"hi\"}]|messages[1].role|invalid_value",
            "\"messages\":[{\"role\":7,\"content\":\"hi\"}]|messages[0].role|invalid_type",
            "\"messages\":[{\"content\":\"hi\"}]|messages[0].role|missing_required_parameter",
            "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"video\",\"video\":\"x\"}]}]|messages[0].content[0].type|invalid_value",
            "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"a\"},{\"text\":\"b\"}]}]|messages[0].content[1].type|missing_required_parameter",
            "\"messages\":[{\"role\":\"user\",\"content\":[\"hi\"]}]|messages[0].content[0]|invalid_type",
            "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"refusal\",\"refusal\":\"no\"}]}]|messages[0].content[0].type|invalid_value",
            "\"messages\":[{\"role\":\"user\",\"content\":5}]|messages[0].content|invalid_type",
            "\"tools\":\"x\"|tools|invalid_type",
            "\"tools\":[\"x\"]|tools[0]|invalid_type",
            "\"tools\":[{\"function\":{\"name\":\"f\"}}]|tools[0].type|missing_required_parameter",
            "\"tools\":[{\"type\":\"retrieval\"}]|tools[0].type|invalid_value",
            "\"tools\":[{\"type\":\"function\"}]|tools[0].function|missing_required_parameter",
            "\"tools\":[{\"type\":\"function\",\"function\":{\"description\":\"d\"}}]|tools[0].function.name|missing_required_parameter",
            "\"tools\":[" + TOOL + ",{\"type\":\"function\",\"function\":{\"name\":\"get weather\"}}]|tools[1].function.name|invalid_value",
            "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"\"}}]|tools[0].function.name|invalid_value",
            "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}}]|tools[0].function.name|string_above_max_length",
            "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":\"x\"}}]|tools[0].function.parameters|invalid_type",
            "\"tool_choice\":\"always\"|tool_choice|invalid_value",
            "\"tool_choice\":5|tool_choice|invalid_type",
            "\"tool_choice\":{\"type\":\"function\"}|tool_choice.function|missing_required_parameter",
            "\"tool_choice\":{\"type\":\"function\",\"function\":{}}|tool_choice.function.name|missing_required_parameter",
            "\"tool_choice\":{\"type\":\"tool\",\"function\":{\"name\":\"f\"}}|tool_choice.type|invalid_value",
            "\"response_format\":\"json\"|response_format|invalid_type",
            "\"response_format\":{\"type\":\"xml\"}|response_format.type|invalid_value",
            "\"response_format\":{}|response_format.type|missing_required_parameter",
            "\"response_format\":{\"type\":\"json_schema\"}|response_format.json_schema|missing_required_parameter",
            "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"schema\":{}}}|response_format.json_schema.name|missing_required_parameter",
            "\"thinking\":true|thinking|invalid_type",
            "\"thinking\":{\"type\":1}|thinking.type|invalid_type",
            "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":\"many\"}|thinking.budget_tokens|invalid_type",
    })
    void badValuesAre400NamingTheParameterAndNothingGoesUpstream(String fields, String param, String code) {
        for (var proxy : new ProviderUnderTest.Proxy[]{openai, anthropic}) {
            int before = upstream.upstream().received().size();
            var r = Http.post(proxy.url("/chat/completions"), chat(fields));
            assertEquals(400, r.status(), r.body());
            var error = r.error();
            assertEquals("invalid_request_error", error.get("type"), r.body());
            assertEquals(param, error.get("param"), r.body());
            assertEquals(code, error.get("code"), r.body());
            assertFalse(error.get("message").toString().isBlank());
            assertEquals(before, upstream.upstream().received().size(), "nothing goes upstream");
        }
    }

    @Test
    void openAisWordingForARangeAndARole() {
        var r = Http.post(openai.url("/chat/completions"), chat("\"temperature\":99"));
        assertEquals("Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got 99 instead.", r.error().get("message"));
        r = Http.post(openai.url("/chat/completions"), chat("\"messages\":[{\"role\":\"wizard\",\"content\":\"hi\"}]"));
        assertEquals("Invalid value: 'wizard'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.",
                r.error().get("message"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "\"temperature\":0",
            "\"temperature\":2",
            "\"temperature\":1.3",
            "\"top_p\":0",
            "\"top_p\":1",
            "\"presence_penalty\":-2,\"frequency_penalty\":2",
            "\"n\":1",
            "\"n\":128",
            "\"max_tokens\":1",
            "\"max_completion_tokens\":1",
            "\"logit_bias\":{\"50256\":-100,\"198\":100,\"11\":0.5}",
            "\"temperature\":null,\"n\":null",
            "\"tools\":[" + TOOL + "],\"tool_choice\":\"auto\"",
            "\"tools\":[" + TOOL + "],\"tool_choice\":\"none\"",
            "\"tools\":[" + TOOL + "],\"tool_choice\":\"required\"",
            "\"tools\":[" + TOOL + "],\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}",
            "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"a-Z_0-9aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}}]",
            "\"response_format\":{\"type\":\"text\"}",
            "\"response_format\":{\"type\":\"json_object\"}",
            "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"answer\",\"schema\":{\"type\":\"object\"}}}",
            "\"messages\":[{\"role\":\"developer\",\"content\":\"be brief\"},{\"role\":\"system\",\"content\":\"s\"}," + USER + "]",
            "\"messages\":[" + USER + ",{\"role\":\"assistant\",\"content\":[{\"type\":\"refusal\",\"refusal\":\"no\"}]},{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,iVBORw0KGgo=\"}},{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"AAAA\",\"format\":\"wav\"}},{\"type\":\"file\",\"file\":{\"file_id\":\"file-1\"}}]}]",
            "\"messages\":[" + USER + ",{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"ok\"},{\"role\":\"function\",\"name\":\"f\",\"content\":\"ok\"}]",
    })
    void openAisEdgeValuesPass(String fields) {
        upstream.upstream().on("/v1/chat/completions", json(200, Fixtures.read("openai/chat/response.json")));
        int before = upstream.upstream().received().size();
        var r = Http.post(openai.url("/chat/completions"), chat(fields));
        assertEquals(200, r.status(), r.body());
        assertEquals(before + 1, upstream.upstream().received().size());
    }

    @Test
    void maxTokensZeroIsALegacyCompletionsValue() {
        upstream.upstream().on("/v1/completions", json(200, Fixtures.read("openai/completions/response.json")));
        var r = Http.post(openai.url("/completions"), "{\"model\":\"gpt-3.5-turbo-instruct\",\"prompt\":\"hi\",\"max_tokens\":0,\"echo\":true}");
        assertEquals(200, r.status(), r.body());
        r = Http.post(openai.url("/completions"), "{\"model\":\"gpt-3.5-turbo-instruct\",\"prompt\":\"hi\",\"max_tokens\":-1}");
        assertEquals(400, r.status(), r.body());
        assertEquals("max_tokens", r.error().get("param"));
    }

    @Test
    void anUnknownParameterIsForwardedToAnOpenAiFormatProvider() {
        upstream.upstream().on("/v1/chat/completions", json(200, Fixtures.read("openai/chat/response.json")));
        var r = Http.post(openai.url("/chat/completions"), chat("\"foo_bar\":{\"x\":1}"));
        assertEquals(200, r.status(), r.body());
        assertEquals(java.util.Map.of("x", 1), upstream.upstream().last().json().get("foo_bar"));
    }

    @Test
    void anUnknownParameterIsA400ForAProviderThatDeclaresItsParametersUnlessDropParams() {
        int before = upstream.upstream().received().size();
        var r = Http.post(anthropic.url("/chat/completions"), chat("\"foo_bar\":1"));
        assertEquals(400, r.status(), r.body());
        assertEquals("foo_bar", r.error().get("param"));
        assertEquals("unsupported_parameter", r.error().get("code"));
        assertEquals(before, upstream.upstream().received().size(), "nothing goes upstream");

        upstream.upstream().on("/v1/messages", json(200, Fixtures.read("anthropic/messages-response.json")));
        r = Http.post(anthropic.url("/chat/completions"), chat("\"foo_bar\":1,\"drop_params\":true"));
        assertEquals(200, r.status(), r.body());
        assertTrue(!upstream.upstream().last().json().containsKey("foo_bar"), "dropped");
        assertFalse(upstream.upstream().last().json().containsKey("drop_params"));
    }
}
