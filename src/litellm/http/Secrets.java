package litellm.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Masks keys for logs: the first 4 characters stay, the rest become '*'. */
public final class Secrets {
    /** Headers that carry credentials, lower case. */
    public static final Set<String> KEY_HEADERS = Set.of("authorization", "api-key", "x-api-key", "x-goog-api-key",
            "proxy-authorization", "x-amz-security-token", "ocp-apim-subscription-key");
    private static final Pattern KEY_QUERY = Pattern.compile("([?&](?:key|api_key|api-key|token)=)([^&]+)");

    private Secrets() {}

    public static String mask(String secret) {
        if (secret == null) return null;
        if (secret.length() <= 4) return "*".repeat(secret.length());
        return secret.substring(0, 4) + "*".repeat(secret.length() - 4);
    }

    /** A header value with its credential masked; the scheme word ("Bearer", "AWS4-HMAC-SHA256 ...") stays readable. */
    public static String maskHeader(String name, String value) {
        if (!KEY_HEADERS.contains(name.toLowerCase())) return value;
        int space = value.indexOf(' ');
        if (space > 0 && value.regionMatches(true, 0, "Bearer", 0, space)) return value.substring(0, space + 1) + mask(value.substring(space + 1));
        if (value.startsWith("AWS4-")) return value.replaceAll("Signature=([0-9a-f]{4})[0-9a-f]+", "Signature=$1****");
        return mask(value);
    }

    /**
     * {@code text} (an upstream's error message, an exception's) with every one of {@code secrets} in it masked:
     * some servers repeat the Authorization header they were sent. Secrets shorter than 8 characters are left
     * alone: they are placeholders ("none", "x"), and masking them would garble the text.
     */
    public static String maskIn(String text, Iterable<String> secrets) {
        if (text == null) return null;
        for (String secret : secrets)
            if (secret != null && secret.length() >= 8 && text.contains(secret)) text = text.replace(secret, mask(secret));
        return text;
    }

    /** The credentials a request carries: its key headers' values (without a "Bearer " scheme word) and its URL's query keys. */
    public static List<String> of(UpstreamRequest request) {
        List<String> found = new ArrayList<>();
        if (request == null) return found;
        for (var h : request.headers().entrySet()) {
            String value = h.getValue();
            if (value == null || !KEY_HEADERS.contains(h.getKey().toLowerCase())) continue;
            int space = value.indexOf(' ');
            if (space > 0 && value.regionMatches(true, 0, "Bearer", 0, space)) value = value.substring(space + 1);
            if (!value.startsWith("AWS4-")) found.add(value);
        }
        Matcher m = KEY_QUERY.matcher(request.url().toString());
        while (m.find()) found.add(m.group(2));
        return found;
    }

    /** A URL with keys in its query string masked. */
    public static String maskUrl(String url) {
        Matcher m = KEY_QUERY.matcher(url);
        StringBuilder sb = new StringBuilder();
        while (m.find()) m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + mask(m.group(2))));
        return m.appendTail(sb).toString();
    }
}
