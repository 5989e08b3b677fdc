package litellm.http;


/** An upstream request as a curl command a user can paste and run (keys masked), for --debug. */
public final class CurlLog {
    private CurlLog() {}

    public static String format(UpstreamRequest request, byte[] body) {
        StringBuilder sb = new StringBuilder("curl -X ").append(request.method()).append(" \\\n")
                .append(quote(Secrets.maskUrl(request.url().toString())));
        boolean form = request.body() instanceof FormBody;
        request.headers().forEach((name, value) -> {
            if (!(form && name.equalsIgnoreCase("content-type"))) // curl -F writes the form's type with its own boundary
                sb.append(" \\\n-H ").append(quote(name + ": " + Secrets.maskHeader(name, value)));
        });
        if (request.body() instanceof FormBody f)
            f.curlFields().forEach(field -> sb.append(" \\\n-F ").append(quote(field)));
        else if (body != null && body.length > 0)
            sb.append(" \\\n-d ").append(quote(new String(body, java.nio.charset.StandardCharsets.UTF_8)));
        return sb.toString();
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
