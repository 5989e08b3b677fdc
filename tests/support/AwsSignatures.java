package litellm.testing;

import litellm.http.AwsSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

import java.net.URI;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks a request a fake AWS upstream received against AWS's SigV4, as {@link AwsSigner} computes it. */
public final class AwsSignatures {
    private AwsSignatures() {}

    /**
     * The request arrived signed for {@code service}: the key id's scope and date, and the signature its own path
     * ({@code url}: as sent, still percent-encoded), signed headers and body give.
     */
    public static void assertSigned(FakeUpstream.Received r, URI url, String akid, String secret, String token, String service) {
        String auth = r.headers().get("authorization"), date = r.headers().get("x-amz-date");
        assertTrue(date != null && date.matches("\\d{8}T\\d{6}Z"), "x-amz-date: " + date);
        assertTrue(auth.startsWith("AWS4-HMAC-SHA256 Credential=" + akid + "/" + date.substring(0, 8) + "/"), auth);
        assertTrue(auth.contains("/" + service + "/aws4_request, SignedHeaders="), auth);
        String region = auth.split("/")[2];
        Map<String, String> signedHeaders = new LinkedHashMap<>();
        for (String h : auth.replaceFirst(".*SignedHeaders=([^,]+),.*", "$1").split(";"))
            if (!h.equals("x-amz-date") && !h.equals("x-amz-security-token")) signedHeaders.put(h, r.headers().get(h));
        AwsCredentialsIdentity credentials = token == null ? AwsCredentialsIdentity.create(akid, secret) : AwsSessionCredentialsIdentity.create(akid, secret, token);
        var expected = AwsSigner.sign(r.method(), url, signedHeaders, r.body(), credentials, region, service,
                LocalDateTime.parse(date, DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")).toInstant(ZoneOffset.UTC), true, true);
        assertEquals(expected.authorization(), auth, "the signature covers the path, headers and body as they arrived");
    }
}
