package litellm.e2e.proxy;

import litellm.config.ConfigError;
import litellm.config.ConfigFile;
import litellm.provider.ProviderScripts;
import litellm.testing.Configs;
import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.ProxyUnderTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static litellm.testing.FakeUpstream.json;
import static litellm.testing.FakeUpstream.sse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LiteLLM's {@code max_budget} and {@code budget_duration}: each call's cost (providers/models.yaml's prices) counts
 * against the proxy's budget; once it is spent, calls are refused until the period ends. The spend is counted just
 * after each call, so each test calls until it is refused, within a bound.
 */
class BudgetTest {
    static final String CHAT = "{\"model\":\"gpt-3.5-turbo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]%s}";
    /** gpt-4o-mini's prices times the usage of openai/chat/response.json (19 prompt, 10 completion tokens). */
    static final double CALL_COST = 19 * 1.5e-7 + 10 * 6.0e-7;

    @TempDir
    Path dir;
    FakeUpstream openai;

    @BeforeEach
    void start() {
        openai = FakeUpstream.start().onStreamOrNot("/v1/chat/completions", json(200, Fixtures.read("openai/chat/response.json")),
                sse(Fixtures.read("openai/chat/stream-no-usage.txt"), 0));
    }

    @AfterEach
    void stop() {
        openai.close();
    }

    String config(String budget) {
        return "model_list:\n" + Configs.gpt35At(openai) + "litellm_settings:\n  " + budget + "\n";
    }

    /** Calls until the budget refuses one; the refusal. */
    Http.Response callUntilRefused(ProxyUnderTest proxy, String chat) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            var r = chat.contains("\"stream\":true") ? Http.stream(proxy.url("/chat/completions"), chat, d -> {}) : Http.post(proxy.url("/chat/completions"), chat);
            if (r.status() != 200) return r;
            Thread.sleep(100);
        }
        throw new AssertionError("100 calls and the budget never refused one");
    }

    @Test
    void aSpentBudgetRefusesCallsAsLiteLlmDoes() throws Exception {
        try (var proxy = ProxyUnderTest.withConfig(dir, config("max_budget: " + 2.5 * CALL_COST))) {
            var refused = callUntilRefused(proxy, CHAT.formatted(""));
            assertEquals(400, refused.status());
            assertEquals("budget_exceeded", refused.error().get("type"));
            assertTrue(refused.error().get("message").toString().startsWith("Budget has been exceeded! Current cost: "), refused.body());
            int calls = openai.received().size();
            assertTrue(calls >= 3 && calls <= 5, "three calls spend it (one more may pass while the last one's cost is counted): " + calls);
        }
    }

    @Test
    void budgetDurationStartsTheSpendAgain() throws Exception {
        try (var proxy = ProxyUnderTest.withConfig(dir, config("max_budget: " + 0.5 * CALL_COST + "\n  budget_duration: 1s"))) {
            assertEquals(400, callUntilRefused(proxy, CHAT.formatted("")).status());
            Thread.sleep(1100);
            assertEquals(200, Http.post(proxy.url("/chat/completions"), CHAT.formatted("")).status(), "a new period");
        }
    }

    @Test
    void aStreamWithoutUsageHasItsTokensCounted() throws Exception {
        try (var proxy = ProxyUnderTest.withConfig(dir, config("max_budget: 1.0e-9"))) {
            var refused = callUntilRefused(proxy, CHAT.formatted(",\"stream\":true"));
            assertEquals(400, refused.status(), refused.body());
            // the first count loads the tokenizer's table, so a few more streams may pass before the first one is counted
            assertTrue(openai.received().size() <= 5, "the first stream's counted tokens spent it: " + openai.received().size());
        }
    }

    @Test
    void aDeploymentsOwnPricesCountForAModelTheTableDoesNotList() throws Exception {
        String yaml = "model_list:\n  - model_name: gpt-3.5-turbo\n    litellm_params: {model: openai/our-own-model, api_base: " + openai.baseUrl()
                + "/v1, api_key: k, input_cost_per_token: 0.001, output_cost_per_token: 0.002}\nlitellm_settings:\n  max_budget: 0.07\n";
        try (var proxy = ProxyUnderTest.withConfig(dir, yaml)) {
            var refused = callUntilRefused(proxy, CHAT.formatted(""));
            assertTrue(refused.error().get("message").toString().contains("Current cost: 0.078"), "two calls of 19 * 0.001 + 10 * 0.002: " + refused.body());
            assertEquals(2, openai.received().size());
        }
    }

    @Test
    void aDurationLiteLlmDoesNotKnowStopsTheConfig() {
        var e = assertThrows(ConfigError.class, () -> ConfigFile.parse("config.yaml", config("max_budget: 10\n  budget_duration: 30x"),
                new ProviderScripts(null)::exists, name -> null));
        assertTrue(e.getMessage().contains("litellm_settings.budget_duration: expected a duration such as 30s, 30m, 30h or 30d"), e.getMessage());
    }
}
