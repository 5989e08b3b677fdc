package litellm.e2e.proxy;

import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.Launched;
import litellm.testing.PostgresServer;
import litellm.testing.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Dockerfile and deploy/docker-compose.yml, read as written. Docker does not run here: the command the image
 * runs is run as it is written (its WORKDIR, /app, is the repository's root), on a free port, and so is the
 * command of the compose file's proxies; the compose file's references are checked.
 */
class ContainerTest {
    private static final String CHAT = "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    /** Where the image puts the repository; its commands' paths under it are the repository's. */
    private static final String APP = "/app/";

    @Test
    void theImageRunsItsCommandAsAUserThatIsNotRootAndItsHealthCheckAnswers() throws Exception {
        Dockerfile image = Dockerfile.read(Fixtures.repo().resolve("Dockerfile"));
        assertTrue(image.all("FROM").stream().allMatch(from -> from.startsWith("eclipse-temurin:25-jdk")), "JDK 25: " + image.all("FROM"));
        assertTrue(image.all("FROM").size() >= 2, "multi-stage: " + image.all("FROM"));
        assertEquals("/app", image.last("WORKDIR"));
        assertFalse(Set.of("root", "0").contains(image.last("USER")), "not root: " + image.last("USER"));
        assertTrue(image.all("RUN").stream().anyMatch(run -> run.contains("LITELLM_AOT_CACHE=build ./jbang litellm.java")), "the start-up cache is made at build");

        List<String> command = new ArrayList<>(image.exec("ENTRYPOINT"));
        command.addAll(image.exec("CMD"));
        int port = Launched.freePort();
        String healthUrl = healthCheckUrl(image.last("HEALTHCHECK"));
        try (var proxy = launch(command, image.env(), port)) {
            assertEquals(port, proxy.listeningPort());
            var r = Http.post("http://127.0.0.1:" + port + "/chat/completions", CHAT);
            assertEquals(200, r.status(), r.body());
            var health = Http.get(withPort(healthUrl, port));
            assertEquals(200, health.status(), health.body());
            assertEquals("\"I'm alive!\"", health.body());
        }
    }

    @Test
    void theComposeFilesServicesHealthChecksAndMountsAreThereAndItsProxiesServe() throws Exception {
        Path deploy = Fixtures.repo().resolve("deploy");
        Map<String, Object> compose = new Yaml().load(Files.readString(deploy.resolve("docker-compose.yml")));
        Map<String, Map<String, Object>> services = map(compose.get("services"));
        assertEquals(Set.of("proxy1", "proxy2", "nginx", "redis", "postgres"), services.keySet());
        Map<String, Object> volumes = map(compose.get("volumes"));
        for (var service : services.entrySet()) {
            String name = service.getKey();
            Map<String, Object> s = service.getValue();
            assertNotNull(map(s.get("healthcheck")).get("test"), name + " has a health check");
            for (String needed : map(s.getOrDefault("depends_on", Map.of())).keySet())
                assertTrue(services.containsKey(needed), name + " depends on " + needed + ", a service");
            for (Object volume : (List<?>) s.getOrDefault("volumes", List.of())) {
                String source = volume.toString().split(":")[0];
                if (source.startsWith(".")) assertTrue(Files.exists(deploy.resolve(source)), name + " mounts " + source + ", which exists");
                else assertTrue(volumes.containsKey(source), name + "'s volume " + source + " is declared");
            }
            if (s.containsKey("build")) assertTrue(Files.isRegularFile(deploy.resolve(s.get("build").toString()).resolve("Dockerfile")), name + " builds the Dockerfile");
        }
        assertEquals(List.of("4000:80"), services.get("nginx").get("ports"));

        // nginx sends to each proxy, at the port its command listens on
        List<String> command = strings(services.get("proxy1").get("command"));
        String proxyPort = command.get(command.indexOf("--port") + 1);
        String nginx = Files.readString(deploy.resolve("nginx.conf"));
        for (String proxy : List.of("proxy1", "proxy2")) assertTrue(nginx.contains("server " + proxy + ":" + proxyPort), proxy + " in nginx.conf");
        assertTrue(map(services.get("nginx")).get("volumes").toString().contains("./nginx.conf:/etc/nginx/conf.d/default.conf"), "nginx reads it");

        // a proxy's command, after the image's ENTRYPOINT, with its environment, its config mounted where it reads it
        Map<String, Object> proxy1 = services.get("proxy1");
        for (Object volume : (List<?>) proxy1.get("volumes")) {
            String[] mount = volume.toString().split(":");
            if (mount[1].startsWith(APP)) assertEquals(deploy.resolve(mount[0]).normalize(), Fixtures.repo().resolve(mount[1].substring(APP.length())).normalize(),
                    "mounted where the image has the same file");
        }
        List<String> full = new ArrayList<>(Dockerfile.read(Fixtures.repo().resolve("Dockerfile")).exec("ENTRYPOINT"));
        full.addAll(command);
        Map<String, String> env = new LinkedHashMap<>();
        map(proxy1.get("environment")).forEach((k, v) -> env.put(k, withDefault(v.toString())));
        // the compose file's Redis and Postgres, here on loopback ports
        assertEquals("redis", env.get("REDIS_HOST"));
        assertTrue(env.get("DATABASE_URL").startsWith("postgresql://litellm:litellm@postgres:5432/"), env.get("DATABASE_URL"));
        int port = Launched.freePort();
        try (var redis = RedisServer.start(); var postgres = PostgresServer.start()) {
            env.putAll(Map.of("REDIS_HOST", "127.0.0.1", "REDIS_PORT", String.valueOf(redis.port()), "DATABASE_URL", postgres.url()));
            try (var proxy = launch(full, env, port)) {
            assertEquals(port, proxy.listeningPort());
            String key = env.get("LITELLM_MASTER_KEY");
            var r = Http.post("http://127.0.0.1:" + port + "/chat/completions", CHAT, Map.of("Authorization", "Bearer " + key));
            assertEquals(200, r.status(), r.body());
            assertEquals(401, Http.post("http://127.0.0.1:" + port + "/chat/completions", CHAT).status(), "the master key is the environment's");
            List<String> check = strings(map(proxy1.get("healthcheck")).get("test"));
            var health = Http.get(withPort(check.getLast(), port));
            assertEquals(200, health.status(), health.body());
            }
        }
    }

    @Test
    void theSystemdUnitsCommandServesAndStopsWithinItsStopTimeout(@TempDir Path dir) throws Exception {
        Map<String, String> unit = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Fixtures.repo().resolve("deploy/litellm.service")))
            if (line.contains("=") && !line.startsWith("#")) unit.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
        String checkout = unit.get("WorkingDirectory") + "/";
        List<String> command = new ArrayList<>(List.of(unit.get("ExecStart").split(" ")));
        assertEquals(checkout + "jbang", command.getFirst(), "the checkout's wrapper");
        command.set(0, "./jbang");
        // the config the unit names, here one of the test's own
        Path config = Files.writeString(dir.resolve("config.yaml"), "model_list:\n  - model_name: echo\n    litellm_params: {model: offline/echo}\n");
        command.set(command.indexOf("--config") + 1, config.toString());
        int port = Launched.freePort();
        var proxy = launch(command, Map.of(), port);
        try (proxy) {
            assertEquals(200, Http.post("http://127.0.0.1:" + proxy.listeningPort() + "/chat/completions", CHAT).status());
            assertEquals("SIGTERM", unit.get("KillSignal"));
            proxy.terminate();
            assertEquals(0, proxy.exitCode(), proxy.toString());
        }
        int stopTimeout = Integer.parseInt(unit.get("TimeoutStopSec"));
        assertTrue(stopTimeout > 2 + 30, "systemd waits longer than the drain and the default grace before it kills: " + stopTimeout);
        assertEquals("2", unit.get("RestartPreventExitStatus"), "a start that cannot serve (exit 2) is not restarted");
    }

    @Test
    void startUpCacheBuildMakesTheCacheAndExits(@TempDir Path dir) {
        // as the image's build runs it, with a cache file of the test's own
        Path cache = dir.resolve("test.aot");
        var build = Launched.jbang(Map.of("LITELLM_AOT_CACHE", "build"), "--java-options=-XX:AOTCache=" + cache,
                "--java-options=-Dlitellm.script_cache=" + dir.resolve("scripts"), "litellm.java", "--host", "127.0.0.1", "--port", "0");
        assertEquals(0, build.exitCode(), build.toString());
        assertTrue(Files.isRegularFile(cache) && Files.isRegularFile(dir.resolve("test.aot.build")), build.toString());
        assertTrue(build.out().contains("start-up cache made: " + cache), build.out());
    }

    /** The command as the image runs it, from the repository's root (the image's /app), on {@code port}. */
    private static Launched launch(List<String> command, Map<String, String> env, int port) {
        assertEquals("./jbang", command.getFirst(), "the image runs the repository's wrapper");
        List<String> args = new ArrayList<>(command.subList(1, command.size()));
        args.set(args.indexOf("--port") + 1, String.valueOf(port));
        args.replaceAll(a -> a.startsWith(APP) ? a.substring(APP.length()) : a);
        return Launched.jbang(env, args.toArray(String[]::new));
    }

    private static String healthCheckUrl(String healthcheck) {
        Matcher url = Pattern.compile("CMD curl -fsS (http://\\S+)").matcher(healthcheck);
        assertTrue(url.find(), healthcheck);
        assertTrue(url.group(1).endsWith("/health/liveliness"), healthcheck);
        return url.group(1);
    }

    private static String withPort(String url, int port) {
        return url.replaceFirst("//([^/:]+)(:\\d+)?/", "//127.0.0.1:" + port + "/");
    }

    /** Compose's {@code ${NAME:-default}}, as compose reads it with NAME unset. */
    private static String withDefault(String value) {
        return value.replaceAll("\\$\\{[A-Z_]+:-([^}]*)}", "$1");
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> map(Object value) {
        return (Map<String, V>) value;
    }

    private static List<String> strings(Object value) {
        return ((List<?>) value).stream().map(Object::toString).toList();
    }

    /** A Dockerfile's instructions, each with its arguments, continuation lines joined. */
    private record Dockerfile(List<String[]> instructions) {
        static Dockerfile read(Path file) throws Exception {
            List<String[]> instructions = new ArrayList<>();
            String joined = Files.readString(file).replaceAll("\\\\\\n", " ");
            for (String line : joined.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList())
                instructions.add(line.split("\\s+", 2));
            return new Dockerfile(instructions);
        }

        List<String> all(String instruction) {
            return instructions.stream().filter(i -> i[0].equals(instruction)).map(i -> i[1]).toList();
        }

        String last(String instruction) {
            return all(instruction).getLast();
        }

        /** An exec-form instruction's JSON array. */
        List<String> exec(String instruction) {
            return strings(new Yaml().load(last(instruction)));
        }

        /** ENV NAME=value ... */
        Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            for (String line : all("ENV"))
                for (String pair : line.split("\\s+")) env.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            return env;
        }
    }
}
