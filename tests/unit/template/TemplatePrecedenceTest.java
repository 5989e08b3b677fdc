package litellm.template;

import litellm.error.LlmError;
import litellm.template.HubChatTemplates;
import litellm.template.PromptTemplates;
import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static litellm.testing.FakeUpstream.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** config custom template > prompt_template > Hugging Face chat template > family template > plain. */
class TemplatePrecedenceTest {
    static final String LLAMA = "meta-llama/Llama-2-7b-chat-hf";
    static final List<Map<String, String>> SYSTEM_DIALOG = TemplateGoldenTest.SYSTEM_DIALOG;

    /** The custom template of the LiteLLM proxy docs (litellm_params of a huggingface deployment). */
    static final Map<String, Object> CUSTOM = Map.of(
            "initial_prompt_value", "\n",
            "roles", Map.of(
                    "system", Map.of("pre_message", "<|im_start|>system\n", "post_message", "<|im_end|>"),
                    "assistant", Map.of("pre_message", "<|im_start|>assistant\n", "post_message", "<|im_end|>"),
                    "user", Map.of("pre_message", "<|im_start|>user\n", "post_message", "<|im_end|>")),
            "final_prompt_value", "\n",
            "bos_token", "<s>",
            "eos_token", "</s>");

    FakeUpstream hub;
    PromptTemplates templates;
    @TempDir
    Path cache;

    @BeforeEach
    void start() {
        hub = FakeUpstream.start();
        hub.on("/" + LLAMA + "/resolve/main/tokenizer_config.json", json(200, Fixtures.read("chat-templates/zephyr.json")));
        templates = new PromptTemplates(null, new HubChatTemplates(hub.baseUrl(), null, cache));
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void aCustomTemplateFromTheDeploymentWinsOverEverything() {
        Map<String, Object> params = new java.util.HashMap<>(CUSTOM);
        params.put("prompt_template", "vicuna");
        assertEquals("<s>\n<|im_start|>system\nYou are a terse poet.<|im_end|><|im_start|>user\nWrite a haiku about tea.<|im_end|>"
                        + "<|im_start|>assistant\nSteam curls from the cup<|im_end|></s><s><|im_start|>user\nNow one about coffee.<|im_end|>\n",
                templates.render(LLAMA, SYSTEM_DIALOG, params::get),
                "bos first and again before the user message after an answer, eos after each answer");
        assertTrue(hub.received().isEmpty(), "the hub is not asked");
    }

    @Test
    void customRolesWithoutTokensOrSomeRoles() {
        Map<String, Object> params = Map.of("roles", Map.of("user", Map.of("pre_message", "Q: ", "post_message", "\n")),
                "final_prompt_value", "A:");
        assertEquals("You are a terse poet.Q: Write a haiku about tea.\nSteam curls from the cupQ: Now one about coffee.\nA:",
                templates.render(LLAMA, SYSTEM_DIALOG, params::get));
    }

    @Test
    void aNamedPromptTemplateWinsOverTheHubAndTheFamily() {
        assertEquals("You are a terse poet. USER: Write a haiku about tea. ASSISTANT: Steam curls from the cup</s>USER: Now one about coffee. ASSISTANT:",
                templates.render(LLAMA, SYSTEM_DIALOG, Map.<String, Object>of("prompt_template", "vicuna")::get));
        assertTrue(hub.received().isEmpty(), "the hub is not asked");
        LlmError e = assertThrows(LlmError.class, () -> templates.render(LLAMA, SYSTEM_DIALOG, Map.<String, Object>of("prompt_template", "nope")::get));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("unknown prompt_template 'nope'"), e.getMessage());
    }

    @Test
    void theHubTemplateWinsOverTheFamilyThenTheFamilyOverPlain() {
        assertEquals("<|system|>\nYou are a terse poet.</s>\n<|user|>\nWrite a haiku about tea.</s>\n<|assistant|>\nSteam curls from the cup</s>\n"
                        + "<|user|>\nNow one about coffee.</s>\n<|assistant|>\n",
                templates.render(LLAMA, SYSTEM_DIALOG, p -> null), "the hub serves a zephyr template for this model");
        assertTrue(templates.render("meta-llama/Llama-2-70b-chat-hf", SYSTEM_DIALOG, p -> null).startsWith("<s>[INST] <<SYS>>"),
                "not on the hub (404): the family template");
        assertTrue(templates.render("acme/unknown", SYSTEM_DIALOG, p -> null).startsWith("system: You are a terse poet.\nuser: "), "plain");
    }
}
