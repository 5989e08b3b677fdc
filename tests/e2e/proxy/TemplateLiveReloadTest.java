package litellm.e2e.proxy;

import litellm.LiteLLM;
import litellm.config.Settings;
import litellm.openai.TokenCounter;
import litellm.provider.ProviderScripts;
import litellm.routing.Deployment;
import litellm.routing.Router;
import litellm.server.ProxyServer;
import litellm.template.PromptTemplates;
import litellm.testing.Http;
import litellm.testing.Stderr;
import litellm.http.UpstreamClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Through the proxy: a provider script in the user's folder answers with prompt(call), so each
 * response shows the prompt the model would get; the user's templates change while it runs (an edit serves once
 * the watching thread has compiled it).
 */
class TemplateLiveReloadTest {
    static final String CHAT = "{\"model\":\"house\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Hello!\"}]}";

    @TempDir
    Path providers;
    @TempDir
    Path templates;

    @BeforeEach
    void echoProvider() throws IOException {
        Files.writeString(providers.resolve("echo.groovy"), """
                // Answers with the prompt a text-generation model would get, counting its tokens locally.
                info(endpoints: ['chat/completions'])

                def answer(Call call) {
                    String p = prompt(call)
                    chatResponse(call, p, 'stop', usage(countTokens(p), 0))
                }
                """);
    }

    ProxyServer proxy(String model, Map<String, Object> params) {
        var scripts = new ProviderScripts(providers, new PromptTemplates(templates, null));
        var engine = new LiteLLM(Settings.defaults(), Router.fixed(new Deployment("house", "echo", model, null, null, null, params)),
                scripts, new UpstreamClient("litellm.java-tests"));
        return new ProxyServer(engine).start("127.0.0.1", 0);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> answer(ProxyServer proxy) {
        var r = Http.post("http://127.0.0.1:" + proxy.port() + "/chat/completions", CHAT);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    @SuppressWarnings("unchecked")
    static String prompt(ProxyServer proxy) {
        var choice = ((List<Map<String, Object>>) answer(proxy).get("choices")).get(0);
        return (String) ((Map<String, Object>) choice.get("message")).get("content");
    }

    /** The prompt once it is no longer {@code before} (an edit is compiled off the requests' path), within 10 s. */
    static String promptOnceChanged(ProxyServer proxy, String before) throws InterruptedException {
        long until = System.nanoTime() + 10_000_000_000L;
        String now = prompt(proxy);
        while (now.equals(before) && System.nanoTime() < until) {
            Thread.sleep(20);
            now = prompt(proxy);
        }
        return now;
    }

    static void write(Path file, String text) throws IOException {
        long before = Files.exists(file) ? Files.getLastModifiedTime(file).toMillis() : 0;
        Files.writeString(file, text);
        file.toFile().setLastModified(Math.max(before + 2000, System.currentTimeMillis()));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTemplateEditedWhileRunningTakesEffectAndABrokenEditKeepsTheLastGoodOne() throws Exception {
        Path house = templates.resolve("house.groovy");
        write(house, "info(models: ['acme/*'])\nturns(system: ['<s>', '</s>'], user: ['<u>', '</u>'])\ngeneration '<a>'\n");
        ProxyServer proxy = proxy("acme/house-7b", Map.of());
        try {
            var response = answer(proxy);
            String first = "<s>Be brief.</s><u>Hello!</u><a>";
            var choice = ((List<Map<String, Object>>) response.get("choices")).get(0);
            assertEquals(first, ((Map<String, Object>) choice.get("message")).get("content"));
            assertEquals(TokenCounter.count(first), ((Map<String, Object>) response.get("usage")).get("prompt_tokens"), "counted locally");

            write(house, "info(models: ['acme/*'])\nturns(system: ['[sys]', '\\n'], user: ['[user]', '\\n'])\ngeneration '[assistant]'\n");
            assertEquals("[sys]Be brief.\n[user]Hello!\n[assistant]", promptOnceChanged(proxy, first), "the edit takes effect once compiled");

            String log = Stderr.until(() -> write(house, "info(models: ['acme/*'])\nturns(user: ['[user]', '\\n'\n"), text -> text.contains("keeps serving"));
            assertTrue(log.contains("house.groovy"), log);
            assertEquals("[sys]Be brief.\n[user]Hello!\n[assistant]", prompt(proxy), "a broken edit: the last good version keeps serving");
        } finally {
            proxy.stop();
        }
    }

    @Test
    void aUserTemplateOverridesTheBuiltInOneOfTheSameName() throws Exception {
        ProxyServer proxy = proxy("meta-llama/Llama-2-7b-chat-hf", Map.of());
        try {
            assertEquals("<s>[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\nHello! [/INST]", prompt(proxy), "the built-in llama-2");
            write(templates.resolve("llama-2.groovy"), "info(models: ['*llama-2-*chat*'])\nstart '<<mine>>'\nturns(user: ['', ''])\n");
            assertEquals("<<mine>>Be brief.Hello!", promptOnceChanged(proxy, "<s>[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\nHello! [/INST]"),
                    "the user's llama-2.groovy");
        } finally {
            proxy.stop();
        }
    }

    @Test
    void theDeploymentNamesATemplateOrDeclaresItsOwn() throws IOException {
        write(templates.resolve("house.groovy"), "turns(user: ['Q: ', '\\n'])\ngeneration 'A:'\n");
        ProxyServer named = proxy("meta-llama/Llama-2-7b-chat-hf", Map.of("prompt_template", "house"));
        ProxyServer custom = proxy("meta-llama/Llama-2-7b-chat-hf", Map.of("prompt_template", "house",
                "roles", Map.of("system", Map.of("pre_message", "### System:\n", "post_message", "\n"),
                        "user", Map.of("pre_message", "### User:\n", "post_message", "\n")),
                "final_prompt_value", "### Assistant:\n"));
        try {
            assertEquals("Be brief.Q: Hello!\nA:", prompt(named), "prompt_template: house, though llama-2 fits the model");
            assertEquals("### System:\nBe brief.\n### User:\nHello!\n### Assistant:\n", prompt(custom), "the config's own template wins");
        } finally {
            named.stop();
            custom.stop();
        }
    }
}
