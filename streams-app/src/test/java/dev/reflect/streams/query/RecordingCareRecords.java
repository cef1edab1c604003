package dev.reflect.streams.query;

import dev.reflect.events.AuditRecord;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@link CareRecords} that keeps what it was given, and can be told to fail like a Kafka that is down. */
final class RecordingCareRecords implements CareRecords {

    /** A clinician marked a person's alerts seen. */
    record Seen(String userId, String clinicianId) {}

    final Queue<AuditRecord> audited = new ConcurrentLinkedQueue<>();
    final Queue<Seen> seen = new ConcurrentLinkedQueue<>();
    final AtomicBoolean failing = new AtomicBoolean();

    @Override
    public CompletableFuture<Void> audit(List<AuditRecord> records) {
        if (failing.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException("Kafka is down"));
        }
        audited.addAll(records);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> alertsSeen(String userId, String clinicianId) {
        if (failing.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException("Kafka is down"));
        }
        seen.add(new Seen(userId, clinicianId));
        return CompletableFuture.completedFuture(null);
    }
}
