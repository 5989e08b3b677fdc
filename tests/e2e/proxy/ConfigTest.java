package litellm.e2e.proxy;

import litellm.config.ConfigError;
import litellm.config.ConfigFile;
import litellm.config.Flags;
import litellm.config.ProxyConfig;
import litellm.provider.ProviderScripts;
import litellm.shared.RedisAddress;
import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.ProxyUnderTest;
import litellm.testing.Stderr;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A LiteLLM config.yaml, unchanged: loading, its errors, default model, aliases, deployment settings, master key. */
class ConfigTest {
    static final String CHAT = "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @TempDir
    Path dir;
    FakeUpstream upstream;

    @BeforeEach
    void start() {
        upstream = FakeUpstream.start().on("/v1/chat/completions", FakeUpstream.json(200, Fixtures.read("openai/chat/response.json")));
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    static ProxyConfig parse(String yaml) throws ConfigError {
        return ConfigFile.parse("config.yaml", yaml, new ProviderScripts(null)::exists, name -> name.equals("SET_VAR") ? "from-env" : null);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown top-level key      | model_lst: []                                                                              | config.yaml:1:1: model_lst: unknown key 'model_lst'
            unknown entry key          | model_list:\\n  - model_name: a\\n    litelm_params: {model: openai/a}                        | config.yaml:3:5: model_list[0].litelm_params: unknown key
            wrong type                 | model_list:\\n  - model_name: a\\n    litellm_params:\\n      model: openai/a\\n      rpm: [1] | config.yaml:5:12: model_list[0].litellm_params.rpm: expected a number
            not a list                 | model_list: {a: 1}                                                                         | config.yaml:1:13: model_list: expected a list
            broken yaml                | model_list:\\n  - model_name: a\\n   litellm_params: {\\n                                   | config.yaml:3:4: not valid YAML
            missing model              | model_list:\\n  - model_name: a\\n    litellm_params: {api_base: x}                          | config.yaml:3:21: model_list[0].litellm_params: model is missing
            unknown provider           | model_list:\\n  - model_name: a\\n    litellm_params: {model: nope-model}                    | config.yaml:3:29: model_list[0].litellm_params.model: cannot tell which provider
            missing env var            | model_list:\\n  - model_name: a\\n    litellm_params: {model: openai/a, api_key: os.environ/NOT_SET_VAR} | config.yaml:3:48: model_list[0].litellm_params.api_key: the environment variable NOT_SET_VAR (from os.environ/NOT_SET_VAR) is not set
            unknown strategy           | model_list:\\n  - model_name: a\\n    litellm_params: {model: openai/a}\\nrouter_settings: {routing_strategy: fastest} | config.yaml:4:37: router_settings.routing_strategy: unknown routing_strategy 'fastest'
            unknown litellm setting    | model_list:\\n  - model_name: a\\n    litellm_params: {model: openai/a}\\nlitellm_settings: {drop_parms: true} | config.yaml:4:20: litellm_settings.drop_parms: unknown key
            bad boolean                | model_list:\\n  - model_name: a\\n    litellm_params: {model: openai/a}\\nlitellm_settings: {drop_params: maybe} | config.yaml:4:33: litellm_settings.drop_params: expected true or false
            empty model_list           | model_list: []                                                                             | config.yaml:1:13: model_list: model_list is empty
            empty file                 | ''                                                                                         | config.yaml: the config is empty
            """)
    void aBadConfigIsOneErrorWithFileLineColumnAndPath(String what, String yaml, String expected) {
        var e = assertThrows(ConfigError.class, () -> parse(yaml.replace("\\n", "\n")));
        assertTrue(e.getMessage().startsWith(expected), what + ": " + e.getMessage());
    }

    /** No list of known keys is kept: a key is known when the settings read it, and the error lists what they read. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            router_settings     | router_settings:\\n  num_retries: 2\\n  timeot: 5                  | config.yaml:6:3: router_settings.timeot: unknown key 'timeot'; known keys: allowed_fails, cooldown_time, default_fallbacks, num_retries, redis_host, redis_password, redis_port, redis_url, retry_after, routing_strategy, timeout
            general_settings    | general_settings: {master_key: sk-1, master_kye: sk-2}              | config.yaml:4:38: general_settings.master_kye: unknown key 'master_kye'; known keys: allow_client_side_credentials, client_body_timeout, client_header_timeout, database_url, litellm_key_header_name, master_key, max_request_size_mb, max_response_size_mb, otel
            cache_params        | litellm_settings:\\n  cache: true\\n  cache_params: {type: local, tll: 5} | config.yaml:6:31: litellm_settings.cache_params.tll: unknown key 'tll'; known keys: default_in_memory_ttl, default_in_redis_ttl, host, namespace, password, port, supported_call_types, ttl, type, url
            """)
    void aKeyNoSettingReadsIsAnErrorAtItsOwnPlace(String what, String settings, String expected) {
        String yaml = MODEL + settings.strip().replace("\\n", "\n") + "\n";
        var e = assertThrows(ConfigError.class, () -> parse(yaml));
        assertEquals(expected, e.getMessage(), what);
    }

    @Test
    void keysReadOnlyInSomeCasesAreKnownInEveryCase() throws Exception {
        // cache_params is read only with cache: true, default_in_redis_ttl only for a redis cache: both still load
        var off = parse(MODEL + "litellm_settings: {cache: false, cache_params: {type: redis, whatever: 1}}\n");
        assertEquals(null, off.settings().cache());
        var local = parse(MODEL + "litellm_settings: {cache: true, cache_params: {type: local, default_in_redis_ttl: 5, default_in_memory_ttl: 7}}\n");
        assertEquals(java.time.Duration.ofSeconds(7), local.settings().cache().ttl());
    }

    static final String MODEL = "model_list:\n  - model_name: a\n    litellm_params: {model: openai/a}\n";

    /** Each setting from the command line, then router_settings, then litellm_settings, then the environment, then its default. */
    @Test
    void theCommandLineWinsThenRouterSettingsThenLitellmSettingsThenTheEnvironmentThenTheDefault() throws Exception {
        String all = MODEL + """
                litellm_settings:
                  request_timeout: 9
                  num_retries: 3
                  default_fallbacks: [from-litellm]
                  api_base: http://litellm-settings/v1
                  drop_params: true
                  set_verbose: true
                  cache: true
                  cache_params: {type: redis, host: cache-params-host}
                router_settings:
                  timeout: 7
                  num_retries: 2
                  default_fallbacks: [from-router]
                """;
        Map<String, String> env = Map.of("REDIS_HOST", "env-host", "REDIS_PORT", "6380");
        var flags = Flags.of(Map.of("request_timeout", 5, "api_base", "http://flag/v1", "temperature", 0.5));
        var s = parse(all, flags, env).settings();
        assertEquals(java.time.Duration.ofSeconds(5), s.calls().requestTimeout(), "--request_timeout");
        assertEquals("http://flag/v1", s.apiBase(), "--api_base");
        assertEquals(0.5, s.calls().temperature());
        assertEquals(2, s.routing().numRetries(), "router_settings.num_retries");
        assertEquals(List.of("from-router"), s.routing().defaultFallbacks());
        assertTrue(s.calls().dropParams(), "a switch left off leaves the config's true");
        assertTrue(s.calls().debug(), "set_verbose");
        assertEquals("cache-params-host", s.cache().host(), "cache_params.host over REDIS_HOST");
        assertEquals(6380, s.cache().port(), "REDIS_PORT when cache_params has no port");

        s = parse(all, Flags.NONE, env).settings();
        assertEquals(java.time.Duration.ofSeconds(7), s.calls().requestTimeout(), "router_settings.timeout");
        assertEquals("http://litellm-settings/v1", s.apiBase());
        assertEquals(null, s.calls().temperature());

        s = parse(all.substring(0, all.indexOf("router_settings:")).replace("host: cache-params-host", "namespace: n"), Flags.NONE, env).settings();
        assertEquals(java.time.Duration.ofSeconds(9), s.calls().requestTimeout(), "litellm_settings.request_timeout");
        assertEquals(3, s.routing().numRetries(), "litellm_settings.num_retries");
        assertEquals(List.of("from-litellm"), s.routing().defaultFallbacks());
        assertEquals("env-host", s.cache().host(), "REDIS_HOST");

        s = parse(MODEL + "litellm_settings: {cache: true}\n", Flags.of(Map.of("drop_params", true)), Map.of()).settings();
        assertEquals(litellm.config.Settings.DEFAULT_TIMEOUT, s.calls().requestTimeout());
        assertEquals(0, s.routing().numRetries());
        assertEquals(List.of(), s.routing().defaultFallbacks());
        assertEquals("localhost", s.cache().host());
        assertEquals(6379, s.cache().port());
        assertTrue(s.calls().dropParams(), "--drop_params");
        assertFalse(s.calls().debug());
        assertEquals(null, s.apiBase());
    }

    static ProxyConfig parse(String yaml, Flags flags, Map<String, String> env) throws ConfigError {
        return ConfigFile.parse("config.yaml", yaml, new ProviderScripts(null)::exists, env::get, flags);
    }

    @Test
    void theDatabaseOfKeysIsTheConfigsDatabaseUrlElseDatabaseUrlInTheEnvironment() throws Exception {
        String models = "model_list:\n  - model_name: a\n    litellm_params: {model: openai/a}\n";
        var env = Map.of("DATABASE_URL", "postgresql://env/litellm");
        assertEquals("postgresql://config/litellm", parse(models + "general_settings: {database_url: 'postgresql://config/litellm'}\n", Flags.NONE, env)
                .settings().access().databaseUrl());
        assertEquals("postgresql://env/litellm", parse(models, Flags.NONE, env).settings().access().databaseUrl());
        assertEquals(null, parse(models, Flags.NONE, Map.of()).settings().access().databaseUrl());
    }

    @Test
    void theMasterKeyIsTheConfigsElseLitellmMasterKeyInTheEnvironment() throws Exception {
        String models = "model_list:\n  - model_name: a\n    litellm_params: {model: openai/a}\n";
        var env = Map.of("LITELLM_MASTER_KEY", "sk-from-env");
        assertEquals("sk-from-config", parse(models + "general_settings: {master_key: sk-from-config}\n", Flags.NONE, env).settings().access().masterKey());
        assertEquals("sk-from-env", parse(models, Flags.NONE, env).settings().access().masterKey());
        assertEquals(null, parse(models, Flags.NONE, Map.of()).settings().access().masterKey());
    }

    @Test
    void settingsAcceptedWithNoEffectSaySoInTheLog() throws Exception {
        String log = Stderr.of(() -> parse("""
                model_list:
                  - model_name: a
                    litellm_params: {model: openai/a}
                litellm_settings: {modify_params: true}
                general_settings: {otel: true}
                """));
        for (String key : List.of("litellm_settings.modify_params", "general_settings.otel"))
            assertTrue(log.contains(key + " is accepted but has no effect in litellm.java"), key + ": " + log);
    }

    @Test
    void routerSettingsRedisNamesTheRedisTheInstancesShare() throws Exception {
        assertEquals(null, parse(MODEL).settings().shared(), "none: each instance on its own");
        var byParts = parse(MODEL + "router_settings: {redis_host: os.environ/RH, redis_port: 6390, redis_password: os.environ/RP}\n",
                Flags.NONE, Map.of("RH", "redis.internal", "RP", "pw")).settings().shared();
        assertEquals(new RedisAddress("redis.internal", 6390, "pw"), byParts);
        assertEquals("redis.internal:6390", byParts.toString(), "its text never holds the password");
        var byUrl = parse(MODEL + "router_settings: {redis_url: 'redis://:secret@10.0.0.5:6391'}\n").settings().shared();
        assertEquals(new RedisAddress("10.0.0.5", 6391, "secret"), byUrl);
        assertEquals(new RedisAddress("localhost", 6379, "pw"), parse(MODEL + "router_settings: {redis_password: pw}\n").settings().shared());
        var e = assertThrows(ConfigError.class, () -> parse(MODEL + "router_settings: {redis_host: h, redis_port: six}\n"));
        assertTrue(e.getMessage().startsWith("config.yaml:4:46: router_settings.redis_port: the Redis port 'six' is not a number"), e.getMessage());
    }

    @Test
    void osEnvironReferencesResolveFromTheEnvironmentAndTheConfigsOwnSection() throws Exception {
        var config = parse("""
                environment_variables:
                  MY_BASE: http://127.0.0.1:9/v1
                model_list:
                  - model_name: a
                    litellm_params:
                      model: openai/a
                      api_key: os.environ/SET_VAR
                      api_base: os.environ/MY_BASE
                      headers: {X-Team: os.environ/SET_VAR}
                """);
        var d = config.deployments().get(0);
        assertEquals("from-env", d.apiKey());
        assertEquals("http://127.0.0.1:9/v1", d.apiBase());
        assertEquals(Map.of("X-Team", "from-env"), d.param("headers"));
    }

    /** Each config example of the LiteLLM proxy page, as written there. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            example config            | zephyr-alpha, zephyr-beta
            multiple models           | zephyr-alpha, gpt-4, claude-2
            model-specific params     | gpt-4-team1, gpt-4-team2, mistral-7b
            model alias               | text-davinci-003, gpt-4, gpt-3.5-turbo
            multiple instances        | zephyr-beta
            custom prompt template    | mistral-7b
            """)
    void everyConfigExampleOfTheLiteLlmProxyPageLoadsUnchanged(String example, String models) throws Exception {
        String yaml = Fixtures.read("litellm-proxy-configs/" + example.replace(' ', '-') + ".yaml");
        try (var proxy = ProxyUnderTest.withConfig(dir, yaml)) {
            assertEquals(List.of(models.split(", ")).stream().distinct().toList(), modelIds(proxy, yaml.contains("master_key") ? "sk-1234" : null));
        }
    }

    @Test
    void theExampleConfigOfThisRepositoryServes() throws Exception {
        String yaml = java.nio.file.Files.readString(Fixtures.repo().resolve("examples/config.yaml"));
        try (var proxy = ProxyUnderTest.withConfig(dir, yaml)) {
            assertEquals(List.of("offline", "gpt-3.5-turbo", "zephyr-beta", "llama2"), modelIds(proxy, null));
            var r = Http.post(proxy.url("/chat/completions"), "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            assertEquals(200, r.status(), r.body());
            assertTrue(r.body().contains("You said"));
        }
    }

    @Test
    void theFirstModelServesRequestsForNoModelOrAnUnknownOne() throws Exception {
        try (var other = FakeUpstream.start().on("/v1/chat/completions", FakeUpstream.json(200, Fixtures.read("openai/chat/legacy-2023-response.json")));
             var proxy = ProxyUnderTest.withConfig(dir, """
                     model_list:
                       - model_name: first
                         litellm_params: {model: openai/first-model, api_base: %s/v1, api_key: sk-a}
                       - model_name: second
                         litellm_params: {model: openai/second-model, api_base: %s/v1, api_key: sk-b}
                     """.formatted(upstream.baseUrl(), other.baseUrl()))) {
            assertEquals(200, Http.post(proxy.url("/chat/completions"), "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").status());
            assertEquals("first-model", upstream.last().json().get("model"));
            assertEquals(200, Http.post(proxy.url("/chat/completions"), CHAT.formatted("not-in-the-config")).status());
            assertEquals(2, upstream.received().size());
            var second = Http.post(proxy.url("/chat/completions"), CHAT.formatted("second"));
            assertEquals("second-model", other.last().json().get("model"));
            assertEquals(Http.parse(Fixtures.read("openai/chat/legacy-2023-response.json")).get("model"), second.json().get("model"), "the response says what served it");
            assertEquals(List.of("first", "second"), modelIds(proxy, null));
        }
    }

    @Test
    void aliasesAndDeploymentSettingsReachTheUpstream() throws Exception {
        try (var proxy = ProxyUnderTest.withConfig(dir, """
                model_list:
                  - model_name: gpt-4
                    litellm_params: &llama {model: openai/llama2, api_base: %1$s/v1, api_key: sk-x, temperature: 0.1, max_tokens: 99, headers: {HTTP-Referer: litellm.ai, X-Title: LiteLLM Server}}
                  - model_name: gpt-3.5-turbo
                    litellm_params: *llama
                """.formatted(upstream.baseUrl()))) {
            for (String alias : List.of("gpt-4", "gpt-3.5-turbo")) {
                assertEquals(200, Http.post(proxy.url("/chat/completions"), CHAT.formatted(alias)).status());
                var sent = upstream.last();
                assertEquals("llama2", sent.json().get("model"));
                assertEquals(0.1, sent.json().get("temperature"));
                assertEquals(99, sent.json().get("max_tokens"));
                assertEquals("litellm.ai", sent.headers().get("http-referer"));
                assertEquals("LiteLLM Server", sent.headers().get("x-title"));
            }
            var own = Http.post(proxy.url("/chat/completions"), "{\"model\":\"gpt-4\",\"temperature\":0.9,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            assertEquals(200, own.status());
            assertEquals(0.9, upstream.last().json().get("temperature"), "a request's own value wins over the deployment's");
        }
    }

    @Test
    void commandLineFlagsWinOverTheConfig() throws Exception {
        var flags = Flags.of(Map.of("temperature", 0.5));
        try (var proxy = ProxyUnderTest.withConfig(dir, """
                model_list:
                  - model_name: m
                    litellm_params: {model: openai/m, api_base: %s/v1, api_key: sk-x, temperature: 0.1}
                """.formatted(upstream.baseUrl()), flags)) {
            assertEquals(200, Http.post(proxy.url("/chat/completions"), CHAT.formatted("m")).status());
            assertEquals(0.5, upstream.last().json().get("temperature"));
        }
    }

    @Test
    void theMasterKeyGuardsEveryEndpointButHealth() throws Exception {
        try (var proxy = ProxyUnderTest.withConfig(dir, """
                model_list:
                  - model_name: m
                    litellm_params: {model: openai/m, api_base: %s/v1, api_key: sk-upstream}
                general_settings:
                  master_key: os.environ/SET_MASTER
                environment_variables:
                  SET_MASTER: sk-1234
                """.formatted(upstream.baseUrl()))) {
            var none = Http.post(proxy.url("/chat/completions"), CHAT.formatted("m"));
            assertEquals(401, none.status());
            assertEquals("authentication_error", none.error().get("type"));
            assertEquals(401, send(proxy, "Authorization", "Bearer sk-wrong").statusCode());
            assertEquals(401, send(proxy, "Authorization", "Bearer sk-12345").statusCode());
            assertEquals(200, send(proxy, "Authorization", "Bearer sk-1234").statusCode());
            assertEquals(200, send(proxy, "api-key", "sk-1234").statusCode(), "Azure clients send api-key");
            assertEquals(200, send(proxy, "x-api-key", "sk-1234").statusCode());
            assertEquals(401, Http.get(proxy.url("/v1/models")).status());
            assertEquals(401, Http.get(proxy.url("/v1/models/m")).status());
            for (String path : List.of("/v1/completions", "/embeddings", "/engines/m/chat/completions", "/openai/deployments/m/chat/completions"))
                assertEquals(401, Http.post(proxy.url(path), CHAT.formatted("m")).status(), path);
            assertEquals(401, Http.get(proxy.url("/health")).status(), "it calls the models: the master key's");
            assertEquals(200, Http.get(proxy.url("/health/liveliness")).status());
            var preflight = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(proxy.url("/v1/chat/completions")))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "http://localhost:3000")
                    .header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(preflight.statusCode() < 300, "a browser's CORS preflight carries no key: " + preflight.statusCode());
            assertEquals("Bearer sk-upstream", upstream.last().headers().get("authorization"), "the proxy's own key goes upstream, never the client's");
        }
    }

    @Test
    void clientSideCredentialsAreRefusedUnlessTheConfigAllowsThem() throws Exception {
        try (var evil = FakeUpstream.start().on("/v1/chat/completions", FakeUpstream.json(200, Fixtures.read("openai/chat/response.json")))) {
            String body = "{\"model\":\"m\",\"api_base\":\"" + evil.baseUrl() + "/v1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            String config = """
                    model_list:
                      - model_name: m
                        litellm_params: {model: openai/m, api_base: %s/v1, api_key: sk-configured}
                    """.formatted(upstream.baseUrl());
            try (var proxy = ProxyUnderTest.withConfig(dir, config)) {
                var refused = Http.post(proxy.url("/chat/completions"), body);
                assertEquals(400, refused.status());
                assertEquals("api_base", refused.error().get("param"));
                assertTrue(evil.received().isEmpty(), "the configured key never went to the client's host");
            }
            try (var proxy = ProxyUnderTest.withConfig(dir, config + "general_settings: {allow_client_side_credentials: true}\n")) {
                assertEquals(200, Http.post(proxy.url("/chat/completions"), body).status());
                assertFalse(evil.last().json().containsKey("api_base"), "proxy settings are not forwarded as request fields");
                assertEquals(null, evil.last().headers().get("authorization"), "a host the client chose never gets the configured key");
            }
        }
    }

    private static HttpResponse<String> send(ProxyUnderTest proxy, String header, String value) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(proxy.url("/chat/completions"))).header(header, value)
                .POST(HttpRequest.BodyPublishers.ofString(CHAT.formatted("m"))).build(), HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    private static List<String> modelIds(ProxyUnderTest proxy, String key) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(proxy.url("/models")));
        if (key != null) request.header("Authorization", "Bearer " + key);
        String body = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
        return ((List<Map<String, Object>>) Http.parse(body).get("data")).stream().map(m -> (String) m.get("id")).toList();
    }
}
