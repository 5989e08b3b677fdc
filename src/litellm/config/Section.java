package litellm.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One mapping of a config (litellm_settings, router_settings, a model_list entry...), read key by key. It
 * remembers which keys were read, so that {@link #done} finds the unknown ones: there is no list of known keys
 * to keep beside the code that reads them. Each getter returns null when its key is not given.
 */
final class Section {
    private static final Logger log = LoggerFactory.getLogger(Section.class);
    static final String ENV_PREFIX = "os.environ/";

    private final YamlValue mapping;
    private final Map<String, YamlValue> entries;
    private final Function<String, String> env;
    private final Set<String> read = new HashSet<>();

    private Section(YamlValue mapping, Map<String, YamlValue> entries, Function<String, String> env) {
        this.mapping = mapping;
        this.entries = entries;
        this.env = env;
    }

    /** @param value a mapping, or null (or YAML's null) for a section not given: then every getter returns null */
    static Section of(YamlValue value, Function<String, String> env) throws ConfigError {
        if (value == null || value.isNull()) return new Section(null, Map.of(), env);
        return new Section(value, value.mapping(), env);
    }

    static Section none() {
        return new Section(null, Map.of(), name -> null);
    }

    /** The value as written (YAML's null included), or null when not given. */
    YamlValue value(String key) {
        read.add(key);
        return entries.get(key);
    }

    boolean has(String key) {
        return value(key) != null;
    }

    Boolean bool(String key) throws ConfigError {
        YamlValue v = value(key);
        return v == null ? null : v.bool();
    }

    Integer integer(String key) throws ConfigError {
        YamlValue v = value(key);
        return v == null ? null : v.integer();
    }

    String string(String key) throws ConfigError {
        YamlValue v = value(key);
        return v == null ? null : v.string();
    }

    /** A string that may be {@code os.environ/NAME}; null when not given or empty. */
    String secret(String key) throws ConfigError {
        YamlValue v = value(key);
        return v == null || v.isNull() ? null : (String) resolveEnv(v, v.string(), env);
    }

    /** Any number of seconds, as LiteLLM takes cooldown_time and retry_after. */
    Duration duration(String key) throws ConfigError {
        YamlValue v = value(key);
        return v == null ? null : Duration.ofMillis((long) (v.number() * 1000));
    }

    /** A positive number of seconds (a timeout, a ttl). */
    Duration seconds(String key) throws ConfigError {
        Double d = positive(key, "a positive number of seconds");
        return d == null ? null : Duration.ofMillis((long) (d * 1000));
    }

    Double positive(String key, String expected) throws ConfigError {
        YamlValue v = value(key);
        if (v == null) return null;
        double d = v.number();
        if (d <= 0) throw v.error("expected " + expected);
        return d;
    }

    /** A list of names; null when not given or empty. */
    List<String> names(String key) throws ConfigError {
        YamlValue v = value(key);
        return v == null || v.isNull() ? null : names(v);
    }

    static List<String> names(YamlValue value) throws ConfigError {
        List<String> names = new ArrayList<>();
        for (YamlValue name : value.sequence()) names.add(name.string());
        return List.copyOf(names);
    }

    /** An error about the whole section, at its start (or naming no place when the section is not in the config). */
    ConfigError error(String message) {
        return mapping == null ? new ConfigError(message) : mapping.error(message);
    }

    /**
     * Called once everything was read: a key nothing read is an error at its own line and column, but for the
     * keys accepted so that existing configs load, with no effect here (each said once in the log).
     */
    void done(String... acceptedWithNoEffect) throws ConfigError {
        Set<String> noEffect = Set.of(acceptedWithNoEffect);
        for (String key : entries.keySet()) {
            if (noEffect.contains(key)) log.warn("{}.{} is accepted but has no effect in litellm.java", mapping.path(), key);
            else if (!read.contains(key)) {
                Set<String> known = new HashSet<>(read);
                known.addAll(noEffect);
                throw mapping.unknownKey(key, known);
            }
        }
    }

    /** {@code os.environ/NAME} anywhere in a value becomes the variable's value; a missing one is an error naming it. */
    @SuppressWarnings("unchecked")
    static Object resolveEnv(YamlValue at, Object value, Function<String, String> env) throws ConfigError {
        if (value instanceof String s && s.startsWith(ENV_PREFIX)) {
            String name = s.substring(ENV_PREFIX.length());
            String resolved = env.apply(name);
            if (resolved == null) throw at.error("the environment variable " + name + " (from " + s + ") is not set");
            return resolved;
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            for (var e : ((Map<String, Object>) m).entrySet()) out.put(e.getKey(), resolveEnv(at, e.getValue(), env));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) out.add(resolveEnv(at, o, env));
            return out;
        }
        return value;
    }
}
