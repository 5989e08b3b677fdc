package litellm.testing;

import litellm.json.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** A plain HTTP client for tests, as curl would be: raw status, headers and body. */
public final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public record Response(int status, Map<String, List<String>> headers, String body) {
        public Map<String, Object> json() {
            return parse(body);
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        /** The OpenAI error object, failing the test when the body is not one. */
        @SuppressWarnings("unchecked")
        public Map<String, Object> error() {
            Map<String, Object> error = (Map<String, Object>) json().get("error");
            if (error == null || !error.keySet().containsAll(List.of("message", "type", "param", "code")))
                throw new AssertionError("not an OpenAI error body: " + body);
            return error;
        }
    }

    private Http() {}

    public static Response post(String url, String json) {
        return post(url, json, Map.of());
    }

    /** A POST with headers of its own (Authorization: the proxy's master key). */
    public static Response post(String url, String json, Map<String, String> headers) {
        return send(posting(url, json, headers));
    }

    /** A POST of any bytes with their content type: a multipart upload. */
    public static Response post(String url, String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    public static Response get(String url) {
        return get(url, Map.of());
    }

    /** A GET with headers of its own (Authorization: the proxy's master key). */
    public static Response get(String url, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        headers.forEach(request::header);
        return send(request.build());
    }

    /** POSTs and reads an SSE answer; each {@code data:} payload goes to {@code onData} as it arrives. */
    public static Response stream(String url, String json, Consumer<String> onData) {
        return stream(url, json, Map.of(), onData);
    }

    public static Response stream(String url, String json, Map<String, String> headers, Consumer<String> onData) {
        HttpRequest request = posting(url, json, headers);
        try {
            HttpResponse<InputStream> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
            StringBuilder all = new StringBuilder();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    all.append(line).append('\n');
                    if (line.startsWith("data: ")) onData.accept(line.substring(6));
                }
            }
            return new Response(r.statusCode(), r.headers().map(), all.toString());
        } catch (IOException e) {
            throw new AssertionError("stream failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** All {@code data:} payloads of a streamed answer. */
    public static List<String> streamData(String url, String json) {
        List<String> data = new ArrayList<>();
        stream(url, json, data::add);
        return data;
    }

    public static Map<String, Object> parse(String json) {
        try {
            return Json.parseObject(json);
        } catch (IOException e) {
            throw new AssertionError("not a JSON object: " + json, e);
        }
    }

    private static HttpRequest posting(String url, String json, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(request::header);
        return request.build();
    }

    private static Response send(HttpRequest request) {
        try {
            HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
