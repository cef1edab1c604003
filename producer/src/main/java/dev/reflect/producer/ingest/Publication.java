package dev.reflect.producer.ingest;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The records of one request, written as a unit: {@link #completion()} succeeds once every one
 * is acknowledged and fails at the first failure. A caller that stops waiting completes it
 * exceptionally itself, which tells the publisher not to send what it has not sent yet.
 *
 * <p>One countdown per request rather than one future per record: with 500 records a request,
 * a future, its dependants and an {@code allOf} per record cost more than the Kafka send.
 */
public final class Publication {

    private final int records;
    private final AtomicInteger acknowledged = new AtomicInteger();
    private final CompletableFuture<Void> completion = new CompletableFuture<>();

    public Publication(int records) {
        this.records = records;
        if (records == 0) {
            completion.complete(null);
        }
    }

    public int records() {
        return records;
    }

    /** Called once per record, from any thread, when the write of that record has settled. */
    public void settled(Throwable failure) {
        if (failure != null) {
            completion.completeExceptionally(failure);
        } else if (acknowledged.incrementAndGet() == records) {
            completion.complete(null);
        }
    }

    public CompletableFuture<Void> completion() {
        return completion;
    }

    /** Whether the outcome is decided (all acknowledged, failed, or given up), so sending more is pointless. */
    public boolean isDone() {
        return completion.isDone();
    }

    /**
     * Records acknowledged so far. Read after {@link #completion()} has settled; an
     * acknowledgement arriving after a give-up still raises it, so callers read it once.
     */
    public int acknowledged() {
        return acknowledged.get();
    }
}
