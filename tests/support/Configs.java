package litellm.testing;

/** Pieces of config.yaml the tests share. */
public final class Configs {
    private Configs() {}

    /** A model_list entry: clients ask for gpt-3.5-turbo, and openai/gpt-4o-mini at the fake upstream serves it. */
    public static String gpt35At(FakeUpstream openai) {
        return "  - model_name: gpt-3.5-turbo\n    litellm_params: {model: openai/gpt-4o-mini, api_base: " + openai.baseUrl()
                + "/v1, api_key: sk-openai-test}\n";
    }
}
