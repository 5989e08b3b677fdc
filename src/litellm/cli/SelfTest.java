package litellm.cli;

import litellm.LiteLLM;
import litellm.config.Settings;
import litellm.json.Json;
import litellm.error.LlmError;
import litellm.provider.ProviderScripts;
import litellm.routing.Deployment;
import litellm.routing.Router;
import litellm.http.UpstreamClient;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** {@code --test}: a chat completion and a streamed one against a running proxy, through the same OpenAI provider users call. */
public final class SelfTest {
    static final String PROMPT = "this is a test request, write a short poem";

    private SelfTest() {}

    /** @return the process exit code: 0 when both requests succeeded */
    @SuppressWarnings("unchecked")
    public static int run(String baseUrl, PrintStream out) {
        Deployment proxy = new Deployment("test", "openai", "gpt-3.5-turbo", baseUrl, "anything", null, Map.of());
        LiteLLM client = new LiteLLM(Settings.defaults(), Router.fixed(proxy), new ProviderScripts(null), new UpstreamClient("litellm.java-test"));
        Map<String, Object> request = Map.of("model", "gpt-3.5-turbo", "messages", List.of(Map.of("role", "user", "content", PROMPT)));
        out.println("LiteLLM: making a test request to the proxy at " + baseUrl);
        try {
            out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(client.completion(request)));
            out.println("\nLiteLLM: making a streamed test request");
            client.stream(request, chunk -> {
                var choices = (List<Map<String, Object>>) chunk.get("choices");
                if (choices != null && !choices.isEmpty() && choices.get(0).get("delta") instanceof Map<?, ?> delta && delta.get("content") != null)
                    out.print(delta.get("content"));
                out.flush();
            });
            out.println();
            return 0;
        } catch (LlmError e) {
            if (e.status() == 502)
                out.println("litellm --test: no proxy is listening at " + baseUrl + " (start one with ./jbang litellm.java)");
            else
                out.println("litellm --test: the proxy answered " + e.status() + ": " + e.getMessage());
            return 1;
        } catch (Exception e) {
            out.println("litellm --test: " + e);
            return 1;
        }
    }
}
