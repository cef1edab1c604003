package dev.reflect.service.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.CommonClientConfigs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one base Kafka client configuration that the producer, Streams and admin clients all start
 * from; each app then overrides only what it must with {@link #configure(Map)}.
 *
 * <p>Sources, later ones winning:
 * <ol>
 *   <li>{@code REFLECT_KAFKA_CONFIG_FILE}: a {@code .properties} file of Kafka client settings;</li>
 *   <li>any {@code REFLECT_KAFKA_<NAME>} variable becomes the Kafka setting {@code <name>}
 *       lowercased with {@code _} turned into {@code .} ({@code REFLECT_KAFKA_SASL_JAAS_CONFIG}
 *       → {@code sasl.jaas.config}), except the {@link #RESERVED_VARIABLES} the apps read
 *       themselves;</li>
 *   <li>{@code REFLECT_BOOTSTRAP_SERVERS}; when no source names the bootstrap servers,
 *       {@value #DEFAULT_BOOTSTRAP_SERVERS};</li>
 *   <li>the app's own settings passed to {@link #configure(Map)} (for example the producer's
 *       {@code acks=all}): these are what the app's guarantees rest on, so they cannot be
 *       weakened from outside; a clash is logged by setting name.</li>
 * </ol>
 * Values are never logged: they include credentials.
 */
public final class KafkaClientConfig {

    public static final String BOOTSTRAP_SERVERS_VARIABLE = "REFLECT_BOOTSTRAP_SERVERS";
    public static final String CONFIG_FILE_VARIABLE = "REFLECT_KAFKA_CONFIG_FILE";
    public static final String PASS_THROUGH_PREFIX = "REFLECT_KAFKA_";
    public static final String DEFAULT_BOOTSTRAP_SERVERS = "127.0.0.1:9092";

    /**
     * {@code REFLECT_KAFKA_*} variables that are app settings, not Kafka client settings: the
     * config file itself, the ingest write bound, and the local run's broker port and data dir.
     */
    public static final Set<String> RESERVED_VARIABLES = Set.of(
            CONFIG_FILE_VARIABLE,
            "REFLECT_KAFKA_WRITE_TIMEOUT_MS",
            "REFLECT_KAFKA_PORT",
            "REFLECT_KAFKA_CONTROLLER_PORT",
            "REFLECT_KAFKA_DATA_DIR");

    private static final Logger log = LoggerFactory.getLogger(KafkaClientConfig.class);

    private final Map<String, Object> base;

    private KafkaClientConfig(Map<String, Object> base) {
        this.base = Collections.unmodifiableMap(new TreeMap<>(base));
    }

    /** Reads the sources listed in the class comment from {@code env}. */
    public static KafkaClientConfig from(Env env) {
        Map<String, Object> settings = new TreeMap<>();
        env.optional(CONFIG_FILE_VARIABLE).ifPresent(file -> settings.putAll(load(Path.of(file))));
        env.withPrefix(PASS_THROUGH_PREFIX).forEach((name, value) -> {
            if (!RESERVED_VARIABLES.contains(name)) {
                settings.put(kafkaName(name), value);
            }
        });
        env.optional(BOOTSTRAP_SERVERS_VARIABLE)
                .ifPresent(servers -> settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, servers));
        settings.putIfAbsent(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, DEFAULT_BOOTSTRAP_SERVERS);
        return new KafkaClientConfig(settings);
    }

    /** Just these bootstrap servers and nothing else; for tests and the local run. */
    public static KafkaClientConfig forBootstrapServers(String bootstrapServers) {
        return new KafkaClientConfig(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** {@code REFLECT_KAFKA_SASL_JAAS_CONFIG} → {@code sasl.jaas.config}. */
    static String kafkaName(String variable) {
        return variable.substring(PASS_THROUGH_PREFIX.length())
                .toLowerCase(Locale.ROOT)
                .replace('_', '.');
    }

    public String bootstrapServers() {
        return String.valueOf(base.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
    }

    /** The shared settings without any app's own; read-only. */
    public Map<String, Object> base() {
        return base;
    }

    /** A new mutable map: the shared settings with {@code appSettings} on top. */
    public Map<String, Object> configure(Map<String, ?> appSettings) {
        Set<String> clashes = new TreeSet<>();
        for (String key : appSettings.keySet()) {
            if (base.containsKey(key) && !String.valueOf(base.get(key)).equals(String.valueOf(appSettings.get(key)))) {
                clashes.add(key);
            }
        }
        if (!clashes.isEmpty()) {
            log.warn(
                    "Kafka settings {} from the environment are overridden by the app, which depends on its own values",
                    clashes);
        }
        Map<String, Object> merged = new TreeMap<>(base);
        merged.putAll(appSettings);
        return merged;
    }

    /** {@link #configure(Map)} as {@link Properties}, for the APIs that want them (Kafka Streams). */
    public Properties properties(Map<String, ?> appSettings) {
        Properties properties = new Properties();
        properties.putAll(configure(appSettings));
        return properties;
    }

    /** A copy with different bootstrap servers and everything else kept. */
    public KafkaClientConfig withBootstrapServers(String bootstrapServers) {
        Map<String, Object> copy = new TreeMap<>(base);
        copy.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return new KafkaClientConfig(copy);
    }

    private static Map<String, Object> load(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(CONFIG_FILE_VARIABLE + " must name a readable .properties file", e);
        }
        Map<String, Object> settings = new TreeMap<>();
        properties.stringPropertyNames().forEach(name -> settings.put(name, properties.getProperty(name)));
        return settings;
    }

    @Override
    public String toString() {
        return "KafkaClientConfig" + base.keySet();
    }
}
