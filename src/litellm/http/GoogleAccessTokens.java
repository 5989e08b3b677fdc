package litellm.http;

import com.google.auth.RequestMetadataCallback;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import litellm.error.LlmError;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;

/**
 * Google Cloud access tokens (for Vertex AI) from Google's own auth library: a service account's JSON key (the JSON
 * itself, or the path of its file), else the application-default credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud's
 * application-default login, the metadata server on Google Cloud). One credentials object is kept per source; the
 * library caches its token, and asked with an executor (as here) it refreshes the token on that executor a few minutes
 * before it expires while requests go on with the current one: only a request that finds no valid token (the first)
 * waits for one.
 * <p>This class is the only one that touches Google's library: it loads with the first Vertex AI request.
 */
public final class GoogleAccessTokens {
    private static final List<String> SCOPES = List.of("https://www.googleapis.com/auth/cloud-platform");
    private static final Map<String, GoogleCredentials> CREDENTIALS = new ConcurrentHashMap<>();
    private static final Executor REFRESH = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("google-token-refresh").factory());
    private static final String DEFAULT = "";

    private GoogleAccessTokens() {}

    /**
     * A valid access token for {@code credentials} (a service account's JSON, a path to one, or null for the
     * application-default credentials), waiting at most {@code wait} when there is none yet; a 401 when none can be had.
     */
    public static String token(String credentials, Duration wait) {
        GoogleCredentials google = credentials(credentials);
        CompletableFuture<Map<String, List<String>>> metadata = new CompletableFuture<>();
        google.getRequestMetadata(null, REFRESH, new RequestMetadataCallback() {
            @Override
            public void onSuccess(Map<String, List<String>> m) {
                metadata.complete(m);
            }

            @Override
            public void onFailure(Throwable e) {
                metadata.completeExceptionally(e);
            }
        });
        try {
            List<String> authorization = metadata.get(Math.max(1, wait.toMillis()), java.util.concurrent.TimeUnit.MILLISECONDS).get("Authorization");
            if (authorization == null || authorization.isEmpty()) throw LlmError.authentication("Google's credentials gave no access token");
            String header = authorization.getFirst();
            return header.startsWith("Bearer ") ? header.substring("Bearer ".length()) : header;
        } catch (ExecutionException e) {
            throw LlmError.authentication("could not get a Google Cloud access token: " + message(e.getCause()));
        } catch (TimeoutException e) {
            throw LlmError.timeout("no Google Cloud access token within the request's time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LlmError.timeout("interrupted while waiting for a Google Cloud access token");
        }
    }

    /** The project of the credentials: a service account's own, else the quota project of the default ones; null when they name none. */
    public static String project(String credentials) {
        GoogleCredentials google = credentials(credentials);
        if (google instanceof ServiceAccountCredentials account && account.getProjectId() != null) return account.getProjectId();
        return google.getQuotaProjectId();
    }

    private static GoogleCredentials credentials(String source) {
        String key = source == null || source.isBlank() ? DEFAULT : source.strip();
        GoogleCredentials known = CREDENTIALS.get(key);
        if (known != null) return known;
        GoogleCredentials loaded = load(key);
        GoogleCredentials raced = CREDENTIALS.putIfAbsent(key, loaded);
        return raced != null ? raced : loaded;
    }

    private static GoogleCredentials load(String source) {
        try {
            GoogleCredentials credentials;
            if (source.equals(DEFAULT)) credentials = GoogleCredentials.getApplicationDefault();
            else try (InputStream in = source.startsWith("{") ? new ByteArrayInputStream(source.getBytes(StandardCharsets.UTF_8))
                    : Files.newInputStream(Path.of(source))) {
                credentials = GoogleCredentials.fromStream(in);
            }
            return credentials.createScopedRequired() ? credentials.createScoped(SCOPES) : credentials;
        } catch (IOException | RuntimeException e) {
            // the message names the problem (no such file, not a key, no default credentials), never the key's content
            throw LlmError.authentication("cannot read Google Cloud credentials" + (source.equals(DEFAULT) ? " (application default)" : source.startsWith("{") ? "" : " from " + source)
                    + ": " + message(e));
        }
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
    }
}
