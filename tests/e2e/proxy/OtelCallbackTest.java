package litellm.e2e.proxy;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import litellm.testing.Configs;
import litellm.testing.FakeUpstream;
import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.testing.ProxyUnderTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

import static litellm.testing.FakeUpstream.json;
import static litellm.testing.FakeUpstream.sse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code callbacks: ["otel"]}: a span per call, with the GenAI semantic conventions, exported over OTLP/HTTP
 * (protobuf) to a fake collector that decodes what it receives with OpenTelemetry's own protobuf classes.
 */
class OtelCallbackTest {
    static final String CHAT = "{\"model\":\"gpt-3.5-turbo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":0.5%s}";
    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String PARENT_SPAN_ID = "00f067aa0ba902b7";

    @TempDir
    Path dir;
    FakeUpstream openai;
    HttpServer collector;
    final List<ExportTraceServiceRequest> exports = new CopyOnWriteArrayList<>();
    final List<String> paths = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        openai = FakeUpstream.start().onStreamOrNot("/v1/chat/completions", json(200, Fixtures.read("openai/chat/response.json")),
                sse(Fixtures.read("openai/chat/stream-no-usage.txt"), 0));
        collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        collector.createContext("/", exchange -> {
            paths.add(exchange.getRequestURI().getPath() + " " + exchange.getRequestHeaders().getFirst("Content-Type")
                    + " " + exchange.getRequestHeaders().getFirst("X-Team"));
            InputStream body = exchange.getRequestBody();
            if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) body = new GZIPInputStream(body);
            exports.add(ExportTraceServiceRequest.parseFrom(body.readAllBytes()));
            byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        collector.start();
    }

    @AfterEach
    void stop() {
        openai.close();
        collector.stop(0);
    }

    ProxyUnderTest proxy(String failure) throws Exception {
        return ProxyUnderTest.withConfig(dir, "model_list:\n" + Configs.gpt35At(openai) + "litellm_settings:\n  callbacks: [otel]\n" + failure
                + "environment_variables:\n  OTEL_EXPORTER_OTLP_ENDPOINT: http://127.0.0.1:" + collector.getAddress().getPort()
                + "\n  OTEL_EXPORTER_OTLP_HEADERS: X-Team=ml%20team\n  OTEL_SERVICE_NAME: proxy-under-test\n  OTEL_BSP_SCHEDULE_DELAY: '50'\n");
    }

    /** The spans received, once {@code n} have come (10 s at most). */
    List<Span> spans(int n) throws InterruptedException {
        for (int i = 0; i < 200 && received().size() < n; i++) Thread.sleep(50);
        List<Span> spans = received();
        assertEquals(n, spans.size(), "spans: " + spans);
        return spans;
    }

    List<Span> received() {
        return exports.stream().flatMap(e -> e.getResourceSpansList().stream()).flatMap(r -> r.getScopeSpansList().stream())
                .flatMap(s -> s.getSpansList().stream()).toList();
    }

    static Map<String, AnyValue> attributes(Span span) {
        return span.getAttributesList().stream().collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue));
    }

    static String hex(com.google.protobuf.ByteString bytes) {
        return HexFormat.of().formatHex(bytes.toByteArray());
    }

    @Test
    void aCallIsASpanWithTheGenAiConventionsInTheClientsTrace() throws Exception {
        try (var proxy = proxy("")) {
            var r = Http.post(proxy.url("/chat/completions"), CHAT.formatted(""), Map.of("traceparent", "00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-01"));
            assertEquals(200, r.status(), r.body());
            Span span = spans(1).getFirst();
            assertEquals("chat gpt-4o-mini", span.getName());
            assertEquals(Span.SpanKind.SPAN_KIND_CLIENT, span.getKind());
            assertEquals(TRACE_ID, hex(span.getTraceId()), "the client's trace goes on");
            assertEquals(PARENT_SPAN_ID, hex(span.getParentSpanId()), "a child of the client's span");
            assertTrue(span.getEndTimeUnixNano() > span.getStartTimeUnixNano());
            var a = attributes(span);
            assertEquals("chat", a.get("gen_ai.operation.name").getStringValue());
            assertEquals("openai", a.get("gen_ai.provider.name").getStringValue());
            assertEquals("openai", a.get("gen_ai.system").getStringValue());
            assertEquals("gpt-4o-mini", a.get("gen_ai.request.model").getStringValue());
            assertEquals("gpt-4o-mini-2024-07-18", a.get("gen_ai.response.model").getStringValue());
            assertEquals(0.5, a.get("gen_ai.request.temperature").getDoubleValue());
            assertEquals(19, a.get("gen_ai.usage.input_tokens").getIntValue());
            assertEquals(10, a.get("gen_ai.usage.output_tokens").getIntValue());
            assertEquals(List.of("stop"), a.get("gen_ai.response.finish_reasons").getArrayValue().getValuesList().stream().map(AnyValue::getStringValue).toList());
            assertEquals(r.headers().get("x-litellm-call-id").getFirst(), a.get("litellm.call_id").getStringValue());
            assertFalse(a.containsKey("error.type"));
            var resource = exports.getFirst().getResourceSpans(0).getResource().getAttributesList().stream()
                    .collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().getStringValue()));
            assertEquals("proxy-under-test", resource.get("service.name"));
            assertEquals("/v1/traces application/x-protobuf ml team", paths.getFirst(), "OTLP/HTTP with protobuf, the configured headers");
        }
    }

    @Test
    void aStreamWithoutUsageHasItsTokensCountedAndANewTraceWithoutTraceparent() throws Exception {
        try (var proxy = proxy("")) {
            Http.stream(proxy.url("/chat/completions"), CHAT.formatted(",\"stream\":true"), d -> {});
            Span span = spans(1).getFirst();
            assertEquals(32, hex(span.getTraceId()).length());
            assertTrue(span.getParentSpanId().isEmpty(), "a trace of its own");
            var a = attributes(span);
            assertTrue(a.get("gen_ai.usage.output_tokens").getIntValue() > 0, a.toString());
            assertEquals(List.of("stop"), a.get("gen_ai.response.finish_reasons").getArrayValue().getValuesList().stream().map(AnyValue::getStringValue).toList());
        }
    }

    @Test
    void aFailedCallIsASpanWithErrorType() throws Exception {
        openai.on("/v1/chat/completions", json(429, Fixtures.read("openai/errors/429-rate-limit.json")));
        try (var proxy = proxy("")) {
            var r = Http.post(proxy.url("/chat/completions"), CHAT.formatted(""));
            assertEquals(429, r.status(), r.body());
            Span span = spans(1).getFirst();
            assertEquals(io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR, span.getStatus().getCode());
            var a = attributes(span);
            assertEquals("rate_limit_error", a.get("error.type").getStringValue());
            assertEquals("gpt-4o-mini", a.get("gen_ai.request.model").getStringValue());
            assertFalse(a.containsKey("gen_ai.usage.input_tokens"));
        }
    }
}
