package litellm.http;

import litellm.error.LlmError;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Secrets and their masking. The proxy knows its secrets ({@link #register}): the config registers every value under
 * a key whose name says it is one (api_key, master_key, aws_secret_access_key, redis password...) and the password of
 * every URL in it, Langfuse its keys, and the start-up reads the process's environment the same way. Text that leaves the
 * proxy from an upstream or an exception (an error answer, a stream's error event, a log line, a callback's error)
 * goes through {@link #maskKnown} where it leaves; a call's own credentials (a key a client sent) are masked by the
 * engine with {@link #maskIn}. A secret shows as LiteLLM shows keys, its first and last 4 characters: sk-1****abcd.
 */
public final class Secrets {
    /** Headers that carry credentials, lower case. */
    public static final Set<String> KEY_HEADERS = Set.of("authorization", "api-key", "x-api-key", "x-goog-api-key",
            "proxy-authorization", "x-amz-security-token", "ocp-apim-subscription-key");
    private static final Pattern KEY_QUERY = Pattern.compile("([?&](?:key|api_key|api-key|token)=)([^&]+)");
    /** Words of a name (api_key, AWS_SECRET_ACCESS_KEY, redis_password, x-api-key) that say its value is a secret. */
    private static final Set<String> SECRET_WORDS = Set.of("key", "apikey", "secret", "token", "password", "passwd", "pwd",
            "credential", "credentials", "authorization");
    /** Shorter values are placeholders ("none", "x"): masking them would garble the text. */
    private static final int SHORTEST = 8;
    /** A secret at least this long shows its ends (an API key); a shorter one (a password) shows nothing. */
    private static final int SHOWS_ENDS = 20;

    /** The known secrets, longest first (a secret inside a longer one is masked after it); replaced whole on each change. */
    private static volatile String[] known = {};

    private Secrets() {}

    public static String mask(String secret) {
        if (secret == null) return null;
        if (secret.length() < SHOWS_ENDS) return "****";
        return secret.substring(0, 4) + "****" + secret.substring(secret.length() - 4);
    }

    /** A key's SHA-256, in hex: what LiteLLM keeps of a virtual key, and what a log may show of one (a prefix). */
    public static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Whether a key or variable of this name holds a secret: one of its words (split at _ - .) is key, secret, token, password... */
    public static boolean namesASecret(String name) {
        if (name == null) return false;
        for (String word : name.toLowerCase().split("[_.\\-\\s]+")) if (SECRET_WORDS.contains(word)) return true;
        return false;
    }

    /** The environment's secrets: keys the provider scripts read (OPENAI_API_KEY, AWS_SECRET_ACCESS_KEY, REDIS_PASSWORD...). */
    public static void registerEnvironment(Map<String, String> environment) {
        environment.forEach(Secrets::registerNamed);
    }

    /** Registers {@code value} when {@code name} says it is a secret, and the password of a URL in it whatever its name. */
    public static void registerNamed(String name, String value) {
        if (value == null) return;
        if (namesASecret(name)) register(value);
        else add(passwordOf(value));
    }

    /**
     * A secret masked from now on wherever text leaves the proxy, in the forms it may be repeated in: without its
     * scheme word ("Bearer ", "Basic "), and for a URL, its password as written and decoded too.
     */
    public static void register(String secret) {
        if (secret == null || secret.isBlank()) return;
        String value = credential(secret.strip());
        List<String> forms = new ArrayList<>(passwordOf(value));
        forms.add(value);
        add(forms);
    }

    /** The password of a URL, as written and decoded; none when {@code text} is not a URL with a password. */
    private static List<String> passwordOf(String text) {
        String password = urlPassword(text);
        return password == null ? List.of() : List.of(password, decoded(password));
    }

    private static synchronized void add(List<String> forms) {
        List<String> next = new ArrayList<>(Arrays.asList(known));
        for (String form : forms) if (form.length() >= SHORTEST && !next.contains(form)) next.add(form);
        if (next.size() == known.length) return;
        next.sort(Comparator.comparingInt(String::length).reversed());
        known = next.toArray(String[]::new);
    }

    /** {@code text} with every known secret masked; the same string when none is in it. */
    public static String maskKnown(String text) {
        return maskIn(text, Arrays.asList(known));
    }

    /**
     * {@code text} (an upstream's error message, an exception's) with every one of {@code secrets} in it masked:
     * some servers repeat the Authorization header they were sent. Secrets shorter than 8 characters are left alone.
     */
    public static String maskIn(String text, Iterable<String> secrets) {
        if (text == null) return null;
        for (String secret : secrets)
            if (secret != null && secret.length() >= SHORTEST && text.contains(secret)) text = text.replace(secret, mask(secret));
        return text;
    }

    /** {@code e} with its message masked: every known secret and {@code more}; the same error when none is in it. */
    public static LlmError masked(LlmError e, Iterable<String> more) {
        String message = e.getMessage();
        if (message == null) return e;
        String masked = maskKnown(maskIn(message, more));
        if (masked.equals(message)) return e;
        return new LlmError(e.status(), e.type(), masked, e.param(), e.code(), e.retryAfter());
    }

    public static LlmError masked(LlmError e) {
        return masked(e, List.of());
    }

    /**
     * {@code e} (a script's exception, a library's) with {@code secrets} masked in its message and its causes', for the
     * log that prints it: the same exception when none is in them, else a copy that prints as the original would.
     */
    public static RuntimeException masked(RuntimeException e, Iterable<String> secrets) {
        return hasAny(e, secrets) ? (RuntimeException) copy(e, secrets) : e;
    }

    /** The same for a checked exception, which a Groovy script may throw undeclared (a JSON parser's). */
    public static Exception masked(Exception e, Iterable<String> secrets) {
        return hasAny(e, secrets) ? (Exception) copy(e, secrets) : e;
    }

    private static boolean hasAny(Throwable t, Iterable<String> secrets) {
        for (; t != null; t = t.getCause())
            if (t.getMessage() != null && !maskIn(t.getMessage(), secrets).equals(t.getMessage())) return true;
        return false;
    }

    private static Throwable copy(Throwable t, Iterable<String> secrets) {
        return new MaskedCopy(t, maskIn(t.toString(), secrets), maskIn(t.getMessage(), secrets),
                t.getCause() == null ? null : copy(t.getCause(), secrets));
    }

    /** An exception with its text masked: it prints as the original would (its class name, its frames). */
    private static final class MaskedCopy extends RuntimeException {
        private final String shown;

        MaskedCopy(Throwable original, String shown, String message, Throwable cause) {
            super(message, cause);
            this.shown = shown;
            setStackTrace(original.getStackTrace());
        }

        @Override
        public String toString() {
            return shown;
        }
    }

    /** A header value with its credential masked; the scheme word ("Bearer", "AWS4-HMAC-SHA256 ...") stays readable. */
    public static String maskHeader(String name, String value) {
        if (!KEY_HEADERS.contains(name.toLowerCase())) return value;
        String credential = credential(value);
        if (!credential.equals(value)) return value.substring(0, value.indexOf(' ') + 1) + mask(credential);
        if (value.startsWith("AWS4-")) return value.replaceAll("Signature=([0-9a-f]{4})[0-9a-f]+", "Signature=$1****");
        return mask(value);
    }

    /** The credentials a request carries: its key headers' values (without a scheme word) and its URL's query keys. */
    public static List<String> of(UpstreamRequest request) {
        List<String> found = new ArrayList<>();
        if (request == null) return found;
        for (var h : request.headers().entrySet()) {
            String value = h.getValue();
            if (value == null || !KEY_HEADERS.contains(h.getKey().toLowerCase())) continue;
            if (!value.startsWith("AWS4-")) found.add(credential(value));
        }
        Matcher m = KEY_QUERY.matcher(request.url().toString());
        while (m.find()) found.add(m.group(2));
        return found;
    }

    /** A header value's credential, without its scheme word ("Bearer ", "Basic "); the value itself when it has none. */
    private static String credential(String value) {
        int space = value.indexOf(' ');
        boolean scheme = space == 6 && value.regionMatches(true, 0, "Bearer", 0, 6) || space == 5 && value.regionMatches(true, 0, "Basic", 0, 5);
        return scheme ? value.substring(space + 1).strip() : value;
    }

    /** A URL with keys in its query string masked. */
    public static String maskUrl(String url) {
        if (url.indexOf('?') < 0 && url.indexOf('&') < 0) return url; // no query, no key in it: no regex on every call
        Matcher m = KEY_QUERY.matcher(url);
        StringBuilder sb = new StringBuilder();
        while (m.find()) m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + mask(m.group(2))));
        return m.appendTail(sb).toString();
    }

    /**
     * The password of a URL such as {@code redis://user:pass@host:6379} or {@code postgresql://u:p@db/x}, as written;
     * null when it has none. Read by hand, not with java.net.URI: a password with a character URI refuses
     * (a second '@', a '%' not followed by hex digits) must still be found.
     */
    static String urlPassword(String text) {
        int scheme = text.indexOf("://");
        if (scheme <= 0) return null;
        String authority = text.substring(scheme + 3).split("[/?#]", 2)[0];
        int at = authority.lastIndexOf('@'); // the last: a password may hold an '@' of its own
        int colon = authority.indexOf(':');
        return at < 0 || colon < 0 || colon > at ? null : authority.substring(colon + 1, at);
    }

    private static String decoded(String password) {
        try {
            return URLDecoder.decode(password.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) { // a '%' not followed by two hex digits: written undecoded
            return password;
        }
    }
}
