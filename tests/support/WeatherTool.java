package litellm.testing;

import com.openai.core.JsonValue;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;

import java.util.List;
import java.util.Map;

/** The get_weather tool of the provider fixtures, as OpenAI clients send it: raw JSON and through the official SDK. */
public final class WeatherTool {
    private WeatherTool() {}

    public static final String QUESTION = "What is the weather in Paris?";
    public static final String RESULT = "{\"temperature_c\":18,\"sky\":\"cloudy\"}";
    public static final Map<String, Object> SCHEMA = Map.of(
            "$schema", "http://json-schema.org/draft-07/schema#", "type", "object", "additionalProperties", false,
            "properties", Map.of("location", Map.of("type", "string")), "required", List.of("location"));

    /** The OpenAI tools array (a JSON Schema with the keys strict clients add). */
    public static String json() {
        return "[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"description\":\"Get the current weather\",\"parameters\":"
                + litellm.json.Json.text(SCHEMA) + "}}]";
    }

    /** The question with the tool, as a request body (without its closing brace, for more keys). */
    public static String ask(String model) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + QUESTION + "\"}],\"tools\":" + json();
    }

    /** The follow-up body: the question, the assistant's call and the tool's result. */
    public static String followUp(String model, String callId) {
        return "{\"model\":\"" + model + "\",\"tools\":" + json() + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + QUESTION + "\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"" + callId + "\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"location\\\":\\\"Paris\\\"}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"" + callId + "\",\"content\":" + litellm.json.Json.text(RESULT) + "}]}";
    }

    public static ChatCompletionFunctionTool sdkTool() {
        FunctionParameters.Builder parameters = FunctionParameters.builder();
        SCHEMA.forEach((k, v) -> parameters.putAdditionalProperty(k, JsonValue.from(v)));
        return ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
                .name("get_weather").description("Get the current weather").parameters(parameters.build()).build()).build();
    }

    public static ChatCompletionCreateParams sdkAsk(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage(QUESTION).addTool(sdkTool()).build();
    }

    /** The SDK's follow-up: the answer's message sent back as it came, then the tool's result for its first call. */
    public static ChatCompletionCreateParams sdkFollowUp(String model, ChatCompletionMessage answer) {
        String id = answer.toolCalls().orElseThrow().get(0).asFunction().id();
        return ChatCompletionCreateParams.builder().model(model).addUserMessage(QUESTION).addTool(sdkTool())
                .addMessage(answer)
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(id).content(RESULT).build()).build();
    }
}
