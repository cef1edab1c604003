package dev.reflect.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class against the JVM's shared Kafka cluster: shorthand for
 * {@code @ExtendWith(EmbeddedKafkaExtension.class)}. Declare a {@link KafkaCluster} field or
 * parameter to receive it.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(EmbeddedKafkaExtension.class)
public @interface WithKafka {}
