package dev.reflect.service.config;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Typed reading of the service settings. Every setting is an environment variable
 * ({@code REFLECT_PRODUCER_PORT}); a JVM system property of exactly the same name overrides it,
 * which is how tests and the in-process launcher set values without touching the environment.
 * A blank value counts as unset. Invalid values fail with a {@link ConfigException} naming the
 * variable and the rule.
 */
public final class Env {

    private final Map<String, String> values;

    private Env(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** The process environment, overridden by system properties of the same name. */
    public static Env system() {
        return of(System.getenv(), System.getProperties());
    }

    /** Exactly these values; for tests and for embedding. */
    public static Env of(Map<String, String> values) {
        return new Env(values);
    }

    /** {@code environment} overridden by the string-valued entries of {@code overrides}. */
    public static Env of(Map<String, String> environment, Properties overrides) {
        Map<String, String> merged = new TreeMap<>(environment);
        for (String name : overrides.stringPropertyNames()) {
            merged.put(name, overrides.getProperty(name));
        }
        return new Env(merged);
    }

    /** A copy of this with {@code overrides} taking precedence. */
    public Env with(Map<String, String> overrides) {
        Map<String, String> merged = new TreeMap<>(values);
        merged.putAll(overrides);
        return new Env(merged);
    }

    public Optional<String> optional(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public String string(String name, String defaultValue) {
        return optional(name).orElse(defaultValue);
    }

    public String required(String name, String hint) {
        return optional(name).orElseThrow(() -> new ConfigException(name + " is not set: " + hint));
    }

    public int integer(String name, int defaultValue, int min, int max) {
        long value = longValue(name, defaultValue, min, max);
        return (int) value;
    }

    public long longValue(String name, long defaultValue, long min, long max) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            long value = Long.parseLong(raw.get());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to the one message below
        }
        throw new ConfigException(name + " must be an integer between " + min + " and " + max);
    }

    /** A duration given in milliseconds, as the variable's {@code _MS} suffix says. */
    public Duration millis(String name, Duration defaultValue, Duration min, Duration max) {
        return Duration.ofMillis(longValue(name, defaultValue.toMillis(), min.toMillis(), max.toMillis()));
    }

    public boolean bool(String name, boolean defaultValue) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        return switch (raw.get().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new ConfigException(name + " must be true or false");
        };
    }

    /** Every set variable whose name starts with {@code prefix}, sorted by name. */
    public Map<String, String> withPrefix(String prefix) {
        Objects.requireNonNull(prefix);
        Map<String, String> found = new TreeMap<>();
        values.forEach((name, value) -> {
            if (name.startsWith(prefix) && !value.isBlank()) {
                found.put(name, value.trim());
            }
        });
        return found;
    }

    @Override
    public String toString() {
        // Values may be secrets; names are enough to debug which settings were seen.
        return "Env" + withPrefix("REFLECT_").keySet();
    }
}
