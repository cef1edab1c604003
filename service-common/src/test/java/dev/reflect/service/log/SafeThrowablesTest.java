package dev.reflect.service.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class SafeThrowablesTest {

    @Test
    void describesClassesAndFramesButNoMessages() {
        Exception e = new IllegalStateException(
                "note: I checked their phone",
                new UncheckedIOException("journal text", new java.io.IOException("more text")));

        String described = SafeThrowables.describe(e);

        assertThat(described)
                .startsWith("java.lang.IllegalStateException at ")
                .contains("caused by java.io.UncheckedIOException")
                .contains("caused by java.io.IOException")
                .contains("SafeThrowablesTest")
                .doesNotContain("phone")
                .doesNotContain("journal")
                .doesNotContain("more text");
    }
}
