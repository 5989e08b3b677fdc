package litellm.e2e.proxy;

import com.openai.core.http.HttpResponse;
import com.openai.models.audio.AudioResponseFormat;
import com.openai.models.audio.speech.SpeechCreateParams;
import com.openai.models.audio.transcriptions.TranscriptionCreateParams;
import com.openai.models.audio.translations.TranslationCreateParams;
import litellm.testing.CallRecorder;
import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.Multipart;
import litellm.testing.Multipart.Field;
import litellm.testing.OpenAiSdk;
import litellm.testing.ProxyUnderTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static litellm.testing.FakeUpstream.json;
import static litellm.testing.FakeUpstream.raw;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audio endpoints: transcriptions and translations (a multipart upload from the client, passed on as one) through
 * OpenAI, Azure and Groq, and speech (JSON in, the audio's bytes passed on as they arrive), with the OpenAI SDK.
 */
class AudioEndpointsTest {
    /** Bytes that are no text: any change on the way (a charset, a lost byte) shows. */
    static final byte[] AUDIO = randomBytes(300_000, 1);
    static final byte[] SPEECH = randomBytes(200_000, 2);

    @TempDir
    Path dir;
    FakeUpstream openai, azure, groq;
    CallRecorder calls;

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    Path audioFile;

    @BeforeEach
    void start() throws Exception {
        audioFile = java.nio.file.Files.write(dir.resolve("speech.mp3"), AUDIO);
        openai = FakeUpstream.start()
                .on("/v1/audio/transcriptions", json(200, Fixtures.read("openai/audio/transcription.json")))
                .on("/v1/audio/translations", json(200, Fixtures.read("openai/audio/transcription.json")))
                .on("/v1/audio/speech", raw(200, "audio/mpeg", SPEECH, Map.of()));
        azure = FakeUpstream.start().on("/openai/deployments/my-whisper/audio/transcriptions", json(200, Fixtures.read("openai/audio/transcription.json")));
        groq = FakeUpstream.start().on("/openai/v1/audio/translations", json(200, Fixtures.read("openai/audio/transcription.json")));
        calls = new CallRecorder(dir);
    }

    @AfterEach
    void stop() {
        openai.close();
        azure.close();
        groq.close();
    }

    String config(String settings) {
        return calls.environment() + "model_list:\n"
                + "  - model_name: whisper-1\n    litellm_params: {model: openai/whisper-1, api_base: " + openai.baseUrl() + "/v1, api_key: sk-openai-test}\n"
                + "  - model_name: tts-1\n    litellm_params: {model: openai/tts-1, api_base: " + openai.baseUrl() + "/v1, api_key: sk-openai-test}\n"
                + "  - model_name: azure-whisper\n    litellm_params: {model: azure/my-whisper, api_base: " + azure.baseUrl() + ", api_key: azure-key-test}\n"
                + "  - model_name: groq-whisper\n    litellm_params: {model: groq/whisper-large-v3, api_base: " + groq.baseUrl() + "/openai/v1, api_key: gsk-test}\n"
                + "  - model_name: claude\n    litellm_params: {model: anthropic/claude-3-5-haiku-20241022, api_key: sk-ant-test}\n"
                + "litellm_settings:\n" + calls.litellmSettings() + settings;
    }

    static List<Field> sentParts(FakeUpstream upstream) throws Exception {
        var sent = upstream.last();
        return Multipart.parse(sent.headers().get("content-type"), sent.body());
    }

    @Test
    void theSdksUploadReachesOpenAiIntactAsAMultipartForm() throws Exception {
        try (var proxy = ProxyUnderTest.withConfig(dir, config(""))) {
            var params = TranscriptionCreateParams.builder().file(audioFile).model("whisper-1").language("en").temperature(0.2).build();
            var text = OpenAiSdk.client(proxy).audio().transcriptions().create(params).asTranscription().text();
            assertTrue(text.startsWith("Imagine the wildest idea"), text);

            assertTrue(openai.last().headers().get("content-type").startsWith("multipart/form-data; boundary="));
            assertEquals("Bearer sk-openai-test", openai.last().headers().get("authorization"));
            List<Field> parts = sentParts(openai);
            assertArrayEquals(AUDIO, Multipart.part(parts, "file").bytes(), "the file's bytes, unchanged");
            assertEquals("speech.mp3", Multipart.part(parts, "file").filename());
            assertEquals("whisper-1", Multipart.part(parts, "model").text());
            assertEquals("en", Multipart.part(parts, "language").text());
            assertEquals("0.2", Multipart.part(parts, "temperature").text());

            Map<String, Object> logged = calls.await(1).get(0);
            assertEquals("transcription", logged.get("call_type"));
            Map<?, ?> file = (Map<?, ?>) ((Map<?, ?>) logged.get("request")).get("file");
            assertEquals(AUDIO.length, file.get("size"), "the callbacks see the file's size and hash, not its bytes");
            assertEquals(64, file.get("sha256").toString().length());
        }
    }

    @Test
    void aVerboseTranscriptIsPricedPerSecondAndATextOneComesBackAsLiteLlmsTextObject() throws Exception {
        openai.on("/v1/audio/transcriptions", json(200, Fixtures.read("openai/audio/transcription-verbose.json")));
        try (var proxy = ProxyUnderTest.withConfig(dir, config(""))) {
            var params = TranscriptionCreateParams.builder().file(AUDIO).model("whisper-1").responseFormat(AudioResponseFormat.VERBOSE_JSON).build();
            var verbose = OpenAiSdk.client(proxy).audio().transcriptions().create(params).asVerbose();
            assertEquals(8.47, verbose.duration(), 0.01);
            assertEquals(List.of("verbose_json"), Multipart.parse(openai.last().headers().get("content-type"), openai.last().body())
                    .stream().filter(f -> f.name().equals("response_format")).map(Field::text).toList());
            assertEquals(8.470000267028809 * 0.0001, ((Number) calls.await(1).get(0).get("response_cost")).doubleValue(), 1e-12,
                    "LiteLLM's whisper-1 price per second, times the duration");

            openai.on("/v1/audio/transcriptions", raw(200, "text/plain; charset=utf-8", "1\n00:00:00,000 --> 00:00:02,000\nHello\n".getBytes(), Map.of()));
            var srt = Http.post(proxy.url("/v1/audio/transcriptions"), Multipart.CONTENT_TYPE, Multipart.body(
                    Field.text("model", "whisper-1"), Field.text("response_format", "srt"), Field.file("file", "a.mp3", "audio/mpeg", AUDIO)));
            assertEquals(200, srt.status(), srt.body());
            assertEquals("1\n00:00:00,000 --> 00:00:02,000\nHello\n", srt.json().get("text"), "as LiteLLM answers a text format: {\"text\": ...}");
        }
    }

    @Test
    void azureAndGroqGetTheUploadAtTheirOwnPaths() throws Exception {
        try (var proxy = ProxyUnderTest.withConfig(dir, config(""))) {
            OpenAiSdk.client(proxy).audio().transcriptions().create(TranscriptionCreateParams.builder().file(AUDIO).model("azure-whisper").build());
            assertEquals("api-version=2024-10-21", azure.last().query());
            assertEquals("azure-key-test", azure.last().headers().get("api-key"));
            List<Field> azureParts = sentParts(azure);
            assertArrayEquals(AUDIO, Multipart.part(azureParts, "file").bytes());
            assertTrue(azureParts.stream().noneMatch(f -> f.name().equals("model")), "the deployment in the path names the model");

            var translated = OpenAiSdk.client(proxy).audio().translations().create(TranslationCreateParams.builder().file(AUDIO).model("groq-whisper").build());
            assertTrue(translated.asTranslation().text().startsWith("Imagine"));
            assertEquals("Bearer gsk-test", groq.last().headers().get("authorization"));
            assertEquals("whisper-large-v3", Multipart.part(sentParts(groq), "model").text());
            assertArrayEquals(AUDIO, Multipart.part(sentParts(groq), "file").bytes());
        }
    }

    @Test
    void aMissingFileANonMultipartBodyAModelWithoutAudioAndAnOversizeUploadAre4xx() throws Exception {
        try (var proxy = ProxyUnderTest.withConfig(dir, config("") + "general_settings:\n  max_request_size_mb: 1\n")) {
            String url = proxy.url("/audio/transcriptions");
            var noFile = Http.post(url, Multipart.CONTENT_TYPE, Multipart.body(Field.text("model", "whisper-1")));
            assertEquals(400, noFile.status(), noFile.body());
            assertEquals("file", noFile.error().get("param"));

            var json = Http.post(url, "{\"model\":\"whisper-1\",\"file\":\"a.mp3\"}");
            assertEquals(400, json.status());
            assertTrue(json.error().get("message").toString().contains("multipart/form-data"), json.body());

            var claude = Http.post(url, Multipart.CONTENT_TYPE, Multipart.body(Field.text("model", "claude"), Field.file("file", "a.mp3", "audio/mpeg", AUDIO)));
            assertEquals(400, claude.status());
            assertTrue(claude.error().get("message").toString().contains("'claude'"), claude.body());

            var huge = Http.post(url, Multipart.CONTENT_TYPE, Multipart.body(Field.text("model", "whisper-1"), Field.file("file", "a.wav", "audio/wav", randomBytes(2 << 20, 3))));
            assertEquals(413, huge.status(), huge.body());
            huge.error();
            assertEquals(0, openai.received().size(), "none of them reached the upstream");
        }
    }

    @Test
    void aTranscriptionIsCachedByTheFilesBytes() throws Exception {
        try (var proxy = ProxyUnderTest.withConfig(dir, config("  cache: true\n  cache_params: {type: local}\n"))) {
            String url = proxy.url("/v1/audio/transcriptions");
            for (int i = 0; i < 2; i++)
                assertEquals(200, Http.post(url, Multipart.CONTENT_TYPE, Multipart.body(Field.text("model", "whisper-1"), Field.file("file", "a.mp3", "audio/mpeg", AUDIO))).status());
            assertEquals(1, openai.received().size(), "the same upload again: LiteLLM caches transcriptions");
            assertEquals(200, Http.post(url, Multipart.CONTENT_TYPE, Multipart.body(Field.text("model", "whisper-1"), Field.file("file", "a.mp3", "audio/mpeg", SPEECH))).status());
            assertEquals(2, openai.received().size(), "other bytes, another transcription");
        }
    }

    @Test
    void speechComesBackAsTheUpstreamsBytesWithItsContentTypeAndIsPricedPerCharacter() throws Exception {
        try (var proxy = ProxyUnderTest.withConfig(dir, config(""))) {
            var params = SpeechCreateParams.builder().model("tts-1").voice(SpeechCreateParams.Voice.ALLOY).input("Hello there, world.").build();
            try (HttpResponse audio = OpenAiSdk.client(proxy).audio().speech().create(params)) {
                assertEquals("audio/mpeg", audio.headers().values("content-type").get(0));
                assertEquals("Hello there, world.".length() * 1.5e-5, Double.parseDouble(audio.headers().values("x-litellm-response-cost").get(0)), 1e-12);
                assertArrayEquals(SPEECH, audio.body().readAllBytes());
            }
            assertEquals(Map.of("model", "tts-1", "voice", "alloy", "input", "Hello there, world."), openai.last().json());
            Map<String, Object> logged = calls.await(1).get(0);
            assertEquals("speech", logged.get("call_type"));
            assertEquals("Hello there, world.".length() * 1.5e-5, ((Number) logged.get("response_cost")).doubleValue(), 1e-12);
        }
    }

    @Test
    void speechIsPassedOnAsItArrives() throws Exception {
        CountDownLatch clientHasTheFirstHalf = new CountDownLatch(1);
        byte[] first = Arrays.copyOf(SPEECH, 50_000), rest = Arrays.copyOfRange(SPEECH, 50_000, SPEECH.length);
        openai.on("/v1/audio/speech", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "audio/mpeg");
            exchange.sendResponseHeaders(200, 0); // chunked, as OpenAI sends it
            OutputStream out = exchange.getResponseBody();
            out.write(first);
            out.flush();
            assertTrue(clientHasTheFirstHalf.await(20, TimeUnit.SECONDS), "the client never got the first half while the rest waited");
            out.write(rest);
        });
        try (var proxy = ProxyUnderTest.withConfig(dir, config(""))) {
            var request = HttpRequest.newBuilder(URI.create(proxy.url("/v1/audio/speech"))).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"tts-1\",\"voice\":\"alloy\",\"input\":\"Hello\"}")).build();
            var response = HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, response.statusCode());
            try (InputStream in = response.body()) {
                assertArrayEquals(first, in.readNBytes(first.length), "the first half, before the upstream sent the rest");
                clientHasTheFirstHalf.countDown();
                assertArrayEquals(rest, in.readAllBytes());
            }
        }
    }

    @Test
    void speechThatFailsBeforeItsFirstByteFallsBackToAnotherModel() throws Exception {
        try (FakeUpstream down = FakeUpstream.start().on("/v1/audio/speech", json(503, Fixtures.read("openai/errors/503-overloaded.json")))) {
            String yaml = config("  fallbacks: [{tts-down: [tts-1]}]\n").replace("model_list:\n", "model_list:\n"
                    + "  - model_name: tts-down\n    litellm_params: {model: openai/tts-1, api_base: " + down.baseUrl() + "/v1, api_key: sk-down}\n");
            try (var proxy = ProxyUnderTest.withConfig(dir, yaml)) {
                var params = SpeechCreateParams.builder().model("tts-down").voice(SpeechCreateParams.Voice.ALLOY).input("Hello").build();
                try (HttpResponse audio = OpenAiSdk.client(proxy).audio().speech().create(params)) {
                    assertArrayEquals(SPEECH, audio.body().readAllBytes());
                }
                assertTrue(down.received().size() >= 1);
                assertEquals(1, openai.received().size(), "served by the fallback");
            }
        }
    }

    @Test
    void speechThatBreaksOffAfterItsFirstBytesIsABrokenAnswerNotACompleteOne() throws Exception {
        openai.on("/v1/audio/speech", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "audio/mpeg");
            exchange.sendResponseHeaders(200, SPEECH.length); // announced whole, then cut after a half
            exchange.getResponseBody().write(SPEECH, 0, SPEECH.length / 2);
            exchange.getResponseBody().flush();
            exchange.getResponseBody().close(); // short of its length: the JDK's server may drop the connection, or leave it open
        });
        // when the connection is left open, the proxy's deadline cuts the call: then too, a broken answer
        try (var proxy = ProxyUnderTest.withConfig(dir, config("  request_timeout: 3\n"))) {
            var request = HttpRequest.newBuilder(URI.create(proxy.url("/v1/audio/speech"))).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"tts-1\",\"voice\":\"alloy\",\"input\":\"Hello\"}")).build();
            var response = HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, response.statusCode());
            try (InputStream in = response.body()) {
                assertThrows(java.io.IOException.class, in::readAllBytes, "the client sees the audio break off, not an end");
            }
            assertEquals(false, calls.await(1).get(0).get("success"), "logged as a failure");
        }
    }

    @Test
    void aSpeechErrorBeforeAnyByteIsAnOpenAiError() throws Exception {
        openai.on("/v1/audio/speech", json(400, Fixtures.read("openai/errors/400-invalid-param.json")));
        try (var proxy = ProxyUnderTest.withConfig(dir, config(""))) {
            var r = Http.post(proxy.url("/audio/speech"), "{\"model\":\"tts-1\",\"voice\":\"alloy\",\"input\":\"Hello\"}");
            assertEquals(400, r.status());
            assertTrue(r.header("content-type").startsWith("application/json"));
            r.error();
            var missing = Http.post(proxy.url("/audio/speech"), "{\"model\":\"tts-1\",\"voice\":\"alloy\"}");
            assertEquals("input", missing.error().get("param"));
            assertNull(calls.await(1).get(0).get("response"));
        }
    }
}
