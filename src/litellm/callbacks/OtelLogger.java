package litellm.callbacks;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import litellm.runtime.Version;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * LiteLLM's {@code otel} callback: a span per call, with OpenTelemetry's GenAI conventions ({@link GenAiAttributes}),
 * exported over OTLP (http/protobuf) to {@code OTEL_EXPORTER_OTLP_ENDPOINT} by the OpenTelemetry SDK. A call only
 * queues its record; the span is made on the queue's thread, and the SDK's batch processor exports spans on its own.
 * A request's {@code traceparent} header (W3C) makes the span a child of the client's.
 */
public final class OtelLogger implements CallLogger {
    /** One exporter per place and service: a reloaded config keeps its own, and its queue. */
    private static final Map<Settings, OtelLogger> LOGGERS = new ConcurrentHashMap<>();
    private static final TextMapGetter<Map<String, String>> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    /**
     * Where spans go, read from OpenTelemetry's variables (LiteLLM's OTEL_ENDPOINT and OTEL_HEADERS too).
     *
     * @param tracesUrl     the full URL spans are posted to ({@code <endpoint>/v1/traces})
     * @param headers       sent with each export (an API key...); never logged
     * @param scheduleDelay how long the batch processor waits to fill a batch
     */
    public record Settings(String tracesUrl, Map<String, String> headers, String serviceName, Duration scheduleDelay) {
        static final List<String> ENVIRONMENT = List.of("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_ENDPOINT",
                "OTEL_EXPORTER_OTLP_HEADERS", "OTEL_EXPORTER_OTLP_TRACES_HEADERS", "OTEL_HEADERS", "OTEL_SERVICE_NAME", "OTEL_BSP_SCHEDULE_DELAY");

        @Override
        public String toString() {
            return "Settings[" + tracesUrl + ", " + serviceName + "]"; // the headers may hold a key
        }

        /** @throws IllegalArgumentException when a variable's value cannot be used */
        static Settings from(Function<String, String> env) {
            String traces = first(env.apply("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"), env.apply("OTEL_ENDPOINT"));
            if (traces == null) {
                String base = first(env.apply("OTEL_EXPORTER_OTLP_ENDPOINT"), "http://localhost:4318");
                traces = base.replaceAll("/+$", "") + "/v1/traces";
            }
            try {
                URI uri = new URI(traces);
                if (uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) throw new IllegalArgumentException();
            } catch (Exception e) {
                throw new IllegalArgumentException("otel: the OTLP endpoint '" + traces + "' is not an http(s) URL (OTEL_EXPORTER_OTLP_ENDPOINT)");
            }
            Map<String, String> headers = headers(first(env.apply("OTEL_EXPORTER_OTLP_TRACES_HEADERS"), env.apply("OTEL_EXPORTER_OTLP_HEADERS"), env.apply("OTEL_HEADERS")));
            String delay = first(env.apply("OTEL_BSP_SCHEDULE_DELAY"), "5000");
            try {
                return new Settings(traces, headers, first(env.apply("OTEL_SERVICE_NAME"), "litellm"), Duration.ofMillis(Long.parseLong(delay.strip())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("otel: OTEL_BSP_SCHEDULE_DELAY is a number of milliseconds, not '" + delay + "'");
            }
        }

        /** OpenTelemetry's {@code key1=value1,key2=value2}, values %-encoded. */
        private static Map<String, String> headers(String text) {
            Map<String, String> headers = new LinkedHashMap<>();
            if (text == null) return headers;
            for (String pair : text.split(",")) {
                int eq = pair.indexOf('=');
                if (eq > 0) headers.put(pair.substring(0, eq).strip(), URLDecoder.decode(pair.substring(eq + 1).strip(), StandardCharsets.UTF_8));
            }
            return Map.copyOf(headers);
        }

        @SafeVarargs
        private static <T> T first(T... values) {
            for (T v : values) if (v != null && !(v instanceof String s && s.isBlank())) return v;
            return null;
        }
    }

    private final SdkTracerProvider provider;
    private final Tracer tracer;
    private final CallQueue<CallLog> queue;

    private OtelLogger(Settings settings) {
        var exporter = OtlpHttpSpanExporter.builder().setEndpoint(settings.tracesUrl()).setComponentLoader(JDK_SENDER);
        settings.headers().forEach(exporter::addHeader);
        provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), settings.serviceName()))))
                .addSpanProcessor(BatchSpanProcessor.builder(exporter.build()).setScheduleDelay(settings.scheduleDelay()).build())
                .build();
        tracer = provider.get("litellm.java", Version.VERSION);
        queue = new CallQueue<>("otel", 512, Duration.ZERO, (calls, last) -> calls.forEach(this::span));
        // At exit: the calls queued become spans, then the batch processor sends what it holds.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            queue.flush();
            provider.shutdown().join(5, TimeUnit.SECONDS);
        }, "otel-flush"));
    }

    static OtelLogger of(Settings settings) {
        return LOGGERS.computeIfAbsent(settings, OtelLogger::new);
    }

    @Override
    public void log(CallLog call) {
        queue.offer(call);
    }

    private void span(CallLog call) {
        Context parent = call.traceContext().isEmpty() ? Context.root()
                : W3CTraceContextPropagator.getInstance().extract(Context.root(), call.traceContext(), HEADERS);
        Span span = tracer.spanBuilder(GenAiAttributes.spanName(call)).setParent(parent).setSpanKind(SpanKind.CLIENT)
                .setStartTimestamp(call.start()).setAllAttributes(GenAiAttributes.of(call)).startSpan();
        if (call.failed()) span.setStatus(StatusCode.ERROR, String.valueOf(call.error().getMessage()));
        span.end(call.end());
    }

    /**
     * The JDK's HttpClient sends the spans: OkHttp's sender comes with the exporter too, and would bring OkHttp and
     * Kotlin's library in; the JDK's is kept.
     */
    private static final ComponentLoader JDK_SENDER = new ComponentLoader() {
        @Override
        public <T> Iterable<T> load(Class<T> type) {
            List<T> found = new ArrayList<>();
            ServiceLoader.load(type, OtelLogger.class.getClassLoader()).forEach(found::add);
            if (type == HttpSenderProvider.class && found.size() > 1) found.removeIf(p -> !p.getClass().getName().contains(".jdk."));
            return found;
        }
    };
}
