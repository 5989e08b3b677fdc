package litellm.template;

import litellm.template.JinjaChatTemplate;
import litellm.template.PromptTemplates;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Each family template (templates/*.groovy) renders exactly what the model's own Jinja chat
 * template (tests/fixtures/chat-templates/<family>.json, with the model id it comes from) renders
 * for the same messages, as tokenizer.apply_chat_template(messages, add_generation_prompt=True) does.
 */
class TemplateGoldenTest {
    static final PromptTemplates TEMPLATES = new PromptTemplates(null, null);

    static final List<Map<String, String>> USER = List.of(
            m("user", "  Write a haiku\nabout tea.  "));
    static final List<Map<String, String>> SYSTEM_USER = List.of(
            m("system", "You are a terse poet."), m("user", "Write a haiku about tea."));
    static final List<Map<String, String>> SYSTEM_DIALOG = List.of(
            m("system", "You are a terse poet."), m("user", "Write a haiku about tea."),
            m("assistant", "Steam curls from the cup"), m("user", "Now one about coffee."));
    static final List<Map<String, String>> DIALOG = List.of(
            m("user", "Hello!"), m("assistant", "Hi. How can I help?"), m("user", "Name three rivers."));

    /** Families whose own template refuses a system message (the family template folds it into the first user turn). */
    static final List<String> NO_SYSTEM_ROLE = List.of("mistral", "gemma");

    static Stream<String> families() {
        return PromptTemplates.BUILT_IN.stream();
    }

    @ParameterizedTest
    @MethodSource("families")
    void familyTemplateMatchesTheModelsOwnChatTemplate(String family) {
        Map<String, Object> config = Http.parse(Fixtures.read("chat-templates/" + family + ".json"));
        String model = (String) config.get("model");
        List<List<Map<String, String>>> conversations = NO_SYSTEM_ROLE.contains(family)
                ? List.of(USER, DIALOG) : List.of(USER, SYSTEM_USER, SYSTEM_DIALOG, DIALOG);
        for (var messages : conversations) {
            String expected = JinjaChatTemplate.render((String) config.get("chat_template"), messages,
                    (String) config.get("bos_token"), (String) config.get("eos_token"));
            assertEquals(expected, TEMPLATES.render(model, messages, name -> null), family + " for " + model + " on " + messages);
        }
    }

    @Test
    void llama2PutsTheSystemPromptInTheFirstInstTurn() {
        assertEquals("<s>[INST] <<SYS>>\nYou are a terse poet.\n<</SYS>>\n\nWrite a haiku about tea. [/INST] Steam curls from the cup </s>"
                        + "<s>[INST] Now one about coffee. [/INST]",
                TEMPLATES.render("meta-llama/Llama-2-13b-chat-hf", SYSTEM_DIALOG, name -> null));
    }

    @Test
    void modelsWithoutASystemRoleGetItAtTheTopOfTheFirstUserTurn() {
        assertEquals("<s>[INST] You are a terse poet.\n\nWrite a haiku about tea. [/INST]",
                TEMPLATES.render("mistralai/Mixtral-8x7B-Instruct-v0.1", SYSTEM_USER, name -> null));
        assertEquals("<bos><start_of_turn>user\nYou are a terse poet.\n\nWrite a haiku about tea.<end_of_turn>\n<start_of_turn>model\n",
                TEMPLATES.render("google/gemma-2b-it", SYSTEM_USER, name -> null));
    }

    @Test
    void eachModelIdFindsItsFamily() {
        Map<String, String> expectedStart = Map.of(
                "TheBloke/Llama-2-7B-Chat-GPTQ", "<s>[INST] Hello! [/INST]",
                "codellama/CodeLlama-34b-Instruct-hf", "<s>[INST] Hello! [/INST]",
                "meta-llama/Meta-Llama-3-70B-Instruct", "<|begin_of_text|><|start_header_id|>user",
                "teknium/OpenHermes-2-Mistral-7B", "<|im_start|>user\nHello!",
                "Qwen/Qwen1.5-72B-Chat", "<|im_start|>system\nYou are a helpful assistant<|im_end|>",
                "WizardLM/WizardCoder-15B-V1.0", "Below is an instruction",
                "Phind/Phind-CodeLlama-34B-v2", "### User Message\nHello!",
                "lmsys/vicuna-13b-v1.5", "A chat between a curious user",
                "psmathur/orca_mini_v3_7b", "### System:\nYou are an AI assistant");
        expectedStart.forEach((model, start) -> {
            String prompt = TEMPLATES.render(model, DIALOG, name -> null);
            assertEquals(start, prompt.substring(0, Math.min(prompt.length(), start.length())), model + ": " + prompt);
        });
        assertEquals("user: Hello!\nassistant: Hi. How can I help?\nuser: Name three rivers.\nassistant:",
                TEMPLATES.render("bigcode/starcoder", DIALOG, name -> null), "no family fits: the plain transcript");
    }

    static Map<String, String> m(String role, String content) {
        return Map.of("role", role, "content", content);
    }
}
