package litellm.http;

import litellm.error.LlmError;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry of the proxy's secrets and their masking (the registry is the process's: each test uses secrets of its own). */
class SecretsTest {
    @Test
    void aKeyShowsItsEndsAsLiteLlmShowsThemAPasswordNothing() {
        assertEquals("sk-1****cdef", Secrets.mask("sk-1234567890abcdef-cdef"));
        assertEquals("****", Secrets.mask("hunter2-password"));
    }

    @Test
    void namesSaySecret() {
        for (String name : List.of("api_key", "AWS_SECRET_ACCESS_KEY", "aws_session_token", "master_key", "redis_password", "password",
                "LANGFUSE_PUBLIC_KEY", "x-api-key", "Authorization", "vertex_credentials", "azure_ad_token"))
            assertTrue(Secrets.namesASecret(name), name);
        for (String name : List.of("model", "api_base", "max_tokens", "url", "host", "keyboard", "TOKENIZERS_PARALLELISM"))
            assertFalse(Secrets.namesASecret(name), name);
    }

    @Test
    void aRegisteredSecretIsMaskedInAnyTextAndOnlyThen() {
        String key = "sk-registry-test-0123456789";
        Secrets.registerNamed("api_key", key);
        assertEquals("bad key Bearer sk-r****6789 here", Secrets.maskKnown("bad key Bearer " + key + " here"));
        String clean = "nothing secret here";
        assertSame(clean, Secrets.maskKnown(clean));
        Secrets.registerNamed("model", "gpt-4o-mini-not-a-secret");
        assertEquals("gpt-4o-mini-not-a-secret", Secrets.maskKnown("gpt-4o-mini-not-a-secret"));
    }

    @Test
    void aUrlsPasswordIsASecretWhateverTheKeysName() {
        Secrets.registerNamed("url", "redis://:wrong-redis-pw@127.0.0.1:6379/0");
        Secrets.registerNamed("DATABASE_URL", "postgresql://app:p%40ss-db-w0rd@db.internal:5432/litellm");
        Secrets.registerNamed("raw", "redis://default:p@ss w0rd-raw@127.0.0.1:6379");
        String text = "cannot reach redis://:wrong-redis-pw@127.0.0.1:6379/0; auth p@ss-db-w0rd failed; p@ss w0rd-raw refused";
        String masked = Secrets.maskKnown(text);
        assertEquals("cannot reach redis://:****@127.0.0.1:6379/0; auth **** failed; **** refused", masked);
        assertEquals(null, Secrets.urlPassword("https://host/path@x"));
        assertEquals(null, Secrets.urlPassword("https://user@host/"));
    }

    @Test
    void aSchemeWordIsNotPartOfTheSecretAndTheLongestSecretIsMaskedFirst() {
        String basic = "cGstbGYtdW5pdDpzay1sZi11bml0LXNlY3JldA==";
        Secrets.register("Basic " + basic);
        assertEquals("got Basic cGst****dA==", Secrets.maskKnown("got Basic " + basic));
        Secrets.register("longest-first-0123");
        Secrets.register("longest-first-0123-and-then-more-9999");
        assertEquals("x long****9999 y ****", Secrets.maskKnown("x longest-first-0123-and-then-more-9999 y longest-first-0123"));
    }

    @Test
    void shortPlaceholdersAreLeftAlone() {
        Secrets.register("none");
        assertEquals("x marks none", Secrets.maskIn("x marks none", List.of("x", "none")));
        assertEquals("none of it", Secrets.maskKnown("none of it"));
    }

    @Test
    void anErrorsMessageIsMaskedWithTheKnownSecretsAndTheCallsOwn() {
        String known = "sk-known-error-0123456789", own = "sk-client-own-0123456789";
        Secrets.register(known);
        LlmError e = LlmError.upstream(401, "keys " + known + " and " + own, "invalid_api_key", "3");
        LlmError masked = Secrets.masked(e, List.of(own));
        assertEquals("keys sk-k****6789 and sk-c****6789", masked.getMessage());
        assertEquals(List.of(401, "invalid_api_key", "3"), List.of(masked.status(), masked.code(), masked.retryAfter()));
        LlmError clean = LlmError.badRequest("nothing", null);
        assertSame(clean, Secrets.masked(clean));
    }

    @Test
    void anExceptionWithACallsKeyPrintsAsBeforeWithTheKeyMasked() {
        String key = "sk-client-script-0123456789";
        RuntimeException e = new IllegalStateException("cannot use " + key, new NumberFormatException("For input string: \"" + key + "\""));
        RuntimeException masked = Secrets.masked(e, List.of(key));
        StringWriter trace = new StringWriter();
        masked.printStackTrace(new PrintWriter(trace));
        assertFalse(trace.toString().contains(key), trace.toString());
        assertTrue(trace.toString().startsWith("java.lang.IllegalStateException: cannot use sk-c****6789"), trace.toString());
        assertTrue(trace.toString().contains("Caused by: java.lang.NumberFormatException: For input string: \"sk-c****6789\""), trace.toString());
        assertTrue(trace.toString().contains("at litellm.http.SecretsTest."), "the original's frames: " + trace);
        RuntimeException clean = new IllegalStateException("nothing secret");
        assertSame(clean, Secrets.masked(clean, List.of(key)));
    }
}
