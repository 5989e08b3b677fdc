package litellm.template;

import litellm.json.Json;
import litellm.error.LlmError;
import litellm.http.UpstreamRequest;
import litellm.http.UpstreamClient;
import litellm.script.UserFolders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * The {@code chat_template} of a model's {@code tokenizer_config.json} on the Hugging Face hub, with
 * its bos and eos tokens. Each one is fetched once, then read from a disk cache. When the hub cannot
 * be reached the caller falls back to the family templates; that is logged once, and the hub is
 * not asked again for a while so that requests do not wait for it.
 *
 * <p>Environment: {@code HF_HUB_BASE} (or the system property {@code litellm.hf_hub_base}; default
 * {@value #PUBLIC_HUB}; {@code off} disables the hub), {@code HUGGINGFACE_API_KEY} (sent as Bearer, for gated models).
 */
public final class HubChatTemplates {
    private static final Logger log = LoggerFactory.getLogger(HubChatTemplates.class);
    public static final String PUBLIC_HUB = "https://huggingface.co";
    private static final Pattern REPO_ID = Pattern.compile("[A-Za-z0-9][\\w.-]*/[\\w.-]+");
    private static final Duration RETRY_OFFLINE_AFTER = Duration.ofMinutes(5);
    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);

    /** A model's chat template and the tokens it uses. */
    public record Found(String template, String bos, String eos) {}

    private final String base;
    private final String token;
    private final Path cacheDir;
    private final UpstreamClient http = new UpstreamClient("litellm.java"); // the proxy's one HTTP client, started on first use
    private final Map<String, Optional<Found>> known = new ConcurrentHashMap<>();
    private final AtomicBoolean offlineLogged = new AtomicBoolean();
    private volatile long offlineUntil;

    /**
     * @param base     the hub's base URL, or null for no hub (then only the disk cache is read)
     * @param token    a Hugging Face token, or null
     * @param cacheDir where fetched templates are kept
     */
    public HubChatTemplates(String base, String token, Path cacheDir) {
        this.base = base == null ? null : base.replaceAll("/+$", "");
        this.token = token == null || token.isBlank() ? null : token;
        this.cacheDir = cacheDir;
    }

    /** From HF_HUB_BASE and HUGGINGFACE_API_KEY, cached in {@link UserFolders#chatTemplates()}; null when turned off. */
    public static HubChatTemplates fromEnvironment() {
        String base = System.getProperty("litellm.hf_hub_base", System.getenv("HF_HUB_BASE"));
        if (base == null || base.isBlank()) base = PUBLIC_HUB;
        if (base.equalsIgnoreCase("off")) return null;
        return new HubChatTemplates(base, System.getenv("HUGGINGFACE_API_KEY"),
                UserFolders.fromEnvironment().chatTemplates());
    }

    /** The model's chat template; empty when it has none, is no hub repository, or the hub cannot be reached. */
    public Optional<Found> find(String model) {
        if (model == null || !REPO_ID.matcher(model).matches()) return Optional.empty();
        Optional<Found> cached = known.get(model);
        if (cached != null) return cached;
        Path file = cacheDir.resolve("models--" + model.replace("/", "--") + ".json");
        Optional<Found> found = readCache(file);
        if (found == null) {
            found = fetch(model);
            if (found == null) return Optional.empty(); // offline: ask again once the hub is back
            writeCache(file, found);
        }
        known.put(model, found);
        return found;
    }

    private Optional<Found> fetch(String model) {
        if (base == null || System.currentTimeMillis() < offlineUntil) return null;
        Map<String, String> headers = new HashMap<>();
        if (token != null) headers.put("Authorization", "Bearer " + token);
        var request = new UpstreamRequest("GET", URI.create(base + "/" + model + "/resolve/main/tokenizer_config.json"), headers, null);
        try {
            UpstreamClient.Response r = http.send(request, null, FETCH_TIMEOUT);
            if (r.status() != 200) {
                log.debug("no tokenizer_config.json for {} on the hub (HTTP {})", model, r.status());
                return Optional.empty();
            }
            return Optional.ofNullable(parse(Json.parse(r.body())));
        } catch (LlmError | IOException e) { // LlmError: unreachable or too slow (502, 504); IOException: not JSON
            offlineUntil = System.currentTimeMillis() + RETRY_OFFLINE_AFTER.toMillis();
            if (offlineLogged.compareAndSet(false, true))
                log.info("the Hugging Face hub at {} cannot be reached ({}): using the built-in family prompt templates", base, e.getMessage());
            return null;
        }
    }

    /** The chat template of a tokenizer_config.json (a string, or named templates of which "default" is used). */
    static Found parse(Object config) {
        if (!(config instanceof Map<?, ?> m)) return null;
        Object t = m.get("chat_template");
        if (t instanceof List<?> named)
            t = named.stream().filter(x -> x instanceof Map<?, ?> n && "default".equals(n.get("name")))
                    .map(x -> ((Map<?, ?>) x).get("template")).findFirst().orElse(null);
        return t instanceof String s ? new Found(s, token(m.get("bos_token")), token(m.get("eos_token"))) : null;
    }

    /** A special token: a string, or an AddedToken object with its {@code content}. */
    private static String token(Object t) {
        if (t instanceof Map<?, ?> added) t = added.get("content");
        return t == null ? "" : t.toString();
    }

    /** The cached answer (possibly "no template"), or null when there is none on disk. */
    private static Optional<Found> readCache(Path file) {
        try {
            if (!Files.isRegularFile(file)) return null;
            return Optional.ofNullable(parse(Json.parse(Files.readAllBytes(file))));
        } catch (IOException e) {
            return null;
        }
    }

    private static void writeCache(Path file, Optional<Found> found) {
        Map<String, Object> config = new LinkedHashMap<>();
        found.ifPresent(f -> {
            config.put("chat_template", f.template());
            config.put("bos_token", f.bos());
            config.put("eos_token", f.eos());
        });
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "tokenizer_config", ".tmp");
            Files.write(tmp, Json.bytes(config));
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("cannot cache the chat template in {}: {}", file, e.getMessage());
        }
    }
}
