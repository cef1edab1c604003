package dev.reflect.simulator.ingest;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What became of the events the simulator sent. Every event ends in exactly one of accepted,
 * rejected or failed (failed: given up on after retries, or the service answered with an error
 * retrying cannot fix); until then it is in flight. Retries are counted per attempt.
 */
public final class Outcomes {

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong rateLimitedRetries = new AtomicLong();
    private final AtomicLong unavailableRetries = new AtomicLong();
    private final AtomicLong networkRetries = new AtomicLong();

    /** A consistent-enough copy for a status line or a test assertion. */
    public record Snapshot(
            long sent,
            long accepted,
            long rejected,
            long failed,
            long rateLimitedRetries,
            long unavailableRetries,
            long networkRetries) {

        public long inFlight() {
            return sent - accepted - rejected - failed;
        }
    }

    void sent(int events) {
        sent.addAndGet(events);
    }

    void accepted(int events) {
        accepted.addAndGet(events);
    }

    void rejected(int events) {
        rejected.addAndGet(events);
    }

    void failed(int events) {
        failed.addAndGet(events);
    }

    void rateLimitedRetry() {
        rateLimitedRetries.incrementAndGet();
    }

    void unavailableRetry() {
        unavailableRetries.incrementAndGet();
    }

    void networkRetry() {
        networkRetries.incrementAndGet();
    }

    public Snapshot snapshot() {
        return new Snapshot(
                sent.get(),
                accepted.get(),
                rejected.get(),
                failed.get(),
                rateLimitedRetries.get(),
                unavailableRetries.get(),
                networkRetries.get());
    }
}
