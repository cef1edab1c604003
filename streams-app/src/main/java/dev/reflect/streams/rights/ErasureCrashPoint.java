package dev.reflect.streams.rights;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For tests only, off unless the JVM is started with {@code -D}{@value #PROPERTY}{@code =<point>}:
 * a crash at a named point of an erasure. On reaching the armed point the JVM halts at once
 * ({@link Runtime#halt}: no shutdown hook, no commit, no flushed store, as SIGKILL or the OOM killer
 * would end it) with exit status {@value #HALT_STATUS}, so a test knows the crash came from here.
 * {@code ErasureCrashIT} starts the streams app as a child JVM with a point armed, to show that an
 * erasure interrupted there completes after a restart (contract section 9). Nothing in production
 * sets the property; an unknown value arms nothing and is logged.
 */
public enum ErasureCrashPoint {
    /**
     * In either pass of an erasure, after the first {@link ErasureStep} deleted its part and before
     * the other steps ran.
     */
    AFTER_FIRST_STEP,
    /** In the second pass, after the keys were swept again and every step ran, just before the proof. */
    BEFORE_PROOF;

    public static final String PROPERTY = "reflect.test.erasure-crash-point";

    /** The halted JVM's exit status; not one the app or the JVM uses otherwise. */
    public static final int HALT_STATUS = 87;

    private static final Logger LOG = LoggerFactory.getLogger(ErasureCrashPoint.class);

    private static final Optional<ErasureCrashPoint> ARMED = armed(System.getProperty(PROPERTY));

    /** The JVM halts here when this point is the armed one; does nothing otherwise. */
    void reached() {
        if (ARMED.isPresent() && ARMED.get() == this) {
            LOG.error("Halting the JVM at the armed erasure crash point {} (test only)", this);
            Runtime.getRuntime().halt(HALT_STATUS);
        }
    }

    /** The point {@code value} names (any case), if any: the property's value, read once. */
    static Optional<ErasureCrashPoint> armed(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Optional<ErasureCrashPoint> point = Arrays.stream(values())
                .filter(candidate -> candidate.name().equals(value.trim().toUpperCase(Locale.ROOT)))
                .findFirst();
        if (point.isPresent()) {
            LOG.warn(
                    "Erasure crash point {} is armed ({}): this JVM halts when an erasure reaches it",
                    point.get(),
                    PROPERTY);
        } else {
            LOG.warn("{} names no erasure crash point; none is armed", PROPERTY);
        }
        return point;
    }
}
