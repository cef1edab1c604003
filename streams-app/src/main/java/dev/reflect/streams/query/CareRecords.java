package dev.reflect.streams.query;

import dev.reflect.events.AuditRecord;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the query service writes about the care team (contract section 8): audit records of reads
 * by others, on {@code reflect.audit.v1}, and a clinician's "alerts seen", on
 * {@code reflect.sharing.v1}. Each future completes once Kafka has the record, or fails.
 */
public interface CareRecords {

    CompletableFuture<Void> audit(List<AuditRecord> records);

    CompletableFuture<Void> alertsSeen(String userId, String clinicianId);
}
