package dev.reflect.system.support;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.utils.internals.Exit;

/**
 * While open, a Kafka broker in this JVM that gives up (a failed log directory makes it call
 * {@code Exit.halt}, which would end the whole test JVM) only records that it asked to halt: the
 * calling broker thread gets an exception instead, and the test stops that broker itself, as a
 * supervisor sees a broker process die and the operator restarts it. Closing restores Kafka's own
 * procedures.
 */
public final class BrokerHalts implements AutoCloseable {

    private final AtomicInteger requested = new AtomicInteger();

    public BrokerHalts() {
        Exit.setHaltProcedure((status, message) -> {
            requested.incrementAndGet();
            throw new IllegalStateException("A broker asked to halt (status " + status + "); the test stops it");
        });
        Exit.setExitProcedure((status, message) -> {
            requested.incrementAndGet();
            throw new IllegalStateException("A broker asked to exit (status " + status + "); the test stops it");
        });
    }

    /** How many times a broker asked to halt or exit. */
    public int requested() {
        return requested.get();
    }

    @Override
    public void close() {
        Exit.resetHaltProcedure();
        Exit.resetExitProcedure();
    }
}
