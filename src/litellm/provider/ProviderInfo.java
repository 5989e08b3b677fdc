package litellm.provider;

import litellm.http.StreamFormat;
import litellm.openai.Endpoint;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a provider script declares with {@code info(...)} at its top.
 *
 * @param apiBase    the base URL used when neither the deployment nor {@code apiBaseEnv} gives one
 * @param apiBaseEnv environment variables that may hold the base URL, LiteLLM's names for it, the first one set winning
 *                   ({@code apiBaseEnv: ['OPENAI_BASE_URL', 'OPENAI_API_BASE']}; one name may be given as a string)
 * @param apiKeyEnv  environment variable that holds the key when the deployment has none
 * @param stream     how the upstream streams: sse, ndjson, aws-eventstream (AWS's binary event stream), or none
 *                   (the core then cuts the whole answer into chunks)
 * @param endpoints  the OpenAI operations the provider serves
 * @param params     the OpenAI request parameters the provider understands; empty means all
 * @param renames    OpenAI parameters the provider takes under another name, e.g. {@code seed: 'random_seed'}:
 *                   the core renames them before checking {@code params}
 * @param sign       how the core signs each request after {@code request()}: null (not at all) or {@code aws-sigv4}
 *                   (AWS Signature V4; credentials and region from the deployment's aws_* params or the AWS SDK's chains)
 * @param service    the AWS signing name for {@code sign: 'aws-sigv4'}, e.g. {@code bedrock}
 * @param thoughtSignatures true if the provider reads the thought signatures its answers put in tool call ids and in a
 *                   message's provider_specific_fields ({@link ReasoningState}); every other provider gets messages without them
 * @param thinkingBlocks true if the provider reads an assistant message's {@code thinking_blocks} and
 *                   {@code reasoning_content} ({@link ReasoningState}); every other provider gets messages without them
 */
public record ProviderInfo(String apiBase, List<String> apiBaseEnv, String apiKeyEnv, StreamFormat stream,
                           Set<Endpoint> endpoints, Set<String> params, Map<String, String> renames, String sign, String service,
                           boolean thoughtSignatures, boolean thinkingBlocks) {

    public static final String AWS_SIGV4 = "aws-sigv4";

    private static final Set<String> KEYS = Set.of("apiBase", "apiBaseEnv", "apiKeyEnv", "stream", "endpoints", "params", "renames", "sign", "service", "thoughtSignatures", "thinkingBlocks");

    public static final ProviderInfo DEFAULT = new ProviderInfo(null, List.of(), null, StreamFormat.SSE, EnumSet.of(Endpoint.CHAT), Set.of(), Map.of(), null, null, false, false);

    /** Reads an {@code info(...)} map; unknown keys and values are errors, so typos show at load time. */
    public static ProviderInfo of(Map<String, Object> m) {
        for (String key : m.keySet())
            if (!KEYS.contains(key)) throw new IllegalArgumentException("info(): unknown key '" + key + "'; known keys: " + KEYS);
        String sign = str(m.get("sign")), service = str(m.get("service"));
        if (sign != null && !sign.equals(AWS_SIGV4)) throw new IllegalArgumentException("info(): sign must be '" + AWS_SIGV4 + "'; got '" + sign + "'");
        if (sign != null && service == null) throw new IllegalArgumentException("info(): sign: '" + AWS_SIGV4 + "' needs service: (the AWS signing name, e.g. 'bedrock')");
        return new ProviderInfo(str(m.get("apiBase")), List.copyOf(strings(m.get("apiBaseEnv"))), str(m.get("apiKeyEnv")),
                stream(m.getOrDefault("stream", "sse")), endpoints(m.get("endpoints")), strings(m.get("params")), renames(m.get("renames")),
                sign, service, Boolean.TRUE.equals(m.get("thoughtSignatures")), Boolean.TRUE.equals(m.get("thinkingBlocks")));
    }

    public boolean signsWithAws() {
        return AWS_SIGV4.equals(sign);
    }

    private static StreamFormat stream(Object value) {
        try {
            return StreamFormat.valueOf(String.valueOf(value).toUpperCase().replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("info(): stream must be one of sse, ndjson, aws-eventstream, none; got '" + value + "'");
        }
    }

    private static Set<Endpoint> endpoints(Object value) {
        if (value == null) return EnumSet.of(Endpoint.CHAT);
        Set<Endpoint> set = EnumSet.noneOf(Endpoint.class);
        for (String path : strings(value)) {
            set.add(Arrays.stream(Endpoint.values()).filter(e -> e.path.equals(path)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("info(): unknown endpoint '" + path + "'; known: "
                            + Arrays.stream(Endpoint.values()).map(e -> e.path).collect(Collectors.joining(", ")))));
        }
        return set;
    }

    private static Map<String, String> renames(Object value) {
        if (value == null) return Map.of();
        if (!(value instanceof Map<?, ?> m)) throw new IllegalArgumentException("info(): renames must be a map such as [seed: 'random_seed']; got '" + value + "'");
        Map<String, String> renames = new LinkedHashMap<>();
        m.forEach((from, to) -> renames.put(String.valueOf(from), String.valueOf(to)));
        return Map.copyOf(renames);
    }

    private static Set<String> strings(Object value) {
        if (value == null) return Set.of();
        Collection<?> items = value instanceof Collection<?> c ? c : List.of(value);
        return items.stream().map(String::valueOf).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static String str(Object value) {
        return value == null ? null : value.toString();
    }
}
