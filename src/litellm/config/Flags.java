package litellm.config;

import java.time.Duration;
import java.util.Map;

/**
 * The command line's settings as one more source of settings: each flag given, by its name without the dashes
 * ({@code request_timeout}, {@code drop_params}...), with picocli's typed value. A flag not given (or a switch
 * left off) is absent, so that the next source speaks.
 */
public record Flags(Map<String, Object> given) {
    public static final Flags NONE = new Flags(Map.of());

    public Flags {
        given = Map.copyOf(given);
    }

    public static Flags of(Map<String, Object> given) {
        return new Flags(given);
    }

    Double number(String name) {
        return given.get(name) instanceof Number n ? n.doubleValue() : null;
    }

    Integer integer(String name) {
        return given.get(name) instanceof Number n ? n.intValue() : null;
    }

    /** True when the switch was given, else null (never false: a switch left off says nothing). */
    Boolean bool(String name) {
        return Boolean.TRUE.equals(given.get(name)) ? true : null;
    }

    String string(String name) {
        return (String) given.get(name);
    }

    Duration seconds(String name) {
        Double seconds = number(name);
        return seconds == null ? null : Duration.ofMillis((long) (seconds * 1000));
    }
}
