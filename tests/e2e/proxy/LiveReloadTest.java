package litellm.e2e.proxy;

import litellm.config.Settings;
import litellm.routing.Deployment;
import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.ProxyUnderTest;
import litellm.testing.Stderr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Provider scripts in the user's folder: an edit serves once compiled, off the requests' path (the last good version
 * serves until then, and no request waits for the compiler); broken edits never take the proxy down.
 */
class LiveReloadTest {
    static final String CHAT = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    static final String BUILT_IN_OFFLINE = read(Fixtures.repo().resolve("providers/offline.groovy"));
    private final AtomicInteger edits = new AtomicInteger();

    @TempDir
    Path dir;

    @Test
    void anEditedScriptServesOnceCompiled() throws Exception {
        write("offline.groovy", offlineSaying("VERSION ONE"));
        try (var proxy = offlineProxy()) {
            assertTrue(answer(proxy).contains("VERSION ONE"));
            write("offline.groovy", offlineSaying("VERSION TWO"));
            assertEquals("VERSION TWO", answerOnceChanged(proxy, "VERSION ONE", "VERSION TWO"), "no restart needed");
        }
    }

    /** The edit's compile and start (its body runs) take seconds: meanwhile requests are served at once, by the old version. */
    @Test
    void aRequestDuringASlowCompileIsServedByTheOldVersionWithoutWaiting() throws Exception {
        write("offline.groovy", offlineSaying("VERSION ONE"));
        Path started = dir.resolve("slow-version-started");
        try (var proxy = offlineProxy()) {
            assertTrue(answer(proxy).contains("VERSION ONE"));
            write("offline.groovy", "new File('" + started.toString().replace("\\", "/") + "').text = 'x'\nThread.sleep(4000)\n"
                    + offlineSaying("VERSION TWO"));
            long until = System.nanoTime() + 10_000_000_000L;
            while (!Files.exists(started) && System.nanoTime() < until) Thread.sleep(10);
            assertTrue(Files.exists(started), "the watcher began loading the edit");
            String during = answer(proxy);
            assertTrue(during.contains("VERSION ONE"), "served by the old version while the new one loads: " + during);
            assertEquals("VERSION TWO", answerOnceChanged(proxy, "VERSION ONE", "VERSION TWO"));
        }
    }

    @Test
    void aBrokenEditIsReportedWithFileAndLineWhileTheLastGoodVersionServes() throws Exception {
        write("offline.groovy", offlineSaying("GOOD"));
        try (var proxy = offlineProxy()) {
            assertTrue(answer(proxy).contains("GOOD"));
            String log = Stderr.until(() -> write("offline.groovy", "info(endpoints: ['chat/completions'])\n\ndef answer(Call call) {\n    [broken: \n}\n"),
                    text -> text.contains("keeps serving"));
            assertTrue(log.matches("(?s).*offline\\.groovy:\\d+:\\d+: .*"), "the log names file, line and column: " + log);
            assertTrue(log.contains("keeps serving"), log);
            var r = Http.post(proxy.url("/chat/completions"), CHAT);
            assertEquals(200, r.status(), r.body());
            assertTrue(r.body().contains("GOOD"), "the last good version keeps serving");

            write("offline.groovy", offlineSaying("FIXED"));
            assertEquals("FIXED", answerOnceChanged(proxy, "GOOD", "FIXED"));
        }
    }

    @Test
    void aScriptThatNeverLoadedFailsItsRequestsWithFileAndLine() {
        write("broken.groovy", "info(endpoints: ['chat/completions'])\n\ndef request(Call call) {\n    [url: \n}\n");
        var deployment = new Deployment("b", "broken", "m", "http://127.0.0.1:1", null, null, Map.of());
        try (var proxy = ProxyUnderTest.serving(deployment, Settings.defaults(), dir)) {
            var r = Http.post(proxy.url("/chat/completions"), CHAT);
            assertEquals(500, r.status());
            assertTrue(r.error().get("message").toString().matches(".*broken\\.groovy:\\d+:\\d+: .*"), r.body());
        }
    }

    @Test
    void aHookWithTheWrongSignatureIsRefusedClearly() {
        write("typo.groovy", "info(endpoints: ['chat/completions'])\ndef request(Call call) { [url: 'http://127.0.0.1:1'] }\ndef response(Call call, Map body) { body }\n");
        var deployment = new Deployment("t", "typo", "m", "http://127.0.0.1:1", null, null, Map.of());
        try (var proxy = ProxyUnderTest.serving(deployment, Settings.defaults(), dir)) {
            var r = Http.post(proxy.url("/chat/completions"), CHAT);
            assertEquals(500, r.status());
            assertTrue(r.error().get("message").toString().contains("def response(Call call, body)"), r.body());
        }
    }

    @Test
    void aUserScriptOverridesTheBuiltInOneOfTheSameName() {
        String builtIn = read(Fixtures.repo().resolve("providers/openai.groovy"));
        write("openai.groovy", builtIn.replace("[Authorization: \"Bearer ${call.apiKey}\"]",
                "[Authorization: \"Bearer ${call.apiKey}\", 'X-Patched': 'by the user']"));
        try (var upstream = FakeUpstream.start().on("/v1/chat/completions", FakeUpstream.json(200, Fixtures.read("openai/chat/response.json")))) {
            var deployment = new Deployment("m", "openai", "m", upstream.baseUrl() + "/v1", "sk-x", null, Map.of());
            try (var proxy = ProxyUnderTest.serving(deployment, Settings.defaults(), dir)) {
                assertEquals(200, Http.post(proxy.url("/chat/completions"), CHAT).status());
                assertEquals("by the user", upstream.last().headers().get("x-patched"));
            }
        }
    }

    private ProxyUnderTest offlineProxy() {
        return ProxyUnderTest.serving(new Deployment("m", "offline", "echo", null, null, null, Map.of()), Settings.defaults(), dir);
    }

    private static String answer(ProxyUnderTest proxy) {
        var r = Http.post(proxy.url("/chat/completions"), CHAT);
        assertEquals(200, r.status(), r.body());
        return r.body();
    }

    /** Asks until the answer says {@code now} (within 10 s); until then each answer says {@code before}. @return which it said last */
    private static String answerOnceChanged(ProxyUnderTest proxy, String before, String now) throws InterruptedException {
        long until = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < until) {
            String body = answer(proxy);
            if (body.contains(now)) return now;
            assertTrue(body.contains(before), "the last version serves until the edit is compiled: " + body);
            Thread.sleep(20);
        }
        return before;
    }

    private static String offlineSaying(String words) {
        String edited = BUILT_IN_OFFLINE.replace("This is the offline model of litellm.java.", words);
        assertTrue(!edited.equals(BUILT_IN_OFFLINE), "the built-in offline script changed: update this test");
        return edited;
    }

    /** Writes a script, with a modification time that moves forward even when edits come within one clock tick. */
    private void write(String name, String text) {
        try {
            Path file = dir.resolve(name);
            Files.writeString(file, text);
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(edits.incrementAndGet())));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
