package litellm.http;

import litellm.error.LlmError;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.internal.signer.CredentialScope;
import software.amazon.awssdk.http.auth.aws.internal.signer.V4Properties;
import software.amazon.awssdk.http.auth.aws.internal.signer.V4RequestSigner;
import software.amazon.awssdk.http.auth.aws.internal.signer.V4RequestSigningResult;
import software.amazon.awssdk.http.auth.aws.internal.signer.util.SignerUtils;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.utils.BinaryUtils;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signs upstream requests with AWS Signature Version 4 for providers that declare
 * {@code info(sign: 'aws-sigv4', service: ...)}; the core calls it on the final request, after the script's
 * {@code request()}. The canonical request, signing key and signature come from the AWS SDK's own V4 request signer
 * (the one {@code AwsV4HttpSigner} delegates to). It is called directly because {@code AwsV4HttpSigner} always adds and
 * signs {@code x-amz-content-sha256}, which only S3 needs: called this way the signed headers are the ones botocore,
 * LiteLLM and the official SigV4 test suite use. Credentials: the deployment's {@code aws_access_key_id} /
 * {@code aws_secret_access_key} / {@code aws_session_token}, else its {@code aws_profile_name}, else the SDK's default
 * chain (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_PROFILE, ~/.aws, container and instance roles).
 * <p>This class is the only one that touches the AWS SDK: it loads when the first request of such a provider is made.
 */
public final class AwsSigner {
    public static final String DEFAULT_REGION = "us-west-2";
    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final Map<String, AwsCredentialsProvider> PROVIDERS = new ConcurrentHashMap<>();

    /** The parts of one signature, as the SigV4 documents and test suite name them. */
    public record Signed(Map<String, String> headers, String canonicalRequest, String stringToSign, String signature) {
        public String authorization() {
            return headers.get("Authorization");
        }
    }

    private AwsSigner() {}

    /** The request with Host, X-Amz-Date, X-Amz-Security-Token (temporary credentials) and Authorization added. */
    public static UpstreamRequest sign(UpstreamRequest request, byte[] body, Map<String, Object> params, String service) {
        Signed signed = sign(request.method(), request.url(), request.headers(), body, credentials(params),
                region(params), service, Instant.now(), true, true);
        return new UpstreamRequest(request.method(), request.url(), signed.headers(), request.body());
    }

    /**
     * Signs one request. {@code url} is the URL as sent (its path already percent-encoded once); with
     * {@code doubleUrlEncode} (every service but S3) the canonical URI encodes it once more. A header
     * {@code x-amz-content-sha256: required} is replaced by the payload's hash and signed, as S3 wants.
     */
    public static Signed sign(String method, URI url, Map<String, String> headers, byte[] body, AwsCredentialsIdentity credentials,
                              String region, String service, Instant at, boolean doubleUrlEncode, boolean normalizePath) {
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder().uri(url).method(SdkHttpMethod.fromValue(method));
        headers.forEach(request::putHeader);
        String contentHash = BinaryUtils.toHex(SignerUtils.hash(body == null ? new byte[0] : body));
        if (request.firstMatchingHeader("x-amz-content-sha256").isPresent()) request.putHeader("x-amz-content-sha256", contentHash);
        if (request.firstMatchingHeader("Host").isEmpty()) SignerUtils.addHostHeader(request);
        if (credentials instanceof AwsSessionCredentialsIdentity session) request.putHeader("X-Amz-Security-Token", session.sessionToken());
        SignerUtils.addDateHeader(request, SignerUtils.formatDateTime(at));

        CredentialScope scope = new CredentialScope(region, service, at);
        V4Properties properties = V4Properties.builder().credentials(credentials).credentialScope(scope)
                .signingClock(Clock.fixed(at, ZoneOffset.UTC)).doubleUrlEncode(doubleUrlEncode).normalizePath(normalizePath).build();
        V4RequestSigningResult result = V4RequestSigner.create(properties, contentHash).sign(request);
        String canonical = result.getCanonicalRequest().getCanonicalRequestString();
        String stringToSign = ALGORITHM + "\n" + scope.getDatetime() + "\n" + scope.scope() + "\n" + SignerUtils.hashCanonicalRequest(canonical);

        Map<String, String> signed = new LinkedHashMap<>();
        result.getSignedRequest().headers().forEach((name, values) -> signed.put(name, String.join(",", values)));
        signed.put("Authorization", ALGORITHM + " Credential=" + scope.scope(credentials)
                + ", SignedHeaders=" + result.getCanonicalRequest().getSignedHeadersString() + ", Signature=" + result.getSignature());
        return new Signed(signed, canonical, stringToSign, result.getSignature());
    }

    /**
     * The region, as LiteLLM picks it: the deployment's {@code aws_region_name}, AWS_REGION_NAME, AWS_REGION,
     * AWS_DEFAULT_REGION, the AWS profile's region, else us-west-2.
     */
    public static String region(Map<String, Object> params) {
        String region = str(params.get("aws_region_name"));
        if (region != null) return region;
        for (String name : List.of("AWS_REGION_NAME", "AWS_REGION", "AWS_DEFAULT_REGION")) {
            String v = System.getenv(name);
            if (v != null && !v.isBlank()) return v;
        }
        return ProfileRegion.VALUE;
    }

    /** Read once, on first need: the region of the AWS profile (~/.aws/config), or the default. */
    private static final class ProfileRegion {
        static final String VALUE = read();

        private static String read() {
            try {
                return new AwsProfileRegionProvider().getRegion().id();
            } catch (RuntimeException e) {
                return DEFAULT_REGION;
            }
        }
    }

    static AwsCredentialsIdentity credentials(Map<String, Object> params) {
        String id = str(params.get("aws_access_key_id")), secret = str(params.get("aws_secret_access_key"));
        String token = str(params.get("aws_session_token")), profile = str(params.get("aws_profile_name"));
        if (id != null && secret != null)
            return token == null ? AwsCredentialsIdentity.create(id, secret) : AwsSessionCredentialsIdentity.create(id, secret, token);
        AwsCredentialsProvider provider = PROVIDERS.computeIfAbsent(profile == null ? "" : profile, p -> p.isEmpty()
                ? DefaultCredentialsProvider.builder().build()
                : ProfileCredentialsProvider.builder().profileName(p).build());
        try {
            return provider.resolveCredentials();
        } catch (SdkException e) {
            throw LlmError.authentication("no AWS credentials: set the deployment's aws_access_key_id and aws_secret_access_key (or aws_profile_name), "
                    + "or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (" + e.getMessage() + ")");
        }
    }

    private static String str(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString();
    }
}
