package litellm.provider;

import java.net.URI;
import java.util.Map;

/** The HTTP call a provider script asks the core to make. {@code body} is JSON-encoded unless it is a String. */
public record UpstreamRequest(String method, URI url, Map<String, String> headers, Object body) {
    public UpstreamRequest {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }
}
