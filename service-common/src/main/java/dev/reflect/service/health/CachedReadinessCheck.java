package dev.reflect.service.health;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Remembers a check's answer for a short time, so that frequent probes (several load balancers,
 * a tight Kubernetes period) cost the dependency one check per interval. Probes that arrive
 * while a check runs wait for it instead of starting their own.
 */
public final class CachedReadinessCheck implements ReadinessCheck {

    private final ReadinessCheck delegate;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private long checkedAt;
    private boolean ready;
    private boolean checked;

    public CachedReadinessCheck(ReadinessCheck delegate, Duration ttl) {
        this(delegate, ttl, System::nanoTime);
    }

    CachedReadinessCheck(ReadinessCheck delegate, Duration ttl, LongSupplier nanoTime) {
        this.delegate = delegate;
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    @Override
    public synchronized boolean isReady() {
        long now = nanoTime.getAsLong();
        if (!checked || now - checkedAt >= ttlNanos) {
            ready = delegate.isReady();
            checkedAt = nanoTime.getAsLong();
            checked = true;
        }
        return ready;
    }
}
