package litellm.template;

import litellm.error.LlmError;
import litellm.template.HubChatTemplates;
import litellm.template.JinjaChatTemplate;
import litellm.template.PromptTemplates;
import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.Stderr;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static litellm.testing.FakeUpstream.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hugging Face chat templates from a fake hub on loopback: fetch, disk cache, precedence over the family, offline fallback. */
class TemplateHubTest {
    static final String TOKEN = "hf_test0123456789abcdef";
    static final List<Map<String, String>> DIALOG = TemplateGoldenTest.DIALOG;

    FakeUpstream hub;
    @TempDir
    Path cache;

    @BeforeEach
    void start() {
        hub = FakeUpstream.start();
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    static String configPath(String model) {
        return "/" + model + "/resolve/main/tokenizer_config.json";
    }

    PromptTemplates templates(String hubBase) {
        return new PromptTemplates(null, new HubChatTemplates(hubBase, TOKEN, cache));
    }

    @Test
    void theModelsChatTemplateIsFetchedOnceWithTheTokenThenServedFromTheDiskCache() {
        String chatml = Fixtures.read("chat-templates/chatml.json");
        hub.on(configPath("acme/house-7b"), json(200, chatml));
        var templates = templates(hub.baseUrl());

        String expected = "<|im_start|>user\nHello!<|im_end|>\n<|im_start|>assistant\nHi. How can I help?<|im_end|>\n"
                + "<|im_start|>user\nName three rivers.<|im_end|>\n<|im_start|>assistant\n";
        assertEquals(expected, templates.render("acme/house-7b", DIALOG, p -> null), "no family fits acme/house-7b: the hub's template is used");
        assertEquals(expected, templates.render("acme/house-7b", DIALOG, p -> null));
        assertEquals(1, hub.received().size(), "asked once");
        assertEquals("/acme/house-7b/resolve/main/tokenizer_config.json", hub.last().path());
        assertEquals("GET", hub.last().method());
        assertEquals("Bearer " + TOKEN, hub.last().headers().get("authorization"));
        assertTrue(Files.isRegularFile(cache.resolve("models--acme--house-7b.json")));

        hub.close(); // a new proxy, offline now: the template comes from the disk cache
        assertEquals(expected, templates(hub.baseUrl()).render("acme/house-7b", DIALOG, p -> null));
    }

    @Test
    void theHubTemplateWinsOverTheFamilyTemplate() {
        hub.on(configPath("HuggingFaceH4/zephyr-7b-beta"), json(200, """
                {"bos_token": {"content": "<s>", "lstrip": false, "special": true}, "eos_token": "</s>",
                 "chat_template": [{"name": "tool_use", "template": "TOOLS"},
                                   {"name": "default", "template": "{{ bos_token }}{% for m in messages %}[{{ m['role'] }}]{{ m['content'] }}{{ eos_token }}{% endfor %}"}]}
                """));
        assertEquals("<s>[user]Hello!</s>[assistant]Hi. How can I help?</s>[user]Name three rivers.</s>",
                templates(hub.baseUrl()).render("HuggingFaceH4/zephyr-7b-beta", DIALOG, p -> null),
                "the named 'default' template, with the AddedToken's content as bos");
    }

    @Test
    void aModelWithoutChatTemplateOrRepositoryGetsItsFamilyTemplate() {
        hub.on(configPath("lmsys/vicuna-7b-v1.5"), json(200, "{\"bos_token\": \"<s>\", \"eos_token\": \"</s>\"}"));
        var templates = templates(hub.baseUrl());
        String vicuna = TemplateGoldenTest.TEMPLATES.render("lmsys/vicuna-7b-v1.5", DIALOG, p -> null);
        assertEquals(vicuna, templates.render("lmsys/vicuna-7b-v1.5", DIALOG, p -> null));
        assertTrue(vicuna.startsWith("A chat between a curious user"), vicuna);
        assertEquals("user: Hello!\nassistant: Hi. How can I help?\nuser: Name three rivers.\nassistant:",
                templates.render("nobody/unknown-model", DIALOG, p -> null), "a 404 from the hub: no family fits, plain");
        templates.render("nobody/unknown-model", DIALOG, p -> null);
        templates.render("llama2:13b", DIALOG, p -> null);
        assertEquals(List.of(configPath("lmsys/vicuna-7b-v1.5"), configPath("nobody/unknown-model")),
                hub.received().stream().map(FakeUpstream.Received::path).toList(),
                "each repository asked once; 'llama2:13b' is no repository id");
    }

    @Test
    void aConversationTheModelsTemplateRefusesIsA400WithItsMessage() {
        hub.on(configPath("mistralai/Mistral-7B-Instruct-v0.1"), json(200, Fixtures.read("chat-templates/mistral.json")));
        var templates = templates(hub.baseUrl());
        var twoUsers = List.of(TemplateGoldenTest.m("user", "a"), TemplateGoldenTest.m("user", "b"));
        LlmError e = assertThrows(LlmError.class, () -> templates.render("mistralai/Mistral-7B-Instruct-v0.1", twoUsers, p -> null));
        assertEquals(400, e.status());
        assertEquals("Conversation roles must alternate user/assistant/user/assistant/...", e.getMessage());
        assertEquals("<s>[INST] Hello! [/INST]Hi. How can I help?</s>[INST] Name three rivers. [/INST]",
                templates.render("mistralai/Mistral-7B-Instruct-v0.1", DIALOG, p -> null));
    }

    @Test
    void offlineTheFamilyTemplateServesAndThatIsLoggedOnce() throws Exception {
        String closed = hub.baseUrl();
        hub.close();
        var templates = templates(closed);
        String log = Stderr.of(() -> {
            for (String model : List.of("meta-llama/Llama-2-7b-chat-hf", "google/gemma-7b-it", "meta-llama/Llama-2-7b-chat-hf"))
                assertEquals(TemplateGoldenTest.TEMPLATES.render(model, DIALOG, p -> null), templates.render(model, DIALOG, p -> null), model);
        });
        assertEquals(1, log.split("cannot be reached", -1).length - 1, log);
        assertTrue(log.contains("using the built-in family prompt templates"), log);
        assertTrue(!log.contains(TOKEN), "the token is never logged");
    }

    @Test
    void theRealTemplatesFromTheHubRenderAsTheFamilyTemplates() {
        for (String family : List.of("llama-2", "zephyr", "llama-3", "gemma")) {
            String config = Fixtures.read("chat-templates/" + family + ".json");
            String model = (String) Http.parse(config).get("model");
            hub.on(configPath(model), json(200, config));
            assertEquals(TemplateGoldenTest.TEMPLATES.render(model, DIALOG, p -> null),
                    templates(hub.baseUrl()).render(model, DIALOG, p -> null), model);
            assertEquals(configPath(model), hub.last().path());
        }
    }

    @Test
    void jinjaRendersWithBosEosAndGenerationPrompt() {
        assertEquals("<s>user:Hello!</s>>>", JinjaChatTemplate.render(
                "{{ bos_token }}{% for m in messages %}{{ m.role }}:{{ m.content }}{{ eos_token }}{% endfor %}{% if add_generation_prompt %}>>{% endif %}",
                List.of(TemplateGoldenTest.m("user", "Hello!")), "<s>", "</s>"));
    }
}
