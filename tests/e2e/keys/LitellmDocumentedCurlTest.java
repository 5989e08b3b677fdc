package litellm.e2e.keys;

import litellm.keys.Database;
import litellm.keys.VirtualKeys;
import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.ProxyUnderTest;
import litellm.testing.Tools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LiteLLM's own documented curl examples for keys, users, teams and spend (docs/my-website/docs/proxy/
 * virtual_keys.md, model_access_groups.md, users.md, cost_tracking.md), run with curl as they are written, against the
 * proxy with the embedded database. Only the host and port, the master key and the ids and keys an earlier answer
 * gave (the docs' placeholders: {@code <your-master-key>}, {@code <user-key>}, {@code my-unique-id}...) are put in;
 * the bodies, with their trailing commas and {@code # 👈} comments, are the docs' own. Each answer's shape is LiteLLM's.
 */
class LitellmDocumentedCurlTest {
    static final String MASTER = "sk-1234";

    @TempDir
    Path dir;
    FakeUpstream upstream;
    VirtualKeys keys;
    ProxyUnderTest proxy;

    @BeforeEach
    void start() throws Exception {
        Tools.assumeInstalled("curl", "apt-get install curl");
        upstream = FakeUpstream.start();
        upstream.on("/v1/chat/completions", FakeUpstream.json(200, Fixtures.read("openai/chat/response.json")));
        String base = upstream.baseUrl() + "/v1";
        StringBuilder models = new StringBuilder("model_list:\n");
        for (String name : List.of("gpt-3.5-turbo", "gpt-4o", "llama3", "azure-models"))
            models.append("  - model_name: ").append(name).append("\n    litellm_params: {model: openai/gpt-4o, api_base: ").append(base)
                    .append(", api_key: sk-upstream}\n");
        models.append("  - model_name: gpt-4\n    litellm_params: {model: openai/gpt-4o, api_base: ").append(base)
                .append(", api_key: sk-upstream}\n    model_info:\n      access_groups: [\"beta-models\"] # 👈 Model Access Group\n");
        models.append("  - model_name: fake-openai-endpoint\n    litellm_params: {model: openai/fake, api_key: fake-key, api_base: ").append(base).append("}\n");
        this.models = models.toString();
        keys = VirtualKeys.over(Database.embedded(dir.resolve("keys")));
        proxy = ProxyUnderTest.withConfig(dir, this.models + "general_settings:\n  master_key: " + MASTER + "\n", keys);
    }

    String models;

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) proxy.close();
        if (keys != null) keys.close();
        if (upstream != null) upstream.close();
    }

    /** virtual_keys.md: generate, key info, a user and its key and spend, a team and its key and spend, block, rotate. */
    @Test
    void virtualKeys() throws Exception {
        Answer made = curl("""
                curl 'http://0.0.0.0:4000/key/generate' \\
                --header 'Authorization: Bearer <your-master-key>' \\
                --header 'Content-Type: application/json' \\
                --data-raw '{"models": ["gpt-3.5-turbo", "gpt-4"], "metadata": {"user": "ishaan@berri.ai"}}'
                """);
        String key = (String) made.json().get("key");
        assertTrue(key.startsWith("sk-"), made.body());
        assertEquals(List.of("gpt-3.5-turbo", "gpt-4"), made.json().get("models"));
        assertEquals(Map.of("user", "ishaan@berri.ai"), made.json().get("metadata"));

        Answer info = curl("""
                curl 'http://0.0.0.0:4000/key/info?key=<user-key>' \\
                     -X GET \\
                     -H 'Authorization: Bearer <your-master-key>'
                """.replace("<user-key>", key));
        assertEquals(0.0, ((Number) object(info.json(), "info").get("spend")).doubleValue(), info.body()); // 👈 SPEND
        assertEquals(List.of("gpt-3.5-turbo", "gpt-4"), object(info.json(), "info").get("models"));

        // "User Spend": the body is not JSON (user_email unquoted); LiteLLM's docs show it, the proxy takes it
        Answer user = curl("""
                curl --location 'http://localhost:4000/user/new' \\
                --header 'Authorization: Bearer <your-master-key>' \\
                --header 'Content-Type: application/json' \\
                --data-raw '{user_email: "krrish@berri.ai"}'\s
                """);
        String userId = (String) user.json().get("user_id"); // 👈 unique id
        assertNotNull(userId, user.body());
        assertTrue(user.json().containsKey("max_budget") && user.json().containsKey("expires"), user.body());
        curl("""
                curl 'http://0.0.0.0:4000/key/generate' \\
                --header 'Authorization: Bearer <your-master-key>' \\
                --header 'Content-Type: application/json' \\
                --data-raw '{"models": ["gpt-3.5-turbo", "gpt-4"], "user_id": "my-unique-id"}'
                """.replace("my-unique-id", userId));
        Answer userInfo = curl("""
                curl 'http://0.0.0.0:4000/user/info?user_id=my-unique-id' \\
                     -X GET \\
                     -H 'Authorization: Bearer <your-master-key>'
                """.replace("my-unique-id", userId));
        assertEquals(0.0, ((Number) object(userInfo.json(), "user_info").get("spend")).doubleValue(), userInfo.body());
        assertEquals(2, ((List<?>) userInfo.json().get("keys")).size(), "the key /user/new made, and the one made for the user");

        Answer team = curl("""
                curl --location 'http://localhost:4000/team/new' \\
                --header 'Authorization: Bearer <your-master-key>' \\
                --header 'Content-Type: application/json' \\
                --data-raw '{"team_alias": "my-awesome-team"}'\s
                """);
        String teamId = (String) team.json().get("team_id");
        assertEquals("my-awesome-team", team.json().get("team_alias"));
        String teamKey = (String) curl("""
                curl 'http://0.0.0.0:4000/key/generate' \\
                --header 'Authorization: Bearer <your-master-key>' \\
                --header 'Content-Type: application/json' \\
                --data-raw '{"models": ["gpt-3.5-turbo", "gpt-4"], "team_id": "my-unique-id"}'
                """.replace("my-unique-id", teamId)).json().get("key");
        assertEquals(200, chat(teamKey, "gpt-4").status());
        eventually("the team's spend is written", () -> {
            Answer teamInfo = curl("""
                    curl 'http://0.0.0.0:4000/team/info?team_id=my-unique-id' \\
                         -X GET \\
                         -H 'Authorization: Bearer <your-master-key>'
                    """.replace("my-unique-id", teamId));
            return ((Number) object(teamInfo.json(), "team_info").get("spend")).doubleValue() > 0;
        });

        Answer blocked = curl("""
                curl -L -X POST 'http://0.0.0.0:4000/key/block' \\
                -H 'Authorization: Bearer LITELLM_MASTER_KEY' \\
                -H 'Content-Type: application/json' \\
                -d '{"key": "KEY-TO-BLOCK"}'
                """.replace("KEY-TO-BLOCK", key));
        assertEquals(true, blocked.json().get("blocked"), blocked.body());
        Http.Response refused = chat(key, "gpt-4");
        assertEquals(401, refused.status(), refused.body());
        assertTrue(refused.error().get("message").toString().contains("blocked"), refused.body());
        Answer unblocked = curl("""
                curl -L -X POST 'http://0.0.0.0:4000/key/unblock' \\
                -H 'Authorization: Bearer LITELLM_MASTER_KEY' \\
                -H 'Content-Type: application/json' \\
                -d '{"key": "KEY-TO-UNBLOCK"}'
                """.replace("KEY-TO-UNBLOCK", key));
        assertEquals(false, unblocked.json().get("blocked"), unblocked.body());
        assertEquals(200, chat(key, "gpt-4").status());

        // Key Rotations: the key in the path is the key to rotate (the docs put the master key's example value there)
        Answer rotated = curl("""
                curl 'http://localhost:4000/key/sk-1234/regenerate' \\
                  -X POST \\
                  -H 'Authorization: Bearer sk-1234' \\
                  -H 'Content-Type: application/json' \\
                  -d '{
                    "max_budget": 100,
                    "metadata": {
                      "team": "core-infra"
                    },
                    "models": [
                      "gpt-4",
                      "gpt-3.5-turbo"
                    ]
                  }'
                """.replace("/key/sk-1234/", "/key/" + key + "/"));
        String fresh = (String) rotated.json().get("key");
        assertEquals(100.0, ((Number) rotated.json().get("max_budget")).doubleValue(), rotated.body());
        assertEquals(List.of("gpt-4", "gpt-3.5-turbo"), rotated.json().get("models"));
        assertEquals(Map.of("team", "core-infra"), rotated.json().get("metadata"));
        assertEquals(401, chat(key, "gpt-4").status(), "the old key stops working");
        assertEquals(200, chat(fresh, "gpt-4").status());
    }

    /** model_access_groups.md: a key and a team with the group "beta-models" (gpt-4 is in it, gpt-4o is not). */
    @Test
    void modelAccessGroups() throws Exception {
        Answer made = curl("""
                curl --location 'http://localhost:4000/key/generate' \\
                -H 'Authorization: Bearer <your-master-key>' \\
                -H 'Content-Type: application/json' \\
                -d '{"models": ["beta-models"], # 👈 Model Access Group
                \t\t\t"max_budget": 0,}'
                """);
        String key = (String) made.json().get("key");
        assertEquals(List.of("beta-models"), made.json().get("models"));
        // its max_budget of 0 is spent before the first call, as LiteLLM holds it: allowed the model, refused the budget
        Answer allowed = curl(CHAT_WITH_KEY.replace("sk-<key-from-previous-step>", key).replace("MODEL", "gpt-4"), 400);
        assertEquals("budget_exceeded", object(allowed.json(), "error").get("type"));
        Answer disallowed = curl(CHAT_WITH_KEY.replace("sk-<key-from-previous-step>", key).replace("MODEL", "gpt-4o"), 401);
        assertTrue(object(disallowed.json(), "error").get("message").toString().contains("gpt-4o"), disallowed.body());

        // the team's tab: the docs send the previous key to /team/new; an admin endpoint takes the master key
        Answer team = curl("""
                curl --location 'http://localhost:4000/team/new' \\
                -H 'Authorization: Bearer sk-<key-from-previous-step>' \\
                -H 'Content-Type: application/json' \\
                -d '{"models": ["beta-models"]}'
                """.replace("sk-<key-from-previous-step>", MASTER));
        // the docs' command lacks its closing quote: added here
        Answer teamKey = curl("""
                curl --location 'http://0.0.0.0:4000/key/generate' \\
                --header 'Authorization: Bearer sk-<key-from-previous-step>' \\
                --header 'Content-Type: application/json' \\
                --data '{"team_id": "0ac97648-c194-4c90-8cd6-40af7b0d2d2a"}'
                """.replace("sk-<key-from-previous-step>", MASTER).replace("0ac97648-c194-4c90-8cd6-40af7b0d2d2a", (String) team.json().get("team_id")));
        String k = (String) teamKey.json().get("key");
        curl(CHAT_WITH_KEY.replace("sk-<key-from-previous-step>", k).replace("MODEL", "gpt-4"), 200);
        curl(CHAT_WITH_KEY.replace("sk-<key-from-previous-step>", k).replace("MODEL", "gpt-4o"), 401);
    }

    /** virtual_keys.md, "Pass LiteLLM Key in custom header": general_settings.litellm_key_header_name. */
    @Test
    void aKeyInACustomHeader() throws Exception {
        proxy.close();
        proxy = ProxyUnderTest.withConfig(java.nio.file.Files.createTempDirectory(dir, "custom-header"), models + """
                general_settings:\s
                  master_key: sk-1234\s
                  litellm_key_header_name: "X-Litellm-Key" # 👈 Key Change
                """, keys);
        Answer answer = curl("""
                curl http://localhost:4000/v1/chat/completions \\
                  -H "Content-Type: application/json" \\
                  -H "X-Litellm-Key: Bearer sk-1234" \\
                  -H "Authorization: Bearer bad-key" \\
                  -d '{
                    "model": "fake-openai-endpoint",
                    "messages": [
                      {"role": "user", "content": "Hello, Claude gm!"}
                    ]
                  }'
                """);
        assertEquals("chat.completion", answer.json().get("object"), "the key in X-Litellm-Key is valid: " + answer.body());
        curl("""
                curl http://localhost:4000/v1/chat/completions \\
                  -H "Content-Type: application/json" \\
                  -H "Authorization: Bearer sk-1234" \\
                  -d '{"model": "fake-openai-endpoint", "messages": [{"role": "user", "content": "hi"}]}'
                """, 401); // Authorization is not where the key is looked for any more
    }

    static final String CHAT_WITH_KEY = """
            curl -i http://localhost:4000/v1/chat/completions \\
              -H "Content-Type: application/json" \\
              -H "Authorization: Bearer sk-<key-from-previous-step>" \\
              -d '{
                "model": "MODEL",
                "messages": [
                  {"role": "user", "content": "Hello"}
                ]
              }'
            """;

    /** users.md: team budgets and members, a member's key, user budgets and durations, key budgets. */
    @Test
    void budgetsAndRateLimits() throws Exception {
        Answer team = curl("""
                curl --location 'http://localhost:4000/team/new' \\
                --header 'Authorization: Bearer <your-master-key>' \\
                --header 'Content-Type: application/json' \\
                --data-raw '{
                  "team_alias": "my-new-team_4",
                  "members_with_roles": [{"role": "admin", "user_id": "5c4a0aa3-a1e1-43dc-bd87-3c2da8382a3a"}],
                  "rpm_limit": 99
                }'\s
                """);
        Map<String, Object> t = team.json();
        for (String field : List.of("team_alias", "team_id", "members_with_roles", "metadata", "tpm_limit", "rpm_limit", "max_budget", "models",
                "spend", "budget_duration", "budget_reset_at"))
            assertTrue(t.containsKey(field), field + " in " + team.body());
        assertEquals(99, ((Number) t.get("rpm_limit")).intValue());
        assertEquals(List.of(Map.of("role", "admin", "user_id", "5c4a0aa3-a1e1-43dc-bd87-3c2da8382a3a")), t.get("members_with_roles"));
        Answer resetting = curl("""
                curl 'http://0.0.0.0:4000/team/new' \\
                --header 'Authorization: Bearer <your-master-key>' \\
                --header 'Content-Type: application/json' \\
                --data-raw '{
                  "team_alias": "my-new-team_4",
                  "members_with_roles": [{"role": "admin", "user_id": "5c4a0aa3-a1e1-43dc-bd87-3c2da8382a3a"}],
                  "budget_duration": "30s",
                }'
                """);
        assertEquals("30s", resetting.json().get("budget_duration"), resetting.body());
        assertNotNull(resetting.json().get("budget_reset_at"));

        String teamId = (String) t.get("team_id");
        curl("""
                curl --location 'http://0.0.0.0:4000/user/new' \\
                    --header 'Authorization: Bearer sk-1234' \\
                    --header 'Content-Type: application/json' \\
                    --data '{
                        "user_id": "ishaan"
                }'
                """);
        Answer added = curl("""
                curl -X POST 'http://0.0.0.0:4000/team/member_add' \\
                -H 'Authorization: Bearer sk-1234' \\
                -H 'Content-Type: application/json' \\
                -d '{"team_id": "e8d1460f-846c-45d7-9b43-55f3cc52ac32", "max_budget_in_team": 0.000000000001, "member": {"role": "user", "user_id": "ishaan"}}'
                """.replace("e8d1460f-846c-45d7-9b43-55f3cc52ac32", teamId));
        assertTrue(added.body().contains("\"ishaan\""), added.body());
        Answer memberKey = curl("""
                curl --location 'http://0.0.0.0:4000/key/generate' \\
                    --header 'Authorization: Bearer sk-1234' \\
                    --header 'Content-Type: application/json' \\
                    --data '{
                        "user_id": "ishaan",
                        "team_id": "e8d1460f-846c-45d7-9b43-55f3cc52ac32"
                }'
                """.replace("e8d1460f-846c-45d7-9b43-55f3cc52ac32", teamId));
        assertEquals("ishaan", memberKey.json().get("user_id"));
        assertEquals(teamId, memberKey.json().get("team_id"));
        Answer call = curl("""
                curl --location 'http://localhost:4000/chat/completions' \\
                    --header 'Authorization: Bearer sk-RV-l2BJEZ_LYNChSx2EueQ' \\
                    --header 'Content-Type: application/json' \\
                    --data '{
                    "model": "llama3",
                    "messages": [
                        {
                        "role": "user",
                        "content": "tes4"
                        }
                    ]
                }'
                """.replace("sk-RV-l2BJEZ_LYNChSx2EueQ", (String) memberKey.json().get("key")));
        assertEquals("chat.completion", call.json().get("object"), call.body());
        // "After 2-3 requests expect to see The following error ExceededBudget: Crossed spend within team"
        String memberKeyValue = (String) memberKey.json().get("key");
        eventually("the member's budget in the team is spent", () -> chat(memberKeyValue, "llama3").status() == 400);
        Http.Response crossed = chat(memberKeyValue, "llama3");
        assertEquals("budget_exceeded", crossed.error().get("type"), crossed.body());
        assertTrue(crossed.error().get("message").toString().contains("Crossed spend within team"), crossed.body());
        Answer teamInfo = curl("curl 'http://0.0.0.0:4000/team/info?team_id=" + teamId + "' -H 'Authorization: Bearer sk-1234'");
        Map<String, Object> membership = list(teamInfo.json(), "team_memberships").getFirst();
        assertEquals("ishaan", membership.get("user_id"), teamInfo.body());
        assertEquals(0.000000000001, ((Number) object(membership, "litellm_budget_table").get("max_budget")).doubleValue());

        Answer krrish = curl("""
                curl --location 'http://localhost:4000/user/new' \\
                --header 'Authorization: Bearer <your-master-key>' \\
                --header 'Content-Type: application/json' \\
                --data-raw '{"models": ["azure-models"], "max_budget": 0, "user_id": "krrish3@berri.ai"}'\s
                """);
        assertEquals("krrish3@berri.ai", krrish.json().get("user_id"));
        assertEquals(0.0, ((Number) krrish.json().get("max_budget")).doubleValue());
        assertTrue(((String) krrish.json().get("key")).startsWith("sk-"));
        curl("""
                curl --location 'http://0.0.0.0:4000/key/generate' \\
                --header 'Authorization: Bearer <your-master-key>' \\
                --header 'Content-Type: application/json' \\
                --data '{"models": ["azure-models"], "user_id": "krrish3@berri.ai"}'
                """);

        curl("""
                curl --location 'http://localhost:4000/team/new' \\
                --header 'Authorization: Bearer <your-master-key>' \\
                --header 'Content-Type: application/json' \\
                --data-raw '{"team_id": "core-infra"}'
                """); // the docs' next bodies name a team core-infra: LiteLLM needs it to exist too
        Answer userWithDuration = curl("""
                curl 'http://0.0.0.0:4000/user/new' \\
                --header 'Authorization: Bearer <your-master-key>' \\
                --header 'Content-Type: application/json' \\
                --data-raw '{
                  "team_id": "core-infra", # [OPTIONAL]
                  "max_budget": 10,
                  "budget_duration": "30s",
                }'
                """);
        assertEquals(10.0, ((Number) userWithDuration.json().get("max_budget")).doubleValue(), userWithDuration.body());
        assertEquals("30s", userWithDuration.json().get("budget_duration"));
        Answer keyBudget = curl("""
                curl 'http://0.0.0.0:4000/key/generate' \\
                --header 'Authorization: Bearer <your-master-key>' \\
                --header 'Content-Type: application/json' \\
                --data-raw '{
                  "team_id": "core-infra", # [OPTIONAL]
                  "max_budget": 10,
                }'
                """);
        assertEquals(10.0, ((Number) keyBudget.json().get("max_budget")).doubleValue(), keyBudget.body());
        assertEquals("core-infra", keyBudget.json().get("team_id"));
        Answer keyDuration = curl("""
                curl 'http://0.0.0.0:4000/key/generate' \\
                --header 'Authorization: Bearer <your-master-key>' \\
                --header 'Content-Type: application/json' \\
                --data-raw '{
                  "team_id": "core-infra", # [OPTIONAL]
                  "max_budget": 10,
                  "budget_duration": "30s",
                }'
                """);
        assertEquals("30s", keyDuration.json().get("budget_duration"), keyDuration.body());
    }

    /** cost_tracking.md: the spend log, the spend reports (per team, customer, key, user), daily activity, the reset. */
    @Test
    void spendTracking() throws Exception {
        curl("""
                curl --location 'http://localhost:4000/team/new' \\
                --header 'Authorization: Bearer <your-master-key>' \\
                --header 'Content-Type: application/json' \\
                --data-raw '{"team_alias": "Prod Team", "team_id": "prod"}'
                """);
        String key = (String) curl("""
                curl 'http://0.0.0.0:4000/key/generate' \\
                --header 'Authorization: Bearer <your-master-key>' \\
                --header 'Content-Type: application/json' \\
                --data-raw '{"team_id": "prod", "user_id": "ishaan"}'
                """).json().get("key");
        // the docs' curl has "# OPTIONAL" comments inside the chat body, which no JSON parser (LiteLLM's neither) takes:
        // the same request without them
        Answer call = curl("""
                curl --location 'http://0.0.0.0:4000/chat/completions' \\
                    --header 'Content-Type: application/json' \\
                    --header 'Authorization: Bearer sk-1234' \\
                    --data '{
                    "model": "llama3",
                    "messages": [
                        {
                        "role": "user",
                        "content": "what llm are you"
                        }
                    ],
                    "user": "palantir",
                    "metadata": {
                        "tags": ["jobID:214590dsff09fds", "taskName:run_page_classification"]
                    }
                }'
                """.replace("sk-1234", key));
        assertNotNull(call.header("x-litellm-response-cost"), "Expect to see x-litellm-response-cost in the response headers");
        eventually("the call is in the spend log", () -> !curl("curl 'http://0.0.0.0:4000/spend/logs?api_key=" + key
                + "' -H 'Authorization: Bearer sk-1234'").body().equals("[]"));
        Answer logs = curl("curl 'http://0.0.0.0:4000/spend/logs?api_key=" + key + "' -H 'Authorization: Bearer sk-1234'");
        Map<String, Object> row = logs.list().getFirst();
        assertEquals("palantir", row.get("end_user"), logs.body());
        assertEquals("llama3", row.get("model_group"));
        assertEquals("prod", row.get("team_id"));

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        for (String documented : List.of(
                "curl -X GET 'http://localhost:4000/global/spend/report?start_date=2024-04-01&end_date=2024-06-30&group_by=team' \\\n  -H 'Authorization: Bearer sk-1234'",
                "curl -X GET 'http://localhost:4000/global/spend/report?start_date=2024-04-01&end_date=2024-06-30&group_by=customer' \\\n  -H 'Authorization: Bearer sk-1234'",
                "curl -X GET 'http://localhost:4000/global/spend/report?start_date=2024-04-01&end_date=2024-06-30&api_key=sk-1234' \\\n  -H 'Authorization: Bearer sk-1234'",
                "curl -X GET 'http://localhost:4000/global/spend/report?start_date=2024-04-01&end_date=2024-12-30&internal_user_id=ishaan' \\\n  -H 'Authorization: Bearer sk-1234'"))
            assertEquals("[]", curl(documented).body(), "nothing was spent in 2024: " + documented);
        // the same reports over today, which has the call
        String dates = "start_date=" + today + "&end_date=" + today;
        Map<String, Object> perTeam = report("group_by=team&" + dates).getFirst();
        assertEquals(today, perTeam.get("group_by_day"));
        Map<String, Object> prod = list(perTeam, "teams").getFirst();
        assertEquals("Prod Team", prod.get("team_name"), "a team is named by its alias");
        assertTrue(((Number) prod.get("total_spend")).doubleValue() > 0);
        assertEquals(sha256(key), list(prod, "metadata").getFirst().get("api_key"));
        assertEquals("palantir", list(report("group_by=customer&" + dates).getFirst(), "customers").getFirst().get("customer"));
        Map<String, Object> perKey = report("api_key=" + key + "&" + dates).getFirst();
        assertEquals(sha256(key), perKey.get("api_key"));
        assertEquals(19.0, ((Number) perKey.get("total_input_tokens")).doubleValue());
        assertEquals(10.0, ((Number) perKey.get("total_output_tokens")).doubleValue());
        assertEquals("gpt-4o", list(perKey, "model_details").getFirst().get("model"));
        assertEquals(sha256(key), report("internal_user_id=ishaan&" + dates).getFirst().get("api_key"));

        Answer activity = curl("""
                curl -L -X GET 'http://localhost:4000/user/daily/activity?start_date=2025-03-20&end_date=2025-03-27' \\
                -H 'Authorization: Bearer sk-...'
                """.replace("sk-...", MASTER));
        assertEquals(List.of(), activity.json().get("results"), activity.body());
        assertEquals(0.0, ((Number) object(activity.json(), "metadata").get("total_spend")).doubleValue());
        Answer todays = curl("curl -L -X GET 'http://localhost:4000/user/daily/activity?" + dates + "' -H 'Authorization: Bearer sk-1234'");
        @SuppressWarnings("unchecked") Map<String, Object> day = ((List<Map<String, Object>>) todays.json().get("results")).getFirst();
        assertEquals(today, day.get("date"));
        assertEquals(1, ((Number) object(day, "metrics").get("api_requests")).intValue(), todays.body());
        assertEquals(29, ((Number) object(day, "metrics").get("total_tokens")).intValue());
        assertTrue(object(object(day, "breakdown"), "models").containsKey("llama3"), todays.body());
        assertTrue(object(object(day, "breakdown"), "api_keys").containsKey(sha256(key)), todays.body());
        assertEquals(1, ((Number) object(todays.json(), "metadata").get("total_api_requests")).intValue());

        eventually("the key's spend is written", () -> spendOf(key) > 0);
        Answer reset = curl("""
                curl -X POST \\
                  'http://localhost:4000/global/spend/reset' \\
                  -H 'Authorization: Bearer sk-1234' \\
                  -H 'Content-Type: application/json'
                """);
        assertEquals(Map.of("message", "Spend for all API Keys and Teams reset successfully", "status", "success"), reset.json());
        assertEquals(0.0, spendOf(key));
        assertFalse(curl("curl 'http://0.0.0.0:4000/spend/logs?api_key=" + key + "' -H 'Authorization: Bearer sk-1234'").body().equals("[]"),
                "the spend log keeps every call");
    }

    double spendOf(String key) {
        return ((Number) object(curl("curl 'http://0.0.0.0:4000/key/info?key=" + key + "' -H 'Authorization: Bearer sk-1234'").json(), "info")
                .get("spend")).doubleValue();
    }

    List<Map<String, Object>> report(String query) {
        return curl("curl -X GET 'http://localhost:4000/global/spend/report?" + query + "' -H 'Authorization: Bearer sk-1234'").list();
    }

    Http.Response chat(String key, String model) {
        return Http.post(proxy.url("/v1/chat/completions"), "{\"model\": \"" + model + "\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}",
                Map.of("Authorization", "Bearer " + key));
    }

    /** {@link #curl(String, int)}, answered 200. */
    Answer curl(String documented) {
        return curl(documented, 200);
    }

    /**
     * Runs a documented curl command with bash, its host and port the proxy's and its master key this one's, and
     * curl told to print the head before the body and the status after it, which must be {@code status}.
     */
    Answer curl(String documented, int status) {
        String command = documented.strip();
        for (String host : List.of("https://0.0.0.0:4000", "http://0.0.0.0:4000", "http://localhost:4000", "http://0.0.0.0:8000", "http://localhost:8000"))
            command = command.replace(host, proxy.url(""));
        command = command.replace("<your-master-key>", MASTER).replace("LITELLM_MASTER_KEY", MASTER);
        try {
            Process p = new ProcessBuilder("bash", "-c", command + " --include --silent --show-error --write-out '\\n%{http_code}'").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) throw new AssertionError("curl did not end: " + command);
            int lastLine = out.lastIndexOf('\n');
            String head = "", body = out.substring(0, lastLine);
            if (body.startsWith("HTTP/")) { // --include: the head, a blank line, the body
                int end = body.indexOf("\r\n\r\n");
                head = body.substring(0, end);
                body = body.substring(end + 4);
            }
            Answer answer = new Answer(Integer.parseInt(out.substring(lastLine + 1).strip()), head, body, command);
            assertEquals(status, answer.status(), command + "\n" + out);
            return answer;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A curl's answer: its status, its head (with -i) and body. */
    record Answer(int status, String head, String body, String command) {
        Map<String, Object> json() {
            return Http.parse(body);
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> list() {
            return (List<Map<String, Object>>) Http.parse("{\"list\": " + body + "}").get("list");
        }

        String header(String name) {
            return head.lines().filter(l -> l.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                    .map(l -> l.substring(name.length() + 1).strip()).findFirst().orElse(null);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> m, String name) {
        return (Map<String, Object>) m.get(name);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> m, String name) {
        return (List<Map<String, Object>>) m.get(name);
    }

    static String sha256(String key) throws Exception {
        return VirtualKeysContract.sha256(key);
    }

    static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        VirtualKeysContract.eventually(what, condition);
    }
}
