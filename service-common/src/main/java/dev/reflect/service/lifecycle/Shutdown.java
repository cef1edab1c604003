package dev.reflect.service.lifecycle;

import dev.reflect.service.log.SafeThrowables;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a service stops: its parts closed once, in the order they were added (the HTTP server
 * first, so no request arrives at a closing part; the metrics last, so the others can still
 * count), each failure logged by type alone and the rest still closed, then one line saying the
 * service stopped. Both services stop this way; {@link #run()} is idempotent, so {@code stop()}
 * and {@code close()} can both call it.
 */
public final class Shutdown {

    private static final Logger log = LoggerFactory.getLogger(Shutdown.class);

    private final String service;
    private final List<AutoCloseable> steps = new ArrayList<>();
    private final AtomicBoolean done = new AtomicBoolean();

    /** {@code service} names the service in the last log line: "{service} stopped". */
    public Shutdown(String service) {
        this.service = service;
    }

    /** Adds a part to close after those added before it. */
    public synchronized Shutdown then(AutoCloseable step) {
        steps.add(step);
        return this;
    }

    /** Closes every part once, in order; a second call does nothing. */
    public void run() {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        List<AutoCloseable> ordered;
        synchronized (this) {
            ordered = List.copyOf(steps);
        }
        closeAll(ordered);
        log.info("{} stopped", service);
    }

    /**
     * Closes {@code parts} in order, logging (by type, never by message, which may hold user data)
     * any that fails and going on with the rest. For a service whose assembly failed half-way.
     */
    public static void closeAll(List<? extends AutoCloseable> parts) {
        for (AutoCloseable part : parts) {
            try {
                part.close();
            } catch (Exception e) {
                log.warn("Closing {} failed: {}", part.getClass().getSimpleName(), SafeThrowables.describe(e));
            }
        }
    }
}
