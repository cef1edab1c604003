package dev.reflect.testkit;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** Where the shared cluster comes from, chosen by {@value #PROPERTY}. */
enum KafkaMode {
    /** An in-JVM broker; needs nothing but the classpath. The default. */
    EMBEDDED,
    /** The {@code apache/kafka} image through Testcontainers; needs a Docker engine. */
    TESTCONTAINERS;

    static final String PROPERTY = "reflect.it.kafka";

    static KafkaMode from(Optional<String> value) {
        if (value.isEmpty() || value.get().isBlank()) {
            return EMBEDDED;
        }
        String name = value.get().trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(mode -> mode.name().equals(name))
                .findFirst()
                // A typo must not quietly fall back to the embedded broker and hide a misconfigured CI job.
                .orElseThrow(() -> new ExtensionConfigurationException(PROPERTY + " must be one of: " + allowed()));
    }

    private static String allowed() {
        return Arrays.stream(values())
                .map(mode -> mode.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }
}
