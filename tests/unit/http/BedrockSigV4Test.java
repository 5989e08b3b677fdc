package litellm.http;

import litellm.testing.Fixtures;
import litellm.testing.Http;
import litellm.http.AwsSigner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The signer the core uses for Bedrock against the official AWS SigV4 test suite (aws-c-auth's copy) and against
 * Bedrock requests signed by botocore: canonical request, string to sign, signature and Authorization header
 * must be the ones the fixtures give, byte for byte.
 */
class BedrockSigV4Test {
    static final Path SIGV4 = Fixtures.repo().resolve("tests/fixtures/bedrock/sigv4");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"get-vanilla", "post-vanilla", "post-vanilla-query", "post-vanilla-empty-query-value",
            "get-vanilla-with-session-token", "post-sts-header-before", "post-sts-header-after", "post-x-www-form-urlencoded",
            "post-header-key-sort", "post-header-value-case", "get-space-normalized", "get-space-unnormalized", "get-utf8",
            "get-vanilla-utf8-query", "get-slash-unnormalized"})
    void officialTestSuite(String name) {
        Path dir = SIGV4.resolve("aws-sig-v4-test-suite").resolve(name);
        Map<String, Object> context = Http.parse(read(dir.resolve("context.json")));
        Request request = Request.parse(read(dir.resolve("request.txt")), true);
        if (Boolean.TRUE.equals(context.get("sign_body"))) request.headers.put("x-amz-content-sha256", "required");

        // The suite's paths are raw; on the wire they are percent-encoded once, which is what its canonical URIs show.
        var signed = sign(request, context, false);

        assertEquals(read(dir.resolve("header-canonical-request.txt")), signed.canonicalRequest());
        assertEquals(read(dir.resolve("header-string-to-sign.txt")), signed.stringToSign());
        assertEquals(read(dir.resolve("header-signature.txt")), signed.signature());
        assertEquals(read(dir.resolve("expected-authorization.txt")), signed.authorization());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"invoke-no-session-token", "invoke-with-session-token", "converse-no-session-token"})
    void bedrockRequestsAsBotocoreSignsThem(String name) {
        Path dir = SIGV4.resolve("bedrock-examples").resolve(name);
        Map<String, Object> context = Http.parse(read(dir.resolve("context.json")));
        Request request = Request.parse(read(dir.resolve("request.txt")), false);
        request.body = read(dir.resolve("body.json"));

        // Model ids with ':' travel as %3A and are encoded again in the canonical URI (%253A): every service but S3.
        var signed = sign(request, context, Boolean.TRUE.equals(context.get("double_uri_encode")));

        assertEquals(read(dir.resolve("canonical-request.txt")), signed.canonicalRequest());
        assertEquals(read(dir.resolve("string-to-sign.txt")), signed.stringToSign());
        assertEquals(read(dir.resolve("signature.txt")), signed.signature());
        assertEquals(read(dir.resolve("expected-authorization.txt")), signed.authorization());
        assertEquals("20240115T103000Z", signed.headers().get("X-Amz-Date"));
    }

    @SuppressWarnings("unchecked")
    private static AwsSigner.Signed sign(Request request, Map<String, Object> context, boolean doubleUrlEncode) {
        var c = (Map<String, String>) context.get("credentials");
        // omit_session_token: the token is added after signing, so it is not part of the signature.
        boolean signToken = c.get("token") != null && !Boolean.TRUE.equals(context.get("omit_session_token"));
        AwsCredentialsIdentity credentials = signToken
                ? AwsSessionCredentialsIdentity.create(c.get("access_key_id"), c.get("secret_access_key"), c.get("token"))
                : AwsCredentialsIdentity.create(c.get("access_key_id"), c.get("secret_access_key"));
        return AwsSigner.sign(request.method, request.url, request.headers, request.body.getBytes(StandardCharsets.UTF_8), credentials,
                (String) context.get("region"), (String) context.get("service"), Instant.parse((String) context.get("timestamp")),
                doubleUrlEncode, !Boolean.FALSE.equals(context.get("normalize")));
    }

    /** A request.txt: request line, headers, blank line, body. */
    static final class Request {
        String method;
        URI url;
        final Map<String, String> headers = new LinkedHashMap<>();
        String body = "";

        static Request parse(String text, boolean rawPath) {
            Request r = new Request();
            String[] parts = text.split("\n\n", 2);
            String[] lines = parts[0].split("\n");
            String[] requestLine = lines[0].split(" ");
            r.method = requestLine[0];
            String target = lines[0].substring(r.method.length() + 1, lines[0].lastIndexOf(" HTTP/"));
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                r.headers.put(lines[i].substring(0, colon), lines[i].substring(colon + 1));
            }
            if (parts.length > 1) r.body = parts[1];
            String host = r.headers.get("Host");
            r.url = URI.create("https://" + host + (rawPath ? percentEncode(target) : target));
            return r;
        }

        /** Percent-encodes every byte but the unreserved ones and the path and query separators. */
        static String percentEncode(String raw) {
            StringBuilder sb = new StringBuilder();
            for (byte b : raw.getBytes(StandardCharsets.UTF_8)) {
                char ch = (char) (b & 0xff);
                if (Character.isLetterOrDigit(ch) && ch < 128 || "-_.~/?=&".indexOf(ch) >= 0) sb.append(ch);
                else sb.append('%').append(String.format("%02X", b & 0xff));
            }
            return sb.toString();
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
